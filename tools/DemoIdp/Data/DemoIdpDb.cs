using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.DemoIdp.Data;

/// <summary>Only OpenIddict's own tables (clients, authorizations, tokens); the persons are fixed in code.</summary>
public sealed class DemoIdpDb(DbContextOptions<DemoIdpDb> options) : DbContext(options);
