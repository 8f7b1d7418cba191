namespace CmsApi.Data;

/// <summary>Which engine stores the content. Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Run migrations at start-up (on by default; turn off only when a deploy step migrates).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// SQLite: how long a write waits for the ones before it (and for another process's) before it is answered 503
    /// <c>database_busy</c>. Whole seconds, at least one.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// PostgreSQL: a SQLite file (its path, or a connection string) whose content the first start copies into the
    /// empty database (<see cref="SqliteCopy"/>): the move from SQLite when one file no longer serves.
    /// </summary>
    public string? CopyFromSqlite { get; set; }
}

/// <summary>A write waited <see cref="DatabaseOptions.BusyTimeout"/> for its turn on SQLite: answered 503, to be retried.</summary>
public sealed class DatabaseBusyException(TimeSpan waited)
    : Exception($"No turn to write to the database within {waited.TotalSeconds:0} s.");

public enum Dialect
{
    Sqlite,
    Postgres,
}
