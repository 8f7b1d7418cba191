using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CmsApi.Data;

/// <summary>
/// The one place that knows how to reach the database: every store asks it for an open connection
/// and, where SQL differs between engines, for the <see cref="Dialect"/>.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly NpgsqlDataSource? _replica;
    private readonly NpgsqlDataSource? _unpooled;
    private readonly NpgsqlDataSource? _unpooledReplica;
    private readonly ReplicaLag _lag;
    private readonly ObjectPool<PreparedReads>? _preparedReads;
    private readonly SemaphoreSlim? _sqliteWriter;
    private readonly SemaphoreSlim? _sqliteLongReads;
    private readonly TimeSpan _busyTimeout;

    public Database(IOptions<DatabaseOptions> options, IConfiguration configuration, IHostEnvironment environment, ReplicaLag lag)
    {
        _lag = lag;
        var provider = options.Value.Provider.Trim().ToLowerInvariant();
        var configured = configuration.GetConnectionString("Cms");
        switch (provider)
        {
            case "sqlite":
                Dialect = Dialect.Sqlite;
                _busyTimeout = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(options.Value.BusyTimeout.TotalSeconds)));
                ConnectionString = SqliteConnectionString(configured, environment.ContentRootPath, _busyTimeout);
                // Kept while requests run SQLite's synchronous calls; more at once are opened and closed as before.
                _preparedReads = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
                    .Create(new PreparedReads.Policy(ConnectionString));
                _sqliteWriter = new SemaphoreSlim(1, 1);
                _sqliteLongReads = new SemaphoreSlim(Environment.ProcessorCount, Environment.ProcessorCount);
                break;
            case "postgres" or "postgresql":
                Dialect = Dialect.Postgres;
                if (string.IsNullOrWhiteSpace(configured))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is 'postgres' but ConnectionStrings:Cms is empty. " +
                        "Set ConnectionStrings__Cms, e.g. 'Host=localhost;Database=cms;Username=cms;Password=…'.");
                }
                ConnectionString = PostgresConnectionString(configured);
                _postgres = PostgresDataSource(ConnectionString);
                _unpooled = PostgresDataSource(ConnectionString + ";Pooling=false");
                if (configuration.GetConnectionString("CmsReplica") is { Length: > 0 } replica)
                {
                    var replicaConnectionString = PostgresConnectionString(replica);
                    _replica = PostgresDataSource(replicaConnectionString);
                    _unpooledReplica = PostgresDataSource(replicaConnectionString + ";Pooling=false");
                }
                break;
            default:
                throw new InvalidOperationException(
                    $"Database:Provider must be 'sqlite' or 'postgres', not '{options.Value.Provider}'.");
        }
    }

    public Dialect Dialect { get; }

    /// <summary>The resolved connection string (for SQLite with its absolute file path and pragmas).</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// An open connection: to the replica when one is configured and <see cref="ReplicaLag"/> allows it for this request,
    /// else (and whenever the replica does not answer) to the primary.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_replica is not null && _lag.ReplicaMayServe)
        {
            var replica = _replica.CreateConnection();
            try
            {
                await replica.OpenAsync(cancellationToken);
                return replica;
            }
            catch (NpgsqlException)
            {
                await replica.DisposeAsync();
                _lag.Replayed(0); // until the monitor reaches it again
            }
        }
        DbConnection connection = _postgres is not null
            ? _postgres.CreateConnection()
            : new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// PostgreSQL: plans each statement on <paramref name="connection"/> for the values it runs with, until disposed.
    /// Npgsql prepares a statement run twice (<see cref="PostgresConnectionString"/>), and after five runs PostgreSQL may
    /// keep one generic plan made for a typical value. A search's matches run from none to most of a million articles:
    /// a generic plan hash-joined every article of the site to a word's few title matches (3.3 s against 2 ms). Point
    /// reads keep their generic plans: planned on every run, article by id with the cache off ran a quarter slower.
    /// </summary>
    public async Task<IAsyncDisposable> PlanForEachRunAsync(DbConnection connection)
    {
        if (Dialect != Dialect.Postgres)
        {
            return NothingToUndo.Instance;
        }
        await connection.ExecuteAsync("SET plan_cache_mode = force_custom_plan");
        return new PlanCacheReset(connection);
    }

    private sealed class NothingToUndo : IAsyncDisposable, IDisposable
    {
        public static readonly NothingToUndo Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        public void Dispose() { }
    }

    /// <summary>Puts the setting back before the connection returns to the pool, where other requests take it.</summary>
    private sealed class PlanCacheReset(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await connection.ExecuteAsync("RESET plan_cache_mode");
    }

    /// <summary>
    /// The one row (or none) that a point read on every cache miss selects (an article by id, a view counter's target),
    /// mapped by Dapper. On SQLite its statement stays prepared on a connection kept open for such reads, since
    /// Microsoft.Data.Sqlite compiles a command's SQL again for every command (dotnet/efcore#14044) and compiling the
    /// article query took longer than running it (article by id with the cache off, 10k set: 7,991 rps and 209 µs of CPU
    /// a request that way, 11,135 rps and 141 µs with the statement kept; docs/performance.md). On PostgreSQL it is an
    /// ordinary query on a pooled connection, which Npgsql's automatic preparation keeps prepared (see
    /// <see cref="PostgresConnectionString"/>). <paramref name="sql"/> keys the kept statement, so it must be one of a
    /// fixed set of texts with a fixed set of parameter names, never built from values.
    /// </summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        if (_preparedReads is null)
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, new DynamicParameters(parameters), cancellationToken: cancellationToken));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var reads = _preparedReads.Get();
        T? row;
        try
        {
            row = reads.QuerySingleOrDefault<T>(sql, parameters);
        }
        catch
        {
            reads.Dispose(); // not handed out again in an unknown state
            throw;
        }
        _preparedReads.Return(reads);
        return row;
    }

    public void Dispose()
    {
        (_preparedReads as IDisposable)?.Dispose(); // the provider's pool of disposable objects disposes those it keeps
        _postgres?.Dispose();
        _replica?.Dispose();
        _unpooled?.Dispose();
        _unpooledReplica?.Dispose();
        _sqliteWriter?.Dispose();
        _sqliteLongReads?.Dispose();
    }

    /// <summary>An open SQLite connection and the statements prepared on it, used by one request at a time.</summary>
    private sealed class PreparedReads(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, Statement> _statements = [];

        public T? QuerySingleOrDefault<T>(string sql, IReadOnlyDictionary<string, object?> parameters)
        {
            if (!_statements.TryGetValue(sql, out var statement))
            {
                var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var name in parameters.Keys)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name });
                }
                command.Prepare();
                _statements.Add(sql, statement = new Statement(command));
            }
            foreach (var (name, value) in parameters)
            {
                statement.Command.Parameters[name].Value = value ?? DBNull.Value;
            }
            // Disposing the reader resets the statement, which ends its read transaction (WAL checkpoints may proceed).
            using var reader = statement.Command.ExecuteReader();
            if (!reader.Read())
            {
                return default;
            }
            // Dapper finds a row parser by comparing every column name; the statement's columns never change.
            if (statement.Parser is not Func<DbDataReader, T> parse)
            {
                statement.Parser = parse = reader.GetRowParser<T>();
            }
            var row = parse(reader);
            return reader.Read() ? throw new InvalidOperationException("The query selected more than one row.") : row;
        }

        public void Dispose() => connection.Dispose(); // disposes its commands, so their statements are finalized

        /// <summary>A prepared command (a given SQL text always comes with the same parameter names) and its row parser.</summary>
        private sealed class Statement(SqliteCommand command)
        {
            public SqliteCommand Command { get; } = command;

            public Delegate? Parser { get; set; }
        }

        public sealed class Policy(string connectionString) : IPooledObjectPolicy<PreparedReads>
        {
            public PreparedReads Create()
            {
                var connection = new SqliteConnection(connectionString);
                connection.Open();
                return new PreparedReads(connection);
            }

            public bool Return(PreparedReads obj) => true;
        }
    }

    /// <summary>
    /// <c>column</c> is one of the values of the list parameter: Dapper expands a list for SQLite (<c>IN (…)</c>) but
    /// hands Npgsql a native array, which PostgreSQL tests with <c>= ANY(…)</c>.
    /// </summary>
    public string AnyOf(string column, string listParameter) =>
        Dialect == Dialect.Postgres ? $"{column} = ANY({listParameter})" : $"{column} IN {listParameter}";

    /// <summary>
    /// SQLite's <c>INDEXED BY</c>, for a query whose good index its planner, without statistics, passes over; nothing on
    /// PostgreSQL, which plans by its statistics.
    /// </summary>
    public string IndexedBy(string index) => Dialect == Dialect.Sqlite ? $"INDEXED BY {index}" : "";

    /// <summary>
    /// A join that SQLite must run in the order written, the left side first (its <c>CROSS JOIN</c>); a plain join on
    /// PostgreSQL.
    /// </summary>
    public string JoinInOrder => Dialect == Dialect.Sqlite ? "CROSS JOIN" : "JOIN";

    /// <summary>A text column as its UTF-8 bytes, read into a <c>byte[]</c> without decoding it into a string.</summary>
    public string Utf8(string column) =>
        Dialect == Dialect.Postgres ? $"convert_to({column}, 'UTF8')" : $"CAST({column} AS BLOB)";

    /// <summary>
    /// Begins a write transaction; dispose it to end it (a rollback unless committed). SQLite lets one connection write
    /// at a time, and Microsoft.Data.Sqlite meets a busy file by sleeping 150 ms and trying again, blocking a thread:
    /// eight writers at once waited up to a second, and the sleeping threads stalled reads too. So this process's
    /// writers first take turns here, waiting without a thread, and then begin IMMEDIATE, which finds the file free
    /// (another process writing to it still meets the 150 ms retries). The wait for a turn is bounded like SQLite's own
    /// (<c>Database:BusyTimeout</c>; then a 503). Every SQLite write goes through here, single statements included.
    /// PostgreSQL runs transactions side by side: nothing to wait for here (<see cref="LockAsync"/> orders writes that
    /// must not interleave).
    /// </summary>
    public async Task<WriteTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_sqliteWriter is null)
        {
            return new WriteTransaction(await connection.BeginTransactionAsync(cancellationToken), NothingToUndo.Instance, Dialect, 0);
        }
        if (!await _sqliteWriter.WaitAsync(_busyTimeout, cancellationToken))
        {
            throw new DatabaseBusyException(_busyTimeout);
        }
        var turn = new Turn(_sqliteWriter);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var changesBefore = await connection.ExecuteScalarAsync<long>("SELECT total_changes()", transaction: transaction);
            return new WriteTransaction(transaction, turn, Dialect, changesBefore);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction of its own (<see cref="BeginWriteAsync"/>) on a connection of
    /// its own, and commits it; for writes that need nothing else of the transaction.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var result = await work(connection, write.Transaction);
        await write.Transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Whether a write failed for waiting too long on SQLite: for its turn (<see cref="BeginWriteAsync"/>), or on a file
    /// another process held (<c>SQLITE_BUSY</c>, <c>SQLITE_LOCKED</c>), or was ended by PostgreSQL to break a deadlock
    /// with another write (two that lock the same rows in opposite orders), and rolled back whole. Not a fault: answered
    /// 503, to be retried.
    /// </summary>
    public static bool IsBusy(Exception exception) =>
        exception is DatabaseBusyException or SqliteException { SqliteErrorCode: 5 or 6 }
            or PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected };

    /// <summary>
    /// A turn for a query that reads many rows (a list page, a search, a ranking; not a point read): dispose it when the
    /// query is done. SQLite runs a query on the calling thread, so first-time searches at a million articles (about
    /// 100 ms each) held as many threads and CPU shares as readers sent them, and the cached answers beside them, which
    /// take microseconds, waited behind: 16 connections of new searches took the footer from about 30,000 answers a
    /// second to 600, at a p50 of 30 ms. On SQLite at most one such query per core runs at once and the others wait
    /// without a thread. PostgreSQL runs queries in its own processes: no turn (its pool size bounds them).
    /// </summary>
    public async Task<IDisposable> LongReadTurnAsync(CancellationToken cancellationToken)
    {
        if (_sqliteLongReads is null)
        {
            return NothingToUndo.Instance;
        }
        await _sqliteLongReads.WaitAsync(cancellationToken);
        return new Turn(_sqliteLongReads);
    }

    /// <summary>A place taken in a semaphore, given back once however often it is disposed.</summary>
    private sealed class Turn(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }

    /// <summary>
    /// Makes this transaction, to its end, the only one that holds <paramref name="name"/>. A write that checks before
    /// it writes (a key still free, a channel tree still without cycles, a page not yet imported) must not interleave
    /// with another write of the same name, or both find what they check for and both write. SQLite needs nothing: its
    /// write transactions begin IMMEDIATE and run one at a time. On PostgreSQL, whose transactions run side by side, it
    /// is an advisory lock released at commit or rollback. <paramref name="shared"/>: held by any number of
    /// transactions at once, but not together with the one that holds it alone.
    /// </summary>
    public Task LockAsync(DbConnection connection, DbTransaction transaction, string name, bool shared = false) =>
        Dialect == Dialect.Postgres
            ? connection.ExecuteAsync(
                shared ? "SELECT pg_advisory_xact_lock_shared(hashtextextended(@name, 0))" : "SELECT pg_advisory_xact_lock(hashtextextended(@name, 0))",
                new { name }, transaction)
            : Task.CompletedTask;

    /// <summary>Whether a PostgreSQL read replica is configured (<c>ConnectionStrings:CmsReplica</c>).</summary>
    public bool HasReplica => _replica is not null;

    /// <summary>
    /// A PostgreSQL connection outside the pool, to the primary or the replica, for one that stays open as long as the
    /// instance runs (the change feed's listener, the replica monitor's).
    /// </summary>
    public NpgsqlConnection CreateOwnPostgresConnection(bool replica = false) =>
        ((replica ? _unpooledReplica : _unpooled) ?? throw new InvalidOperationException(
            replica ? "No PostgreSQL replica is configured." : "The database is not PostgreSQL.")).CreateConnection();

    /// <summary>
    /// A data source that does not load types: the service uses only PostgreSQL's built-in types, which Npgsql knows
    /// without reading the server's type catalog. Each data source read it at its first connection, about 30 ms each at
    /// start-up (the pool's, then the change feed's; start-up median 1,089 → 1,049 ms at a million articles).
    /// </summary>
    private static NpgsqlDataSource PostgresDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        return builder.Build();
    }

    /// <summary>
    /// The configured PostgreSQL connection string with Npgsql's automatic preparation on, unless it sets that itself:
    /// a statement run a second time on a connection is prepared on the server, so PostgreSQL stops parsing and
    /// planning it on every request (article by id with the cache off: 1,147 to 1,911 requests/s, docs/performance.md).
    /// Every query names its columns, so a migration that adds one does not invalidate a prepared statement's result.
    /// Also <c>No Reset On Close</c>, unless set: otherwise Npgsql sends a reset of seven statements
    /// (<c>RESET ALL; CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); …</c>) ahead of every pooled connection's
    /// next use, which cost PostgreSQL more CPU than the point read behind it. The service leaves no session state on a
    /// pooled connection: <see cref="PlanForEachRunAsync"/> resets what it sets, the migration lock and the change feed's
    /// <c>LISTEN</c> have connections of their own.
    /// </summary>
    internal static string PostgresConnectionString(string configured)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = configured };
        if (!builder.ContainsKey("Max Auto Prepare") && !builder.ContainsKey("MaxAutoPrepare"))
        {
            builder["Max Auto Prepare"] = 64;
            builder["Auto Prepare Min Usages"] = 2;
        }
        if (!builder.ContainsKey("No Reset On Close") && !builder.ContainsKey("NoResetOnClose"))
        {
            builder["No Reset On Close"] = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>
    /// Default: <c>data/cms.db</c> under the content root. Relative paths are taken from the content
    /// root too, so the file does not move with the shell's working directory.
    /// </summary>
    private static string SqliteConnectionString(string? configured, string contentRoot, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? "Data Source=data/cms.db" : configured);
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        builder.ForeignKeys = true;
        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: this is the busy timeout.
        builder.DefaultTimeout = (int)busyTimeout.TotalSeconds;
        builder.Pooling = true;
        return builder.ToString();
    }
}
