using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentPlatform.Delivery.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    What = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsActiveBuckets",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Bucket = table.Column<int>(type: "INTEGER", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsActiveBuckets", x => new { x.Scope, x.Kind, x.Bucket, x.PatientId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsActivityDays",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsActivityDays", x => new { x.EnrollmentId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsBaselines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsBaselines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsCareDays",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    Messages = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeEntries = table.Column<int>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsCareDays", x => new { x.EnrollmentId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastEventId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsCursors", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsEnrollments",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedDay = table.Column<int>(type: "INTEGER", nullable: true),
                    CompletedDay = table.Column<int>(type: "INTEGER", nullable: true),
                    LastActiveDay = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsEnrollments", x => x.EnrollmentId);
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsModules",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedDay = table.Column<int>(type: "INTEGER", nullable: true),
                    Seconds = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsModules", x => new { x.EnrollmentId, x.ModuleId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsScores",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionnaireId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    Measurements = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstDay = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstLight = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SecondDay = table.Column<int>(type: "INTEGER", nullable: true),
                    LastTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    LastLight = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    LastDay = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsScores", x => new { x.EnrollmentId, x.QuestionnaireId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsWaits",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenedBy = table.Column<long>(type: "INTEGER", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedDay = table.Column<int>(type: "INTEGER", nullable: true),
                    Seconds = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsWaits", x => new { x.EnrollmentId, x.OpenedBy });
                });

            migrationBuilder.CreateTable(
                name: "Answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BlockId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FieldId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    Release = table.Column<int>(type: "INTEGER", nullable: false),
                    SeenText = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Answers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    PreferredCulture = table.Column<string>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CareTeamMembers",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    IsResponsible = table.Column<bool>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareTeamMembers", x => new { x.EnrollmentId, x.StaffUserId });
                });

            migrationBuilder.CreateTable(
                name: "ClinicalNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClinicalNotes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Enrollments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    InviteeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastPageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastActivityAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CompletedModules = table.Column<int>(type: "INTEGER", nullable: false),
                    PercentComplete = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Enrollments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HomeworkFeedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeworkFeedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Invitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invitations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SenderId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    SenderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FromPatient = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ModuleOpenings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModuleOpenings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ModuleProgress",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModuleProgress", x => new { x.EnrollmentId, x.ModuleId });
                });

            migrationBuilder.CreateTable(
                name: "Programs",
                columns: table => new
                {
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LatestRelease = table.Column<int>(type: "INTEGER", nullable: false),
                    Withdrawn = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Programs", x => x.ProgramId);
                });

            migrationBuilder.CreateTable(
                name: "ProgressEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Verb = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Release = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QuestionnaireResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BlockId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QuestionnaireId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Release = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    Band = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    BandLabelJson = table.Column<string>(type: "TEXT", nullable: true),
                    AlertsJson = table.Column<string>(type: "TEXT", nullable: false),
                    TrafficLight = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionnaireResults", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Releases",
                columns: table => new
                {
                    ProgramId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    FetchedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Releases", x => new { x.ProgramId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "ResearchExportLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExportedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchExportLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffTimeEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnrollmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffTimeEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_PatientId_Sequence",
                table: "AccessLog",
                columns: new[] { "PatientId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsActivityDays_ProgramId_Day_PatientId",
                table: "AnalyticsActivityDays",
                columns: new[] { "ProgramId", "Day", "PatientId" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsBaselines_Scope",
                table: "AnalyticsBaselines",
                column: "Scope");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsCareDays_ProgramId_CreatedDay",
                table: "AnalyticsCareDays",
                columns: new[] { "ProgramId", "CreatedDay" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsEnrollments_ProgramId_CreatedDay",
                table: "AnalyticsEnrollments",
                columns: new[] { "ProgramId", "CreatedDay" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsModules_ProgramId_CreatedDay",
                table: "AnalyticsModules",
                columns: new[] { "ProgramId", "CreatedDay" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsScores_ProgramId_CreatedDay",
                table: "AnalyticsScores",
                columns: new[] { "ProgramId", "CreatedDay" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsWaits_ProgramId_CreatedDay",
                table: "AnalyticsWaits",
                columns: new[] { "ProgramId", "CreatedDay" });

            migrationBuilder.CreateIndex(
                name: "IX_Answers_EnrollmentId_BlockId_FieldId",
                table: "Answers",
                columns: new[] { "EnrollmentId", "BlockId", "FieldId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CareTeamMembers_StaffUserId",
                table: "CareTeamMembers",
                column: "StaffUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ClinicalNotes_EnrollmentId",
                table: "ClinicalNotes",
                column: "EnrollmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_PatientId",
                table: "Enrollments",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_HomeworkFeedback_EnrollmentId_ModuleId",
                table: "HomeworkFeedback",
                columns: new[] { "EnrollmentId", "ModuleId" });

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_CodeHash",
                table: "Invitations",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_EnrollmentId",
                table: "Invitations",
                column: "EnrollmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_EnrollmentId_Id",
                table: "Messages",
                columns: new[] { "EnrollmentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_SenderId_ClientId",
                table: "Messages",
                columns: new[] { "SenderId", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModuleOpenings_EnrollmentId_ModuleId",
                table: "ModuleOpenings",
                columns: new[] { "EnrollmentId", "ModuleId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Programs_Slug",
                table: "Programs",
                column: "Slug");

            migrationBuilder.CreateIndex(
                name: "IX_ProgressEvents_EnrollmentId",
                table: "ProgressEvents",
                column: "EnrollmentId");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireResults_EnrollmentId_BlockId",
                table: "QuestionnaireResults",
                columns: new[] { "EnrollmentId", "BlockId" });

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireResults_EnrollmentId_SubmissionId",
                table: "QuestionnaireResults",
                columns: new[] { "EnrollmentId", "SubmissionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffTimeEntries_EnrollmentId",
                table: "StaffTimeEntries",
                column: "EnrollmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessLog");

            migrationBuilder.DropTable(
                name: "AnalyticsActiveBuckets");

            migrationBuilder.DropTable(
                name: "AnalyticsActivityDays");

            migrationBuilder.DropTable(
                name: "AnalyticsBaselines");

            migrationBuilder.DropTable(
                name: "AnalyticsCareDays");

            migrationBuilder.DropTable(
                name: "AnalyticsCursors");

            migrationBuilder.DropTable(
                name: "AnalyticsEnrollments");

            migrationBuilder.DropTable(
                name: "AnalyticsModules");

            migrationBuilder.DropTable(
                name: "AnalyticsScores");

            migrationBuilder.DropTable(
                name: "AnalyticsWaits");

            migrationBuilder.DropTable(
                name: "Answers");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "CareTeamMembers");

            migrationBuilder.DropTable(
                name: "ClinicalNotes");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Enrollments");

            migrationBuilder.DropTable(
                name: "HomeworkFeedback");

            migrationBuilder.DropTable(
                name: "Invitations");

            migrationBuilder.DropTable(
                name: "Messages");

            migrationBuilder.DropTable(
                name: "ModuleOpenings");

            migrationBuilder.DropTable(
                name: "ModuleProgress");

            migrationBuilder.DropTable(
                name: "Programs");

            migrationBuilder.DropTable(
                name: "ProgressEvents");

            migrationBuilder.DropTable(
                name: "QuestionnaireResults");

            migrationBuilder.DropTable(
                name: "Releases");

            migrationBuilder.DropTable(
                name: "ResearchExportLog");

            migrationBuilder.DropTable(
                name: "StaffTimeEntries");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");
        }
    }
}
