using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    QuestionnaireId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "integer", nullable: false),
                    AnswersJson = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationAnswers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ForwardedComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PublicId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceFeedbackId = table.Column<long>(type: "bigint", nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "integer", nullable: false),
                    PageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ForwardedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ForwardedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ForwardedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForwardedComments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PageFeedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "integer", nullable: false),
                    ModuleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Useful = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
