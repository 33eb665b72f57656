using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Cms.Data.Migrations.Postgres
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
                type: "text",
                nullable: true);

            // Releases are append-only at the database level: no code path (nor a hand-written statement) can change
            // or remove a published release. Withdrawal is a column of Programs, never of a release row.
            migrationBuilder.Sql("""
                CREATE FUNCTION program_releases_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'ProgramReleases is append-only: a published release cannot be changed or deleted (%)', TG_OP
                        USING ERRCODE = 'restrict_violation';
                END
                $$;
                CREATE TRIGGER program_releases_no_update_or_delete BEFORE UPDATE OR DELETE ON "ProgramReleases"
                    FOR EACH ROW EXECUTE FUNCTION program_releases_append_only();
                CREATE TRIGGER program_releases_no_truncate BEFORE TRUNCATE ON "ProgramReleases"
                    FOR EACH STATEMENT EXECUTE FUNCTION program_releases_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER program_releases_no_truncate ON "ProgramReleases";
                DROP TRIGGER program_releases_no_update_or_delete ON "ProgramReleases";
                DROP FUNCTION program_releases_append_only();
                """);
            migrationBuilder.DropColumn(
                name: "Authors",
                table: "ProgramReleases");
        }
    }
}
