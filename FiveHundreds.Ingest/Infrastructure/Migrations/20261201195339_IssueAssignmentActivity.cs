using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class IssueAssignmentActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities");

            migrationBuilder.AddColumn<string>(
                name: "assignee_name",
                table: "issue_activities",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "assignee_user_id",
                table: "issue_activities",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_issue_activities_assignee",
                table: "issue_activities",
                sql: "(kind = 'assigned') = (assignee_name IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities",
                sql: "kind IN ('created', 'regressed', 'resolved', 'reopened', 'ticket_created', 'comment', 'assigned', 'unassigned')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_issue_activities_assignee",
                table: "issue_activities");

            migrationBuilder.DropCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities");

            migrationBuilder.DropColumn(
                name: "assignee_name",
                table: "issue_activities");

            migrationBuilder.DropColumn(
                name: "assignee_user_id",
                table: "issue_activities");

            migrationBuilder.AddCheckConstraint(
                name: "ck_issue_activities_kind",
                table: "issue_activities",
                sql: "kind IN ('created', 'regressed', 'resolved', 'reopened', 'ticket_created', 'comment')");
        }
    }
}
