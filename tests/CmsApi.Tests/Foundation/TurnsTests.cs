using System.Net;
using CmsApi.Data;
using CmsApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Foundation;

public sealed class TurnsTestsOnSqlite(SqliteDatabase database) : TurnsTests(database), IClassFixture<SqliteDatabase>;

public sealed class TurnsTestsOnPostgres(PostgresDatabase database) : TurnsTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// SQLite runs every statement on the calling thread. Work that must wait for SQLite (a write while another writes) or
/// that would crowd out the cheap answers (a query over many rows) waits for a turn without holding a thread.
/// </summary>
public abstract class TurnsTests(TestDatabase database) : ApiTest(database)
{
    /// <summary>
    /// SQLite writes one transaction at a time. A second writer of the process waits for its turn without holding a
    /// thread (Microsoft.Data.Sqlite meets a busy file by sleeping 150 ms at a time on the caller's thread, which here
    /// would never end: the first writer cannot finish meanwhile) and begins as soon as the first ends. PostgreSQL
    /// begins it at once.
    /// </summary>
    [Fact]
    public async Task A_second_writer_waits_for_its_turn_without_holding_a_thread()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = App.Services.GetRequiredService<Database>();
        await using var first = await database.OpenAsync(ct);
        var firstWrite = await database.BeginWriteAsync(first, ct);
        await using var second = await database.OpenAsync(ct);

        var secondWrite = database.BeginWriteAsync(second, ct);

        if (database.Dialect == Dialect.Sqlite)
        {
            Assert.False(secondWrite.IsCompleted, $"the second write began beside the first: {secondWrite.Status}");
        }
        await firstWrite.DisposeAsync();
        await using var begun = await secondWrite.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await begun.Transaction.CommitAsync(ct);
    }

    /// <summary>
    /// A write that waits longer than <c>Database:BusyTimeout</c> for the writes before it is a 503 with Retry-After,
    /// and writes nothing; the same write once the database is free succeeds. On PostgreSQL it does not wait at all.
    /// </summary>
    [Fact]
    public async Task A_write_that_waits_past_the_busy_timeout_is_a_503_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = Database.NewApp(a => a.Settings["Database:BusyTimeout"] = "00:00:01");
        using var admin = app.AdminClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var database = app.Services.GetRequiredService<CmsApi.Data.Database>();
        await using var other = await database.OpenAsync(ct);
        var otherWrite = await database.BeginWriteAsync(other, ct);

        var refused = await admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "等待" });

        if (database.Dialect == Dialect.Sqlite)
        {
            Assert.Equal("database_busy", (await refused.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Text("code"));
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
            await otherWrite.DisposeAsync();
            // Another process writing to the file (here a connection of the test's own, outside the service's turns):
            // SQLite's busy timeout, the same setting, runs out instead.
            await using (var outsider = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString))
            {
                await outsider.OpenAsync(ct);
                await using var outsiderWrite = await outsider.BeginTransactionAsync(ct);
                var locked = await admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "锁住" });
                Assert.Equal("database_busy", (await locked.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Text("code"));
            }
            await (await admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "再试" }))
                .OkJsonAsync(HttpStatusCode.Created);
        }
        else
        {
            await refused.OkJsonAsync(HttpStatusCode.Created);
            await otherWrite.DisposeAsync();
        }
        var drafts = await (await admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft", ct)).OkJsonAsync();
        Assert.Single(drafts["items"]!.AsArray());
    }

    /// <summary>
    /// With every long-read turn taken, a list that must be computed waits (on SQLite), while a read that needs no such
    /// query (an article by id) is served; once a turn is free the list is served too. PostgreSQL serves it at once.
    /// </summary>
    [Fact]
    public async Task A_computed_list_waits_for_a_turn_while_other_reads_are_served()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = App.Services.GetRequiredService<Database>();
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "轮候测试", ContentApi.Published);
        var turns = new List<IDisposable>();
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            turns.Add(await database.LongReadTurnAsync(ct));
        }
        try
        {
            var list = Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q=轮候", ct);

            await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}", ct)).OkJsonAsync();
            if (database.Dialect == Dialect.Sqlite)
            {
                Assert.NotSame(list, await Task.WhenAny(list, Task.Delay(TimeSpan.FromSeconds(2), ct)));
            }
            turns.ForEach(turn => turn.Dispose());
            var page = await (await list.WaitAsync(TimeSpan.FromSeconds(10), ct)).OkJsonAsync();
            Assert.Equal([id], page["items"]!.AsArray().Select(item => item!.Id()));
        }
        finally
        {
            turns.ForEach(turn => turn.Dispose());
        }
    }
}
