using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class IgnoreAndResolveInNextRelease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_issues_status",
                table: "issues");

            migrationBuilder.DropCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities");

            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules");

            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries");

            migrationBuilder.AddColumn<long>(
                name: "ignore_more_events",
                table: "issues",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ignore_more_users",
                table: "issues",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ignore_until",
                table: "issues",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ignored_at",
                table: "issues",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ignored_at_event_count",
                table: "issues",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ignored_at_users_affected",
                table: "issues",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "resolved_after_release",
                table: "issues",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "returned_from_ignore_at",
                table: "issues",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "project_releases",
                columns: table => new
                {
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    first_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_releases", x => new { x.project_id, x.version });
                    table.ForeignKey(
                        name: "fk_project_releases_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_issues_ignore_until",
                table: "issues",
                column: "ignore_until",
                filter: "status = 'ignored' AND ignore_until IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issues_status",
                table: "issues",
                sql: "status IN ('unresolved', 'resolved', 'ignored')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities",
                sql: "kind IN ('created', 'regressed', 'resolved', 'reopened', 'ticket_created', 'comment', 'ignored', 'resolved_in_next_release', 'returned_from_ignore')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules",
                sql: "trigger IN ('new_issue', 'regression', 'frequency', 'storage_full', 'returned_from_ignore')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries",
                sql: "trigger IN ('new_issue', 'regression', 'frequency', 'storage_full', 'returned_from_ignore')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "project_releases");

            migrationBuilder.DropIndex(
                name: "ix_issues_ignore_until",
                table: "issues");

            migrationBuilder.DropCheckConstraint(
                name: "ck_issues_status",
                table: "issues");

            migrationBuilder.DropCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities");

            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules");

            migrationBuilder.DropCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries");

            migrationBuilder.DropColumn(
                name: "ignore_more_events",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "ignore_more_users",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "ignore_until",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "ignored_at",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "ignored_at_event_count",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "ignored_at_users_affected",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "resolved_after_release",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "returned_from_ignore_at",
                table: "issues");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issues_status",
                table: "issues",
                sql: "status IN ('unresolved', 'resolved')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities",
                sql: "kind IN ('created', 'regressed', 'resolved', 'reopened', 'ticket_created', 'comment')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_rules_trigger",
                table: "alert_rules",
                sql: "trigger IN ('new_issue', 'regression', 'frequency', 'storage_full')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_alert_deliveries_trigger",
                table: "alert_deliveries",
                sql: "trigger IN ('new_issue', 'regression', 'frequency', 'storage_full')");
        }
    }
}
