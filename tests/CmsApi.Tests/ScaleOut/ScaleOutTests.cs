using System.Diagnostics;
using System.Net;
using CmsApi.Auth;
using CmsApi.Caching;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CmsApi.Tests.ScaleOut;

/// <summary>
/// Several instances on one PostgreSQL database, and a streaming replica: nothing one instance keeps in memory
/// makes another wrong. The stated bound: a change made through one instance is what every other instance answers
/// once PostgreSQL has delivered its notice, which on one network is milliseconds; the tests allow one second.
/// </summary>
public sealed class ScaleOutTests(PostgresDatabase database) : ApiTest(database), IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    /// <summary>Polls until <paramref name="done"/> holds, failing after <paramref name="limit"/>.</summary>
    private static async Task WithinAsync(TimeSpan limit, Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < limit, $"not within {limit.TotalMilliseconds} ms");
            await Task.Delay(5);
        }
    }

    private static async Task<string> TitleAsync(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).OkJsonAsync()).Text("title");

    /// <summary>A published article of a new site, by its URL.</summary>
    private async Task<(string Site, long Id, string Url)> PublishedAsync(string title)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, title, ContentApi.Published);
        return (site, id, $"/api/v1/sites/{site}/articles/{id}");
    }

    /// <summary>Gives the article a new title through <paramref name="client"/>'s instance, with the ETag it reads first.</summary>
    private static async Task RetitleAsync(HttpClient client, string url, string title)
    {
        var current = await client.GetAsync(url);
        (await client.SendAsync(HttpMethod.Put, url, new { channel = "news", title, publishedAt = ContentApi.Published },
            current.Headers.ETag!.ToString())).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_update_through_one_instance_is_read_through_another_within_the_bound()
    {
        var (_, _, url) = await PublishedAsync("第一版");
        await using var other = Database.NewApp();
        using var readerOfB = other.CreateClient();
        Assert.Equal("第一版", await TitleAsync(readerOfB, url));
        Assert.Equal("第一版", await TitleAsync(readerOfB, url)); // read twice: kept (CacheAdmission)
        Assert.NotNull((await readerOfB.GetAsync(url)).Headers.Age); // B answers from its cache now

        for (var version = 2; version <= 5; version++)
        {
            await RetitleAsync(Admin, url, $"第{version}版");

            await WithinAsync(Bound, async () => await TitleAsync(readerOfB, url) == $"第{version}版");
            for (var i = 0; i < 10; i++) // and never the old version again
            {
                Assert.Equal($"第{version}版", await TitleAsync(readerOfB, url));
            }
        }
    }

    [Fact]
    public async Task A_key_revoked_through_one_instance_is_refused_by_another()
    {
        var created = await (await Admin.PostJsonAsync("/api/v1/keys", new { name = "脚本", scopes = new[] { Scopes.SitesAdmin } }))
            .OkJsonAsync(HttpStatusCode.Created);
        await using var other = Database.NewApp();
        using var throughB = other.CreateClient();
        throughB.DefaultRequestHeaders.Authorization = new("Bearer", created.Text("key"));
        Assert.Equal(HttpStatusCode.Created, (await throughB.PostJsonAsync("/api/v1/sites", new
        {
            key = ContentApi.NewKey(), name = "乙站", domains = new[] { "b.example.gov.cn" }, sponsor = "某局", copyright = new { holder = "某局" },
        })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/keys/{created["info"]!.Text("prefix")}")).StatusCode);

        // Keys are read from the primary on every request: refused at once, not merely within the bound.
        await (await throughB.GetAsync("/api/v1/keys")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_instance_that_lost_its_change_notices_retires_what_changed_meanwhile_when_it_listens_again()
    {
        // A transaction that began before these writes and still runs when B starts (in a full run, another test's)
        // holds the change log's start position back before them: B must not take them for changes it missed.
        await using var older = new NpgsqlConnection(Database.ConnectionString);
        await older.OpenAsync();
        await using var running = await older.BeginTransactionAsync();
        await older.ExecuteScalarAsync<string>("SELECT pg_current_xact_id()::text", transaction: running);
        var (_, _, url) = await PublishedAsync("断线前");
        var (_, _, untouched) = await PublishedAsync("断线期间未改");
        await using var other = Database.NewApp();
        using var readerOfB = other.CreateClient();
        await running.RollbackAsync();
        foreach (var read in new[] { url, url, untouched, untouched })
        {
            await TitleAsync(readerOfB, read); // read twice: kept
        }
        Assert.NotNull((await readerOfB.GetAsync(untouched)).Headers.Age);

        // Cut B's listening connection: notices sent until it listens again are lost to B.
        var health = other.Services.GetRequiredService<ChangeFeedHealth>();
        await using var admin = new NpgsqlConnection(Database.ConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
        await WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(!health.Trusted));
        await RetitleAsync(Admin, url, "断线后");

        // Meanwhile B does not use its cache. Once it listens again it has retired what changed in between, from the
        // change log (its clock stands still, so the log's regular catch-up, two seconds behind, has not run), and kept
        // the rest.
        Assert.Equal("断线后", await TitleAsync(readerOfB, url));
        await WithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(health.Trusted));
        Assert.Equal("断线后", await TitleAsync(readerOfB, url));
        Assert.Equal("断线后", await TitleAsync(readerOfB, url));
        var kept = await readerOfB.GetAsync(untouched);
        Assert.NotNull(kept.Headers.Age);
        Assert.Equal("断线期间未改", (await kept.OkJsonAsync()).Text("title"));
    }

    [Fact]
    public async Task A_change_committed_with_no_notice_reaches_the_other_instances_from_the_change_log()
    {
        var (site, id, url) = await PublishedAsync("第一版");
        await using var other = Database.NewApp();
        using var readerOfB = other.CreateClient();
        Assert.Equal("第一版", await TitleAsync(readerOfB, url));
        // B may also announce this site's changes from before it started, when a transaction of another test in the
        // cluster held its start position back (as the feed's start does): count the changes after them.
        long before;
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            before = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM content_changes");
        }
        var announced = new System.Collections.Concurrent.ConcurrentQueue<CmsApi.Data.ContentChange>();
        other.Services.GetRequiredService<CmsApi.Data.ContentChanges>().Changed += change =>
        {
            if (change.Remote && change.Site == site && change.Number > before)
            {
                announced.Enqueue(change);
            }
        };

        // A transaction older than the writes below (in a full run, another test's) holds the change log's catch-up
        // back before them for a while: B must still remember what it heard when the catch-up comes to it.
        await using var older = new NpgsqlConnection(Database.ConnectionString);
        await older.OpenAsync();
        await using var running = await older.BeginTransactionAsync();
        await older.ExecuteScalarAsync<string>("SELECT pg_current_xact_id()::text", transaction: running);

        // A write through A: B hears its notice. (Wait for the notice, not for the new title: B, which has not kept the
        // article yet, reads it from the database at once, and a notice heard after B kept it would retire it.)
        await RetitleAsync(Admin, url, "第二版");
        await WithinAsync(Bound, () => Task.FromResult(!announced.IsEmpty));
        Assert.Equal("第二版", await TitleAsync(readerOfB, url));
        Assert.Equal("第二版", await TitleAsync(readerOfB, url)); // read twice: kept
        // An instance that committed a change and stopped before its notice: the article and its change-log row, no notice.
        await using (var crashed = new NpgsqlConnection(Database.ConnectionString))
        {
            await crashed.OpenAsync();
            await using var transaction = await crashed.BeginTransactionAsync();
            await crashed.ExecuteAsync("UPDATE articles SET title = '第三版', version = version + 1 WHERE id = @id", new { id }, transaction);
            await crashed.ExecuteAsync(
                "INSERT INTO content_changes (tx, site_key, article_id, changed_at) VALUES (pg_current_xact_id()::text::bigint, @site, @id, @at)",
                new { site, id, at = other.Clock.GetUtcNow().ToUnixTimeMilliseconds() }, transaction);
            await transaction.CommitAsync();
        }
        Assert.Equal("第二版", await TitleAsync(readerOfB, url)); // nothing told B

        // Once a notice would have come, B reads the change log and finds the change no notice announced. The log is
        // read in commit order up to the first change too new to judge: other tests, writing to the same database beside
        // this one on clocks of their own moved days ahead, may have logged such changes in between, so B's clock goes
        // past every change logged so far. (Cached answers expire on the real clock, not on this one.)
        long newest;
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            newest = await connection.ExecuteScalarAsync<long>("SELECT MAX(changed_at) FROM content_changes");
        }
        // It goes minutes past them, as in a full run, where other tests' clocks are days ahead: past the minute B
        // remembers a change it has announced once the catch-up has read past it.
        var later = new[] { App.Clock.GetUtcNow(), other.Clock.GetUtcNow(), DateTimeOffset.FromUnixTimeMilliseconds(newest) }.Max() +
                    CmsApi.Data.ChangeFeed.NoticeGrace + TimeSpan.FromMinutes(2);
        other.Clock.SetUtcNow(later);
        for (var round = 0; round < 3; round++) // rounds of catch-up that stop at the older transaction
        {
            other.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }
        Assert.Equal("第二版", await TitleAsync(readerOfB, url));
        await running.RollbackAsync();
        await WithinAsync(TimeSpan.FromSeconds(5), async () =>
        {
            // a round of catch-up on each look: a round may find the change held back by a transaction of another test's
            // database (the horizon is the server's oldest running transaction), and B's clock would not tick again
            other.Clock.Advance(TimeSpan.FromSeconds(1));
            return await TitleAsync(readerOfB, url) == "第三版";
        });
        // the change B heard is not announced a second time from the log. (The title can be fresh a moment before this
        // test's handler, which runs after the cache's on the catch-up's thread, has counted the announcement.)
        await WithinAsync(Bound, () => Task.FromResult(announced.Count >= 2));
        Assert.Equal(2, announced.Count);
        Assert.Equal(announced.Select(c => c.Number).Distinct().Count(), announced.Count);
    }

    [Fact]
    public async Task A_pin_whose_instance_never_looks_again_is_ended_by_another_instance()
    {
        var (site, id, url) = await PublishedAsync("限时置顶");
        await using var other = Database.NewApp();
        using var adminOfB = other.AdminClient();
        Assert.False((await (await adminOfB.GetAsync(url)).OkJsonAsync())["pinned"]!.GetValue<bool>()); // B has started

        // pinned through A, whose clock then stands still: only B's sweep, at least once a minute, can end it
        var until = new[] { App.Clock.GetUtcNow(), other.Clock.GetUtcNow() }.Max() + TimeSpan.FromMinutes(30);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/pin", new { until })).OkJsonAsync();
        Assert.True((await (await adminOfB.GetAsync(url)).OkJsonAsync())["pinned"]!.GetValue<bool>());
        other.Clock.SetUtcNow(until + TimeSpan.FromMinutes(1));
        var seconds = 0;
        await WithinAsync(TimeSpan.FromSeconds(10), async () =>
        {
            // B's time goes on for one more minute at most: a sleep B began just as the clock jumped must still pass,
            // as it would on a clock that does not stand still (and a longest sleep over half an hour still fails)
            if (seconds++ < 60)
            {
                other.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            return !(await (await adminOfB.GetAsync(url)).OkJsonAsync())["pinned"]!.GetValue<bool>();
        });
        var history = await (await Admin.GetAsync($"{url}/revisions")).OkJsonAsync();
        Assert.Equal("pin-ended", history["items"]![0]!.Text("action"));
    }

    private static string ReplicaOf(string primary, int? port = null)
    {
        var replica = PostgresServer.Replica;
        if (replica is null)
        {
            Assert.SkipWhen(!PostgresServer.Required, "No replica: set CMS_TEST_POSTGRES_REPLICA (.ci/postgres starts one).");
            Assert.Fail("CMS_REQUIRE_POSTGRES=1 but CMS_TEST_POSTGRES_REPLICA is not set.");
        }
        var builder = new NpgsqlConnectionStringBuilder(replica) { Database = new NpgsqlConnectionStringBuilder(primary).Database, ApplicationName = "cmsapi-replica-reads" };
        if (port is { } p)
        {
            builder.Port = p;
            builder.Pooling = false; // every read opens a connection: a stopped replica shows at once
        }
        return builder.ConnectionString;
    }

    [Fact]
    public async Task Public_reads_come_from_the_replica_and_never_lag_behind_a_write()
    {
        var replica = ReplicaOf(Database.ConnectionString);
        await using var app = Database.NewApp(a =>
        {
            a.Settings["ConnectionStrings:CmsReplica"] = replica;
            a.Settings["Caching:Enabled"] = "false"; // every read goes to a database
        });
        using var admin = app.AdminClient();
        using var anonymous = app.CreateClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var id = await ContentApi.PublishedAsync(admin, site, "副本读取", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        await using var standby = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(replica) { ApplicationName = "test", Pooling = false }.ConnectionString);
        await WithinAsync(TimeSpan.FromSeconds(10), async () =>
        {
            try
            {
                await standby.OpenAsync();
                return true;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                return false; // the standby has not replayed the CREATE DATABASE of this test's database yet
            }
        });
        Assert.True(await standby.ExecuteScalarAsync<bool>("SELECT pg_is_in_recovery()"));

        // Public reads go to the replica once it has replayed the writes (the article and the service's connections
        // show there); until then they come from the primary.
        await WithinAsync(TimeSpan.FromSeconds(5), async () =>
        {
            Assert.Equal("副本读取", await TitleAsync(anonymous, url));
            try
            {
                return await standby.ExecuteScalarAsync<string>("SELECT title FROM articles WHERE id = @id", new { id }) == "副本读取"
                    && await standby.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cmsapi-replica-reads' AND datname = current_database()") > 0;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return false; // the standby has not replayed the migrations of this test's new database yet
            }
        });

        // With replay paused the replica falls behind a write: public reads must still show the write.
        await standby.ExecuteAsync("SELECT pg_wal_replay_pause()");
        try
        {
            await RetitleAsync(admin, url, "主库已改");

            Assert.Equal("副本读取", await standby.ExecuteScalarAsync<string>("SELECT title FROM articles WHERE id = @id", new { id }));
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal("主库已改", await TitleAsync(anonymous, url));
            }
        }
        finally
        {
            await standby.ExecuteAsync("SELECT pg_wal_replay_resume()");
        }
    }

    [Fact]
    public async Task With_the_replica_gone_the_service_answers_from_the_primary()
    {
        var port = new NpgsqlConnectionStringBuilder(ReplicaOf(Database.ConnectionString)).Port;
        await using var proxy = new TcpProxy(port);
        await using var app = Database.NewApp(a =>
        {
            a.Settings["ConnectionStrings:CmsReplica"] = ReplicaOf(Database.ConnectionString, proxy.Port);
            a.Settings["Caching:Enabled"] = "false";
        });
        using var admin = app.AdminClient();
        using var anonymous = app.CreateClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var id = await ContentApi.PublishedAsync(admin, site, "副本停机", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        await WithinAsync(TimeSpan.FromSeconds(5), async () =>
        {
            var accepted = proxy.Accepted;
            await TitleAsync(anonymous, url);
            return proxy.Accepted > accepted; // without pooling, a read through the replica is a new connection
        });

        await proxy.StopAsync();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("副本停机", await TitleAsync(anonymous, url));
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
    }
}
