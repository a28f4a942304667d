using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ProjectAllowedOrigins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "allowed_origins",
                table: "projects",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{*}'::text[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "allowed_origins",
                table: "projects");
        }
    }
}
