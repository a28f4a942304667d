using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <summary>
    /// Daily quotas per project, drops counted per reason (the rate-limit drops counted so far move over as
    /// "rate_limited"), the storage counters the intake keeps, filled from the events already stored, and the
    /// storage-full alert trigger.
    /// </summary>
    public partial class ProjectQuotasAndStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "events_per_day_quota",
                table: "projects",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "stored_bytes_per_day_quota",
                table: "projects",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "project_daily_drops",
                columns: table => new
                {
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_daily_drops", x => new { x.project_id, x.day, x.reason });
                    table.ForeignKey(
                        name: "fk_project_daily_drops_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_storage",
                columns: table => new
                {
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    events = table.Column<long>(type: "bigint", nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false),
                    oldest_event_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_storage", x => x.project_id);
                    table.ForeignKey(
                        name: "fk_project_storage_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql("""
                INSERT INTO project_daily_drops (project_id, day, reason, count)
                SELECT project_id, day, 'rate_limited', dropped FROM project_daily_stats WHERE dropped > 0;
                INSERT INTO project_storage (project_id, events, bytes, oldest_event_at)
                SELECT project_id, count(*), sum(pg_column_size(e.*)), min(occurred_at) FROM events e GROUP BY project_id;
                """);

            migrationBuilder.DropColumn(
                name: "dropped",
                table: "project_daily_stats");

            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules");

            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules",
                sql: "trigger IN ('new_issue', 'regression', 'frequency', 'storage_full')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries",
                sql: "trigger IN ('new_issue', 'regression', 'frequency', 'storage_full')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules");

            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules",
                sql: "trigger IN ('new_issue', 'regression', 'frequency')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries",
                sql: "trigger IN ('new_issue', 'regression', 'frequency')");

            migrationBuilder.AddColumn<long>(
                name: "dropped",
                table: "project_daily_stats",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql("""
                UPDATE project_daily_stats s SET dropped = d.count
                FROM project_daily_drops d
                WHERE d.project_id = s.project_id AND d.day = s.day AND d.reason = 'rate_limited';
                """);

            migrationBuilder.DropTable(
                name: "project_daily_drops");

            migrationBuilder.DropTable(
                name: "project_storage");

            migrationBuilder.DropColumn(
                name: "events_per_day_quota",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "stored_bytes_per_day_quota",
                table: "projects");
        }
    }
}
