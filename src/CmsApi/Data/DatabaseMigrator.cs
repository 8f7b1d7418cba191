using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Extensions.Options;

namespace CmsApi.Data;

/// <summary>
/// Applies the embedded scripts under <c>Data/Migrations/{dialect}/</c> at start-up with DbUp.
/// Instances starting together take a lock first, so the schema is applied exactly once:
/// a PostgreSQL advisory lock (shared by every instance of the database), or for SQLite an
/// exclusive lock on a file beside the database (SQLite never spans machines).
/// </summary>
public sealed partial class DatabaseMigrator(
    Database database,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    /// <summary>An arbitrary constant shared by every CmsApi instance: "CMSAPI" in ASCII.</summary>
    private const long PostgresLockKey = 0x434D53415049;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            return;
        }
        if (await IsCurrentAsync(cancellationToken))
        {
            LogApplied(logger, 0, database.Dialect);
            return;
        }
        if (database.Dialect == Dialect.Postgres)
        {
            // A session's lock, on a connection of its own: pooled connections are not reset when returned (see
            // Database.PostgresConnectionString), so one must never carry a lock back to the pool.
            await using var lockConnection = database.CreateOwnPostgresConnection();
            await lockConnection.OpenAsync(cancellationToken);
            await lockConnection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = PostgresLockKey });
            try
            {
                Upgrade(DeployChanges.To.PostgresqlDatabase(database.ConnectionString));
            }
            finally
            {
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = PostgresLockKey });
            }
        }
        else
        {
            using var fileLock = await SqliteFileLock.AcquireAsync(database.ConnectionString, cancellationToken);
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                // WAL lets readers proceed while one writer commits; the mode is stored in the file.
                await connection.ExecuteAsync("PRAGMA journal_mode=WAL");
            }
            Upgrade(DeployChanges.To.SqliteDatabase(database.ConnectionString));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string Folder => $".Data.Migrations.{(database.Dialect == Dialect.Postgres ? "postgres" : "sqlite")}.";

    private bool IsScript(string resourceName) => resourceName.Contains(Folder, StringComparison.Ordinal);

    /// <summary>
    /// True when DbUp's journal already lists every embedded script: the usual start, answered with one query instead
    /// of DbUp's engine (about a tenth of the start-up time). Anything else, a fresh database included, goes to DbUp.
    /// </summary>
    private async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        var scripts = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Where(IsScript);
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var applied = (await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions")).ToHashSet(StringComparer.Ordinal);
            return scripts.All(applied.Contains);
        }
        catch (DbException)
        {
            return false; // no journal yet
        }
    }

    private void Upgrade(UpgradeEngineBuilder builder)
    {
        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, IsScript)
            .WithTransactionPerScript()
            // No time limit: a script that builds an index or fills a table runs a minute or more over a million
            // articles (0006 on PostgreSQL: ready after 64 s), and the provider's 30 s default failed it on every start.
            .WithExecutionTimeout(TimeSpan.Zero)
            .LogTo(new UpgradeLog(logger))
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }
        var applied = result.Scripts.Count();
        LogApplied(logger, applied, database.Dialect);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is current ({Applied} script(s) applied now, {Dialect})")]
    private static partial void LogApplied(ILogger logger, int applied, Dialect dialect);

    /// <summary>DbUp's log (string.Format style), forwarded to the host's logger; its chatter goes to debug level.</summary>
    private sealed partial class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Forward(LogLevel.Trace, null, format, args);
        public void LogDebug(string format, params object[] args) => Forward(LogLevel.Debug, null, format, args);
        public void LogInformation(string format, params object[] args) => Forward(LogLevel.Debug, null, format, args);
        public void LogWarning(string format, params object[] args) => Forward(LogLevel.Warning, null, format, args);
        public void LogError(string format, params object[] args) => Forward(LogLevel.Error, null, format, args);
        public void LogError(Exception ex, string format, params object[] args) => Forward(LogLevel.Error, ex, format, args);

        private void Forward(LogLevel level, Exception? exception, string format, object[] args)
        {
            if (logger.IsEnabled(level))
            {
                LogDbUp(logger, level, exception, args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
            }
        }

        [LoggerMessage(Message = "DbUp: {Message}")]
        private static partial void LogDbUp(ILogger logger, LogLevel level, Exception? exception, string message);
    }

    /// <summary>An exclusive OS lock on <c>{database}.migrate.lock</c>, retried until it is free.</summary>
    private sealed class SqliteFileLock(FileStream? stream) : IDisposable
    {
        public static async Task<SqliteFileLock> AcquireAsync(string connectionString, CancellationToken cancellationToken)
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
            if (path == ":memory:" || !Path.IsPathRooted(path))
            {
                return new SqliteFileLock(null);
            }
            while (true)
            {
                try
                {
                    return new SqliteFileLock(new FileStream(path + ".migrate.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    await Task.Delay(50, cancellationToken);
                }
            }
        }

        public void Dispose() => stream?.Dispose();
    }
}
