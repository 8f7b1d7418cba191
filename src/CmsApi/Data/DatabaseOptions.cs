namespace CmsApi.Data;

/// <summary>Which engine stores the content. Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Run migrations at start-up (on by default; turn off only when a deploy step migrates).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public enum Dialect
{
    Sqlite,
    Postgres,
}
