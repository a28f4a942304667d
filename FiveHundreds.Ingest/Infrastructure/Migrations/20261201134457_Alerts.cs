using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_destinations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    protected_settings = table.Column<string>(type: "text", nullable: false),
                    hint = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_destinations", x => x.id);
                    table.CheckConstraint("ck_alert_destinations_channel", "channel IN ('email', 'webhook', 'slack', 'teams', 'discord')");
                    table.ForeignKey(
                        name: "fk_alert_destinations_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_intents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    rule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_intents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alert_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    minimum_level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    environment = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    text_contains = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    frequency_count = table.Column<int>(type: "integer", nullable: true),
                    frequency_window_minutes = table.Column<int>(type: "integer", nullable: true),
                    quiet_period_minutes = table.Column<int>(type: "integer", nullable: false, defaultValue: 30),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    destination_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_rules", x => x.id);
                    table.CheckConstraint("ck_alert_rules_frequency", "trigger <> 'frequency' OR (frequency_count > 0 AND frequency_window_minutes > 0)");
                    table.CheckConstraint("ck_alert_rules_quiet_period", "quiet_period_minutes >= 0");
                    table.CheckConstraint("ck_alert_rules_trigger", "trigger IN ('new_issue', 'regression', 'frequency')");
                    table.ForeignKey(
                        name: "fk_alert_rules_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    destination_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issue_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_test = table.Column<bool>(type: "boolean", nullable: false),
                    trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    held_back_events = table.Column<long>(type: "bigint", nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_deliveries", x => x.id);
                    table.CheckConstraint("ck_alert_deliveries_state", "state IN ('pending', 'retrying', 'sent', 'failed')");
                    table.CheckConstraint("ck_alert_deliveries_trigger", "trigger IN ('new_issue', 'regression', 'frequency')");
                    table.ForeignKey(
                        name: "fk_alert_deliveries_alert_destinations_destination_id",
                        column: x => x.destination_id,
                        principalTable: "alert_destinations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alert_deliveries_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alert_deliveries_issues_issue_id",
                        column: x => x.issue_id,
                        principalTable: "issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alert_deliveries_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_issue_states",
                columns: table => new
                {
                    rule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    held_back_events = table.Column<long>(type: "bigint", nullable: false),
                    window_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    window_events = table.Column<long>(type: "bigint", nullable: false),
                    window_fired = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_issue_states", x => new { x.rule_id, x.issue_id });
                    table.ForeignKey(
                        name: "fk_alert_issue_states_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alert_issue_states_issues_issue_id",
                        column: x => x.issue_id,
                        principalTable: "issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_destination_id_created_at",
                table: "alert_deliveries",
                columns: new[] { "destination_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_issue_id",
                table: "alert_deliveries",
                column: "issue_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_next_attempt_at",
                table: "alert_deliveries",
                column: "next_attempt_at",
                filter: "state IN ('pending', 'retrying')");

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_project_id",
                table: "alert_deliveries",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_deliveries_rule_id_created_at",
                table: "alert_deliveries",
                columns: new[] { "rule_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_destinations_project_id",
                table: "alert_destinations",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_issue_states_issue_id",
                table: "alert_issue_states",
                column: "issue_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_rules_project_id",
                table: "alert_rules",
                column: "project_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_deliveries");

            migrationBuilder.DropTable(
                name: "alert_intents");

            migrationBuilder.DropTable(
                name: "alert_issue_states");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "alert_destinations");

            migrationBuilder.DropTable(
                name: "alert_rules");
        }
    }
}
