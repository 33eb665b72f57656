using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Day",
                table: "StaffTimeEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RecordedAt",
                table: "StaffTimeEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "StaffTimeEntries",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlanChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Included = table.Column<bool>(type: "INTEGER", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkSessions",
                columns: table => new
                {
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
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
