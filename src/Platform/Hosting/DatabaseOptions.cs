namespace ContentPlatform.Platform.Hosting;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Section "Database". SQLite in the data folder unless told otherwise.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default, a file in Storage:DataPath) or Postgres.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Required for Postgres. For Sqlite it overrides the default file in the data folder.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>Section "Storage": where SQLite files and local media live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DefaultDataPath = "data";

    public string DataPath { get; set; } = DefaultDataPath;
}
