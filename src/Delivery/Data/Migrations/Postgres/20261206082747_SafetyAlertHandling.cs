using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReasonKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertEscalations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HandledReasons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReasonKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Light = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReasonText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    StaffUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
