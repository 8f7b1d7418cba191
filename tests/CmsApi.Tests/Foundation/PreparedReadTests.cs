using CmsApi.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CmsApi.Tests.Foundation;

/// <summary>
/// <see cref="Database.QuerySingleOrDefaultAsync{T}"/> keeps SQLite statements prepared on connections of its own: a
/// kept statement must still see every later write and must not hold the database file's write-ahead log open.
/// </summary>
public sealed class PreparedReadTests : IDisposable
{
    private const string Select = "SELECT id, name FROM things WHERE name = @name";
    private readonly string _directory = Directory.CreateTempSubdirectory("cmsapi-prepared-").FullName;
    private readonly Database _database;
    private readonly string _file;

    public sealed record Thing(long Id, string Name);

    public PreparedReadTests()
    {
        _file = Path.Combine(_directory, "reads.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Cms"] = $"Data Source={_file}" })
            .Build();
        _database = new Database(Options.Create(new DatabaseOptions()), configuration,
            new HostingEnvironment { ContentRootPath = _directory }, new ReplicaLag());
        using var connection = Writer();
        connection.Execute("PRAGMA journal_mode = WAL; CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }

    private SqliteConnection Writer()
    {
        var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        return connection;
    }

    private Task<Thing?> FindAsync(string name) =>
        _database.QuerySingleOrDefaultAsync<Thing>(Select, new Dictionary<string, object?> { ["name"] = name }, CancellationToken.None);

    [Fact]
    public async Task A_kept_statement_sees_rows_written_after_it_was_prepared()
    {
        Assert.Null(await FindAsync("甲"));
        using (var writer = Writer())
        {
            writer.Execute("INSERT INTO things (name) VALUES ('甲')");
        }

        Assert.Equal("甲", (await FindAsync("甲"))?.Name);

        using (var writer = Writer())
        {
            writer.Execute("UPDATE things SET name = '乙' WHERE name = '甲'");
        }
        Assert.Null(await FindAsync("甲"));
        Assert.Equal("乙", (await FindAsync("乙"))?.Name);
    }

    [Fact]
    public async Task Kept_statements_leave_no_read_open_so_the_log_can_be_checkpointed()
    {
        using (var writer = Writer())
        {
            writer.Execute("INSERT INTO things (name) VALUES ('丙')");
        }
        Assert.NotNull(await FindAsync("丙"));
        Assert.NotNull(await FindAsync("丙"));

        using var checkpoint = Writer();
        // busy = 1 when a reader still holds a snapshot the checkpoint may not overwrite
        var (busy, _, _) = checkpoint.QuerySingle<(long, long, long)>("PRAGMA wal_checkpoint(TRUNCATE)");
        Assert.Equal(0, busy);
    }

    [Fact]
    public async Task More_than_one_row_is_an_error_as_with_Dapper()
    {
        using (var writer = Writer())
        {
            writer.Execute("INSERT INTO things (name) VALUES ('丁'), ('丁')");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => FindAsync("丁"));
        Assert.Null(await FindAsync("戊")); // the connection that failed is not handed out again half-read
    }

    public void Dispose()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
