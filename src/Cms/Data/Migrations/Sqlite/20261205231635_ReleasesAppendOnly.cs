using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReleasesAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Authors",
                table: "ProgramReleases",
                type: "TEXT",
                nullable: true);

            // Releases are append-only at the database level: no code path (nor a hand-written statement) can change
            // or remove a published release. Withdrawal is a column of Programs, never of a release row. A later
            // migration that rebuilds this table must create these triggers again.
            migrationBuilder.Sql("""
                CREATE TRIGGER ProgramReleases_no_update BEFORE UPDATE ON ProgramReleases
                BEGIN SELECT RAISE(ABORT, 'ProgramReleases is append-only: a published release cannot be changed'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ProgramReleases_no_delete BEFORE DELETE ON ProgramReleases
                BEGIN SELECT RAISE(ABORT, 'ProgramReleases is append-only: a published release cannot be deleted'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ProgramReleases_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER ProgramReleases_no_update;");
            migrationBuilder.DropColumn(
                name: "Authors",
                table: "ProgramReleases");
        }
    }
}
