using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CmsApi.Data;

/// <summary>
/// The move from SQLite to PostgreSQL. An instance on PostgreSQL with <c>Database:CopyFromSqlite</c> copies, on its first
/// start after the migrations, everything of the SQLite file into the empty database, with the same ids: sites,
/// channels, articles with their tags, revisions and daily views, keys, 错敏词库, webhooks and Idempotency-Keys. One
/// transaction, with PostgreSQL's binary COPY; a database that has a site already is left as it is (a restart with the
/// setting still on copies nothing). The search index is made afresh right after (<c>SearchIndexCheck</c> finds
/// articles without one), and the changes feed starts anew: purge workers start again without a cursor.
/// </summary>
public sealed partial class SqliteCopy(Database database, IOptions<DatabaseOptions> options, ILogger<SqliteCopy> logger) : IHostedService
{
    /// <summary>"CMSCPY" in ASCII: one instance copies, the others wait and then find the database filled.</summary>
    private const long PostgresLockKey = 0x434D53435059;

    /// <summary>
    /// In the order their references need across tables. Within one table order does not matter (a channel whose parent
    /// was made after it, a 修改稿): PostgreSQL checks a COPY's references when the statement ends.
    /// </summary>
    private static readonly string[] Tables =
        ["sites", "channels", "articles", "article_tags", "article_links", "index_number_sequences", "article_revisions", "article_view_days", "idempotency_keys", "api_keys", "site_terms", "webhooks"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CopyFromSqlite is not { Length: > 0 } from || database.Dialect != Dialect.Postgres)
        {
            return;
        }
        var source = new SqliteConnectionStringBuilder(from.Contains('=', StringComparison.Ordinal) ? from : $"Data Source={from}")
        {
            Mode = SqliteOpenMode.ReadOnly, // a missing file is an error, not a new empty one
        };
        // a session's lock on a connection of its own (see DatabaseMigrator)
        await using var target = database.CreateOwnPostgresConnection();
        await target.OpenAsync(cancellationToken);
        await target.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = PostgresLockKey });
        try
        {
            if (await target.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM sites)"))
            {
                LogNotEmpty(source.DataSource);
                return;
            }
            await using var sqlite = new SqliteConnection(source.ToString());
            await sqlite.OpenAsync(cancellationToken);
            await using var transaction = await target.BeginTransactionAsync(cancellationToken);
            foreach (var table in Tables)
            {
                var rows = await CopyAsync(sqlite, target, table, cancellationToken);
                LogCopied(table, rows);
            }
            // the ids PostgreSQL numbers go on after the copied ones
            foreach (var (table, column) in await target.QueryAsync<(string, string)>(
                         """
                         SELECT table_name, column_name FROM information_schema.columns
                         WHERE table_schema = current_schema() AND is_identity = 'YES' AND table_name = ANY(@Tables)
                         """, new { Tables }, transaction))
            {
                await target.ExecuteAsync(
                    $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)",
                    transaction: transaction);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await target.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = PostgresLockKey });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Copies one table's rows, every column the two have in common (the same names on both engines).</summary>
    private static async Task<long> CopyAsync(SqliteConnection sqlite, NpgsqlConnection target, string table, CancellationToken cancellationToken)
    {
        var targetColumns = (await target.QueryAsync<(string Name, string Type)>(
                """
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = @table AND is_generated = 'NEVER'
                """, new { table }))
            .ToDictionary(c => c.Name, c => c.Type == "bigint" ? NpgsqlDbType.Bigint : NpgsqlDbType.Text);
        var columns = (await sqlite.QueryAsync<string>("SELECT name FROM pragma_table_info(@table)", new { table })).ToList();
        if (columns.FirstOrDefault(c => !targetColumns.ContainsKey(c)) is { } unknown)
        {
            throw new InvalidOperationException(
                $"The SQLite file's {table}.{unknown} has no column in PostgreSQL: copy from a file of the same CmsApi version (start it once on this version first).");
        }
        await using var command = sqlite.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table} ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await using var writer = await target.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                if (await reader.IsDBNullAsync(i, cancellationToken))
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else if (targetColumns[columns[i]] == NpgsqlDbType.Bigint)
                {
                    await writer.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, cancellationToken);
                }
                else
                {
                    await writer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, cancellationToken);
                }
            }
        }
        return (long)await writer.CompleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied {Rows} rows of {Table} from SQLite")]
    private partial void LogCopied(string table, long rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database:CopyFromSqlite is set, but this PostgreSQL database has content already: nothing copied from {File}")]
    private partial void LogNotEmpty(string file);
}
