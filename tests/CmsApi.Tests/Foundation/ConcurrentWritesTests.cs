using System.Net;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Foundation;

public sealed class ConcurrentWritesTestsOnSqlite(SqliteDatabase database) : ConcurrentWritesTests(database), IClassFixture<SqliteDatabase>;

public sealed class ConcurrentWritesTestsOnPostgres(PostgresDatabase database) : ConcurrentWritesTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// Writes that claim the same key at the same moment (a script run twice, a retry while the first request still runs):
/// exactly one succeeds and the others are told 409, never a 500, and nothing is stored twice. On PostgreSQL two
/// transactions can both find a key free; the unique index then refuses the second insert.
/// </summary>
public abstract class ConcurrentWritesTests(TestDatabase database) : ApiTest(database)
{
    private const int Writers = 8;

    private static async Task<HttpResponseMessage[]> AtOnceAsync(Func<Task<HttpResponseMessage>> write) =>
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(write)));

    private static void OneCreatedTheRestConflict(HttpResponseMessage[] responses)
    {
        Assert.Equal([HttpStatusCode.Created], responses.Select(r => r.StatusCode).Where(s => s != HttpStatusCode.Conflict));
        Assert.Equal(Writers - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_site_key_claimed_at_once_is_one_site()
    {
        var key = ContentApi.NewKey();

        OneCreatedTheRestConflict(await AtOnceAsync(() => Admin.PostJsonAsync("/api/v1/sites", new
        {
            key, name = "测试网", domains = new[] { "www.example.gov.cn" }, sponsor = "某局", copyright = new { holder = "某局" },
        })));

        var sites = await (await Anonymous.GetAsync("/api/v1/sites")).OkJsonAsync();
        Assert.Single(sites["items"]!.AsArray(), s => s!.Text("key") == key);
    }

    [Fact]
    public async Task A_channel_key_claimed_at_once_is_one_channel()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        OneCreatedTheRestConflict(await AtOnceAsync(() => Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "study", name = "理论学习" })));

        var channels = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels")).OkJsonAsync();
        Assert.Single(channels["items"]!.AsArray(), c => c!.Text("key") == "study");
    }

    [Fact]
    public async Task A_slug_claimed_at_once_is_one_article()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        OneCreatedTheRestConflict(await AtOnceAsync(() => Admin.PostJsonAsync($"/api/v1/sites/{site}/articles",
            new { channel = "news", title = "同一个别名", slug = "same-slug" })));

        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        Assert.Single(drafts["items"]!.AsArray());
    }

    [Fact]
    public async Task Changes_to_a_channel_naming_one_version_at_once_are_one_change()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var version = (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels/notices")).OkJsonAsync())["version"]!.GetValue<long>();

        var responses = await AtOnceAsync(() => Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/notices",
            new { name = "通知" + Guid.NewGuid().ToString("N")[..4] }, $"\"{version}\""));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(Writers - 1, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var after = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels/notices")).OkJsonAsync();
        Assert.Equal(version + 1, after["version"]!.GetValue<long>());
    }

    /// <summary>
    /// Writes that name no version (workflow steps without If-Match, a PUT with <c>If-Match: *</c>, a batch move) are each
    /// made on the article as it is when its turn comes. On PostgreSQL another write of the article could land between a
    /// write's read and its UPDATE, which then answered 412 to a client that had asked for no version.
    /// </summary>
    [Fact]
    public async Task Writes_of_one_article_naming_no_version_at_once_are_each_made()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var id = await ContentApi.PublishedAsync(Admin, site, "同时修改", ContentApi.Published);
        var article = await (await Admin.GetAsync($"{articles}/{id}")).OkJsonAsync();
        var level = 0;

        var responses = await AtOnceAsync(() => (Interlocked.Increment(ref level) % 4) switch
        {
            0 => Admin.PostJsonAsync($"{articles}/{id}/pin", new { level = Random.Shared.Next(1, 10) }),
            1 => Admin.PostJsonAsync($"{articles}/{id}/unpin", new { }),
            2 => Admin.PostJsonAsync($"{articles}/batch/move", new { ids = new[] { id }, channel = Random.Shared.Next(2) == 0 ? "news" : "notices" }),
            _ => Admin.SendAsync(HttpMethod.Put, $"{articles}/{id}", new { channel = "news", title = $"同时修改{Random.Shared.Next()}" }, "*"),
        });
        responses = [.. responses, .. await AtOnceAsync(() => Admin.PostJsonAsync($"{articles}/{id}/pin", new { level = Random.Shared.Next(1, 10) }))];

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var moved in responses.Where(r => r.RequestMessage!.RequestUri!.AbsolutePath.EndsWith("/batch/move", StringComparison.Ordinal)))
        {
            var item = (await moved.OkJsonAsync())["items"]![0]!;
            Assert.True(item["status"]!.GetValue<int>() == 200, $"{item}");
        }
        // every version one write, none lost: the revisions count them
        var after = await (await Admin.GetAsync($"{articles}/{id}")).OkJsonAsync();
        var revisions = await ContentApi.PageThroughAsync(Admin, $"{articles}/{id}/revisions?limit=100");
        Assert.Equal(after["version"]!.GetValue<long>(), revisions.Count);
        Assert.True(after["version"]!.GetValue<long>() > article["version"]!.GetValue<long>());
    }

    /// <summary>The same for a webhook replaced without If-Match: each replace is made, one after another.</summary>
    [Fact]
    public async Task Replaces_of_one_webhook_naming_no_version_at_once_are_each_made()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/webhooks/" +
            (await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks", new { url = "https://example.gov.cn/hook" })).OkJsonAsync(HttpStatusCode.Created))["webhook"]!.Id();

        var responses = await AtOnceAsync(() => Admin.SendAsync(HttpMethod.Put, url, new { url = "https://example.gov.cn/hook", description = $"{Guid.NewGuid()}" }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1 + Writers, (await (await Admin.GetAsync(url)).OkJsonAsync())["version"]!.GetValue<long>());
    }

    /// <summary>And for a site's 错敏词库 replaced with If-Match: *, its first list included.</summary>
    [Fact]
    public async Task Replaces_of_one_term_list_naming_no_version_at_once_are_each_made()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/terms";

        var responses = await AtOnceAsync(() => Admin.SendAsync(HttpMethod.Put, url,
            new { items = new[] { new { term = $"词{Guid.NewGuid():N}"[..8], severity = "warn" } } }, "*"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var versions = new List<long>();
        foreach (var response in responses)
        {
            versions.Add((await response.OkJsonAsync())["version"]!.GetValue<long>());
        }
        Assert.Equal(Enumerable.Range(1, Writers).Select(v => (long)v), versions.Order());
        Assert.Equal(Writers, (await (await Admin.GetAsync(url)).OkJsonAsync())["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Moves_that_together_would_make_a_cycle_leave_a_tree()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        // Each move alone is fine; both together would put news under notices under news.
        var moves = await Task.WhenAll(
            Task.Run(() => Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/news", new { parent = "notices" })),
            Task.Run(() => Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/notices", new { parent = "news" })));

        Assert.Equal(1, moves.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(moves, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{r.StatusCode}"));
        var tree = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels")).OkJsonAsync();
        Assert.Single(tree["items"]!.AsArray(), c => c!.Text("key") is "news" or "notices");
    }

    [Fact]
    public async Task A_channel_deleted_while_articles_are_written_into_it_is_either_gone_or_kept_with_them()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var writes = AtOnceAsync(() => Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "notices", title = "通知" }));
        var delete = Task.Run(() => Admin.DeleteAsync($"/api/v1/sites/{site}/channels/notices"));
        var (created, deleted) = (await writes, await delete);

        Assert.All(created, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{r.StatusCode}"));
        Assert.True(deleted.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, $"{deleted.StatusCode}");
        var stored = (await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync())["items"]!.AsArray().Count;
        Assert.Equal(created.Count(r => r.StatusCode == HttpStatusCode.Created), stored);
        Assert.Equal(deleted.StatusCode == HttpStatusCode.NoContent, stored == 0);
    }

    [Fact]
    public async Task A_site_deleted_while_articles_and_channels_are_written_into_it_is_either_gone_or_kept_with_them()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var writes = AtOnceAsync(() => Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "notices", title = "通知" }));
        var channel = Task.Run(() => Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "study", name = "理论学习" }));
        var delete = Task.Run(() => Admin.DeleteAsync($"/api/v1/sites/{site}"));
        var (created, deleted) = (await writes, await delete);

        Assert.All(created, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.NotFound, $"{r.StatusCode}"));
        Assert.True((await channel).StatusCode is HttpStatusCode.Created or HttpStatusCode.NotFound, $"{(await channel).StatusCode}");
        Assert.True(deleted.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, $"{deleted.StatusCode}");
        Assert.Equal(deleted.StatusCode == HttpStatusCode.NoContent, created.All(r => r.StatusCode == HttpStatusCode.NotFound));
    }
}

