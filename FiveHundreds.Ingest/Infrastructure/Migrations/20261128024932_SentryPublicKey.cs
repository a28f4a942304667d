using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SentryPublicKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "sentry_key",
                table: "projects",
                type: "character(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: false,
                // Projects that exist already get a key of their own; the default is dropped again because
                // new keys come from the application (SentryDsn.NewPublicKey).
                defaultValueSql: "md5(gen_random_uuid()::text)");

            migrationBuilder.Sql("ALTER TABLE projects ALTER COLUMN sentry_key DROP DEFAULT;");

            migrationBuilder.CreateIndex(
                name: "ix_projects_sentry_key",
                table: "projects",
                column: "sentry_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_projects_sentry_key",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "sentry_key",
                table: "projects");
        }
    }
}
