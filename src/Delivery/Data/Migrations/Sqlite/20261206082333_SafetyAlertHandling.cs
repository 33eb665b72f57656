using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SafetyAlertHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertEscalations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReasonKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertEscalations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HandledReasons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReasonKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Light = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReasonText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HandledReasons", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertEscalations_EnrollmentId_ReasonKey",
                table: "AlertEscalations",
                columns: new[] { "EnrollmentId", "ReasonKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HandledReasons_EnrollmentId_ReasonKey",
                table: "HandledReasons",
                columns: new[] { "EnrollmentId", "ReasonKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertEscalations");

            migrationBuilder.DropTable(
                name: "HandledReasons");
        }
    }
}
