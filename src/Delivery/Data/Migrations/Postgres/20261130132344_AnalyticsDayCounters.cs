using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AnalyticsDayCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalyticsDayCounts",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Series = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Since = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsDayCounts", x => new { x.Scope, x.Series, x.Day, x.Since });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsDayTotals",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Series = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsDayTotals", x => new { x.Scope, x.Series, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsEnrollmentCounts",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Counts = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsEnrollmentCounts", x => x.EnrollmentId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsDayCounts_Scope_Series_Since_Day_Count",
                table: "AnalyticsDayCounts",
                columns: new[] { "Scope", "Series", "Since", "Day", "Count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsDayCounts");

            migrationBuilder.DropTable(
                name: "AnalyticsDayTotals");

            migrationBuilder.DropTable(
                name: "AnalyticsEnrollmentCounts");
        }
    }
}
