using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <summary>
    /// Storage counters that retention can keep true: each event's counted size (stored_bytes), the counts per
    /// project and day of arrival (one day is one partition, so dropping it takes its day off without reading it),
    /// and the oldest kept event by arrival. The counters are filled again from the events already stored, each
    /// counted as its stored row's size, the size retention takes off for an event without stored_bytes.
    /// </summary>
    public partial class ProjectStorageDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "stored_bytes",
                table: "events",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "project_storage_days",
                columns: table => new
                {
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    events = table.Column<long>(type: "bigint", nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_storage_days", x => new { x.project_id, x.day });
                    table.ForeignKey(
                        name: "fk_project_storage_days_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql("""
                INSERT INTO project_storage_days (project_id, day, events, bytes)
                SELECT project_id, (received_at AT TIME ZONE 'UTC')::date, count(*), sum(pg_column_size(e.*))
                FROM events e GROUP BY 1, 2;

                DELETE FROM project_storage;
                INSERT INTO project_storage (project_id, events, bytes, oldest_event_at)
                SELECT d.project_id, sum(d.events), sum(d.bytes),
                       (SELECT min(e.received_at) FROM events e WHERE e.project_id = d.project_id)
                FROM project_storage_days d GROUP BY d.project_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "project_storage_days");

            migrationBuilder.DropColumn(
                name: "stored_bytes",
                table: "events");
        }
    }
}
