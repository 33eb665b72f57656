using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Cms.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FeedbackAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FeedbackComments",
                columns: table => new
                {
                    Installation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "integer", nullable: false),
                    PageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ForwardedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackComments", x => new { x.Installation, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "FeedbackEvaluationCounts",
                columns: table => new
                {
                    Installation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "integer", nullable: false),
                    QuestionnaireId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ItemId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Respondents = table.Column<int>(type: "integer", nullable: true),
                    OptionsJson = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackEvaluationCounts", x => new { x.Installation, x.ProgramId, x.Release, x.QuestionnaireId, x.ItemId });
                });

            migrationBuilder.CreateTable(
                name: "FeedbackPageCounts",
                columns: table => new
                {
                    Installation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "integer", nullable: false),
                    PageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Yes = table.Column<int>(type: "integer", nullable: true),
                    No = table.Column<int>(type: "integer", nullable: true),
                    Comments = table.Column<int>(type: "integer", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackPageCounts", x => new { x.Installation, x.ProgramId, x.Release, x.PageId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackComments_ProgramId",
                table: "FeedbackComments",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEvaluationCounts_ProgramId",
                table: "FeedbackEvaluationCounts",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackPageCounts_ProgramId_PageId",
                table: "FeedbackPageCounts",
                columns: new[] { "ProgramId", "PageId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeedbackComments");

            migrationBuilder.DropTable(
                name: "FeedbackEvaluationCounts");

            migrationBuilder.DropTable(
                name: "FeedbackPageCounts");
        }
    }
}
