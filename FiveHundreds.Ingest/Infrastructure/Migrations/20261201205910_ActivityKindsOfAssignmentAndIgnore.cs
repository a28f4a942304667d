using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ActivityKindsOfAssignmentAndIgnore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities",
                sql: "kind IN ('created', 'regressed', 'resolved', 'reopened', 'ticket_created', 'comment', 'assigned', 'unassigned', 'ignored', 'resolved_in_next_release', 'returned_from_ignore')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities",
                sql: "kind IN ('created', 'regressed', 'resolved', 'reopened', 'ticket_created', 'comment', 'ignored', 'resolved_in_next_release', 'returned_from_ignore')");
        }
    }
}
