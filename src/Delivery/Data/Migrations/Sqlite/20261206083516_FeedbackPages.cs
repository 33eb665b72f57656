using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FeedbackPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EvaluationAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QuestionnaireId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "INTEGER", nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationAnswers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ForwardedComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceFeedbackId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "INTEGER", nullable: false),
                    PageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ForwardedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ForwardedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ForwardedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForwardedComments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PageFeedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "INTEGER", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Useful = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PageFeedback", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationAnswers_EnrollmentId_QuestionnaireId_Release",
                table: "EvaluationAnswers",
                columns: new[] { "EnrollmentId", "QuestionnaireId", "Release" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationAnswers_ProgramId",
                table: "EvaluationAnswers",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_ForwardedComments_ProgramId",
                table: "ForwardedComments",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_ForwardedComments_PublicId",
                table: "ForwardedComments",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PageFeedback_EnrollmentId_PageId_Release",
                table: "PageFeedback",
                columns: new[] { "EnrollmentId", "PageId", "Release" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PageFeedback_ProgramId_Release",
                table: "PageFeedback",
                columns: new[] { "ProgramId", "Release" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvaluationAnswers");

            migrationBuilder.DropTable(
                name: "ForwardedComments");

            migrationBuilder.DropTable(
                name: "PageFeedback");
        }
    }
}
