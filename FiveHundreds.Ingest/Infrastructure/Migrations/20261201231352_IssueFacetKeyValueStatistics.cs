using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveHundreds.Ingest.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class IssueFacetKeyValueStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A facet's key and value go together (release values only under "release"): without statistics on the
            // pair, PostgreSQL multiplies their frequencies, guesses a broad search term matches a few hundred issues
            // instead of tens of thousands and plans the list around that. EF Core has no model for statistics objects.
            migrationBuilder.Sql("""
                CREATE STATISTICS st_issue_facets_key_value (mcv, dependencies) ON key, value FROM issue_facets;
                ANALYZE issue_facets;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP STATISTICS st_issue_facets_key_value;");
        }
    }
}
