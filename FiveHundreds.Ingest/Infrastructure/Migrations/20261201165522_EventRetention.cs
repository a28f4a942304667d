using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EventRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "capped_at_event_count",
                table: "issues",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "retention_days",
                table: "projects",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "event_keys",
                columns: table => new
                {
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_keys", x => new { x.project_id, x.event_id });
                    table.ForeignKey(
                        name: "fk_event_keys_issues_issue_id",
                        column: x => x.issue_id,
                        principalTable: "issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_keys_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "issue_daily_counts",
                columns: table => new
                {
                    issue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issue_daily_counts", x => new { x.issue_id, x.day });
                    table.ForeignKey(
                        name: "fk_issue_daily_counts_issues_issue_id",
                        column: x => x.issue_id,
                        principalTable: "issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_keys_issue_id",
                table: "event_keys",
                column: "issue_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_keys_received_at",
                table: "event_keys",
                column: "received_at");

            // EF Core cannot declare a partitioned table: the events move into one by hand, in this transaction, so
            // a failure leaves the old table as it was. It copies every row once (time and free disk space in
            // proportion to the events kept); the old table's unique (project_id, event_id) becomes event_keys.
            migrationBuilder.Sql("""
                ALTER TABLE events RENAME TO events_unpartitioned;
                ALTER INDEX pk_events RENAME TO pk_events_unpartitioned;
                ALTER INDEX ix_events_issue_id_occurred_at_id RENAME TO ix_events_unpartitioned_issue_id_occurred_at_id;
                ALTER INDEX ix_events_project_id_event_id RENAME TO ix_events_unpartitioned_project_id_event_id;

                CREATE TABLE events (
                    id uuid NOT NULL,
                    issue_id uuid NOT NULL,
                    project_id uuid NOT NULL,
                    event_id uuid NOT NULL,
                    occurred_at timestamp with time zone NOT NULL,
                    received_at timestamp with time zone NOT NULL,
                    platform text,
                    level character varying(32) NOT NULL,
                    message text,
                    release text,
                    server_name text,
                    sdk jsonb,
                    exception jsonb,
                    request jsonb,
                    environment jsonb,
                    tags jsonb,
                    extra jsonb,
                    CONSTRAINT pk_events PRIMARY KEY (id, received_at),
                    CONSTRAINT fk_events_issues_issue_id FOREIGN KEY (issue_id) REFERENCES issues (id) ON DELETE CASCADE,
                    CONSTRAINT fk_events_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
                ) PARTITION BY RANGE (received_at);
                CREATE INDEX ix_events_issue_id_occurred_at_id ON events (issue_id, occurred_at DESC, id DESC);
                CREATE INDEX ix_events_project_id_received_at ON events (project_id, received_at);

                -- One partition per UTC day, named events_pYYYYMMDD; days that have one already are skipped. Both
                -- this migration and the ingest's partition maintenance create them through this function only.
                CREATE FUNCTION create_event_partitions(first_day date, last_day date) RETURNS integer
                LANGUAGE plpgsql AS $$
                DECLARE
                    partition_day date;
                    created integer := 0;
                BEGIN
                    FOR partition_day IN SELECT d::date FROM generate_series(first_day, last_day, interval '1 day') AS d LOOP
                        IF to_regclass('events_p' || to_char(partition_day, 'YYYYMMDD')) IS NULL THEN
                            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                                'events_p' || to_char(partition_day, 'YYYYMMDD'),
                                partition_day::timestamp AT TIME ZONE 'UTC', (partition_day + 1)::timestamp AT TIME ZONE 'UTC');
                            created := created + 1;
                        END IF;
                    END LOOP;
                    RETURN created;
                END
                $$;

                -- Only the days that hold events, plus today and tomorrow: an old database's quiet months get no
                -- empty partitions. The ingest creates the days further ahead when it starts.
                SELECT create_event_partitions(day, day)
                FROM (SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date AS day FROM events_unpartitioned ORDER BY 1) AS days;
                SELECT create_event_partitions((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + 1);

                INSERT INTO events (id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, message,
                                    release, server_name, sdk, exception, request, environment, tags, extra)
                SELECT id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, message,
                       release, server_name, sdk, exception, request, environment, tags, extra
                FROM events_unpartitioned;

                INSERT INTO event_keys (project_id, event_id, issue_id, received_at)
                SELECT project_id, event_id, issue_id, received_at FROM events_unpartitioned;

                INSERT INTO issue_daily_counts (issue_id, day, count)
                SELECT issue_id, (hour AT TIME ZONE 'UTC')::date, sum(count) FROM issue_hourly_counts GROUP BY 1, 2;

                DROP TABLE events_unpartitioned;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one plain table; event_keys' uniqueness carries over to the restored unique index.
            migrationBuilder.Sql("""
                CREATE TABLE events_plain (LIKE events INCLUDING DEFAULTS);
                INSERT INTO events_plain SELECT * FROM events;
                DROP TABLE events;
                DROP FUNCTION create_event_partitions(date, date);
                ALTER TABLE events_plain RENAME TO events;
                ALTER TABLE events ADD CONSTRAINT pk_events PRIMARY KEY (id);
                ALTER TABLE events ADD CONSTRAINT fk_events_issues_issue_id FOREIGN KEY (issue_id) REFERENCES issues (id) ON DELETE CASCADE;
                ALTER TABLE events ADD CONSTRAINT fk_events_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
                CREATE INDEX ix_events_issue_id_occurred_at_id ON events (issue_id, occurred_at DESC, id DESC);
                CREATE UNIQUE INDEX ix_events_project_id_event_id ON events (project_id, event_id);
                """);

            migrationBuilder.DropTable(
                name: "event_keys");

            migrationBuilder.DropTable(
                name: "issue_daily_counts");

            migrationBuilder.DropColumn(
                name: "retention_days",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "capped_at_event_count",
                table: "issues");
        }
    }
}
