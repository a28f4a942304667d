using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class IssueUsersFacetsAndMerge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "first_release",
                table: "issues",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_release",
                table: "issues",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "users_affected",
                table: "issues",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "issue_facets",
                columns: table => new
                {
                    issue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issue_facets", x => new { x.issue_id, x.key, x.value });
                    table.ForeignKey(
                        name: "fk_issue_facets_issues_issue_id",
                        column: x => x.issue_id,
                        principalTable: "issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "issue_fingerprint_aliases",
                columns: table => new
                {
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    issue_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issue_fingerprint_aliases", x => new { x.project_id, x.fingerprint });
                    table.ForeignKey(
                        name: "fk_issue_fingerprint_aliases_issues_issue_id",
                        column: x => x.issue_id,
                        principalTable: "issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_issue_fingerprint_aliases_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "issue_users",
                columns: table => new
                {
                    issue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    user_id = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    email = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issue_users", x => new { x.issue_id, x.user_key });
                    table.ForeignKey(
                        name: "fk_issue_users_issues_issue_id",
                        column: x => x.issue_id,
                        principalTable: "issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_issue_facets_key_value_issue_id",
                table: "issue_facets",
                columns: new[] { "key", "value", "issue_id" });

            migrationBuilder.CreateIndex(
                name: "ix_issue_fingerprint_aliases_issue_id",
                table: "issue_fingerprint_aliases",
                column: "issue_id");

            migrationBuilder.CreateIndex(
                name: "ix_issue_users_email_issue_id",
                table: "issue_users",
                columns: new[] { "email", "issue_id" },
                filter: "email IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_issue_users_user_id_issue_id",
                table: "issue_users",
                columns: new[] { "user_id", "issue_id" },
                filter: "user_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "issue_facets");

            migrationBuilder.DropTable(
                name: "issue_fingerprint_aliases");

            migrationBuilder.DropTable(
                name: "issue_users");

            migrationBuilder.DropColumn(
                name: "first_release",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "last_release",
                table: "issues");

            migrationBuilder.DropColumn(
                name: "users_affected",
                table: "issues");
        }
    }
}
