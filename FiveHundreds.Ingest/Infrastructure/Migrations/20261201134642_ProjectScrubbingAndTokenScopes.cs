using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ProjectScrubbingAndTokenScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "scrub_names",
                table: "projects",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<bool>(
                name: "store_ip_addresses",
                table: "projects",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "all_projects",
                table: "api_tokens",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "scope",
                table: "api_tokens",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "triage");

            // Tokens made before scopes keep what they could do, except that a token limited to some projects
            // can no longer rotate their keys: limited tokens become triage tokens for the same projects, and
            // the tokens whose empty list meant every project become admin tokens for all projects.
            migrationBuilder.Sql("UPDATE api_tokens SET scope = 'admin', all_projects = TRUE WHERE cardinality(project_ids) = 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "scrub_names",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "store_ip_addresses",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "all_projects",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "scope",
                table: "api_tokens");
        }
    }
}
