using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrgStaffOrganisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Organisation",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Organisation",
                table: "AspNetUsers");
        }
    }
}
