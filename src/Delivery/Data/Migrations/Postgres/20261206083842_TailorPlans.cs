using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TailorPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CorrectsEntryId",
                table: "StaffTimeEntries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Day",
                table: "StaffTimeEntries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RecordedAt",
                table: "StaffTimeEntries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "StaffTimeEntries",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlanChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ModuleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Included = table.Column<bool>(type: "boolean", nullable: false),
                    StaffUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkSessions",
                columns: table => new
                {
                    StaffUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkSessions", x => x.StaffUserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StaffTimeEntries_StaffUserId_Day",
                table: "StaffTimeEntries",
                columns: new[] { "StaffUserId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanChanges_EnrollmentId_Id",
                table: "PlanChanges",
                columns: new[] { "EnrollmentId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanChanges");

            migrationBuilder.DropTable(
                name: "WorkSessions");

            migrationBuilder.DropIndex(
                name: "IX_StaffTimeEntries_StaffUserId_Day",
                table: "StaffTimeEntries");

            migrationBuilder.DropColumn(
                name: "CorrectsEntryId",
                table: "StaffTimeEntries");

            migrationBuilder.DropColumn(
                name: "Day",
                table: "StaffTimeEntries");

            migrationBuilder.DropColumn(
                name: "RecordedAt",
                table: "StaffTimeEntries");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "StaffTimeEntries");
        }
    }
}
