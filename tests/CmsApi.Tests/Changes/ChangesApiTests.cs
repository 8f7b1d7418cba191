using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CmsApi.Changes;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Changes;

public sealed class ChangesApiTestsOnSqlite(SqliteDatabase database) : ChangesApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class ChangesApiTestsOnPostgres(PostgresDatabase database) : ChangesApiTests(database), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_change_committed_before_an_older_transaction_ends_waits_for_it()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var feed = await FeedAsync();
        // A writer that began first and commits last: its change is numbered before the API's, and commits after it.
        await using var slow = await App.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await slow.ExecuteAsync(
            "INSERT INTO content_changes (tx, site_key, article_id, changed_at) VALUES (pg_current_xact_id()::text::bigint, @site, 41, 0)",
            new { site }, transaction);
        var id = await ContentApi.PublishedAsync(Admin, site, "后提交", ContentApi.Published);

        // The API's change is held back, not passed over. (The site's own changes may come: they committed before the
        // feed's start, but while another test's transaction ran, and a start without a cursor takes those in.)
        Assert.DoesNotContain(await feed.NextAsync(site), OfAnArticle);
        await transaction.CommitAsync();

        Assert.Equal([41, id, id], (await feed.NextAsync(site, expected: 3, counted: OfAnArticle)).Where(OfAnArticle)
            .Select(c => c["articleId"]!.GetValue<long>()));
    }
}

public abstract class ChangesApiTests(TestDatabase database) : ApiTest(database)
{
    /// <summary>Follows the feed from where it stood when made, as a CDN's purge worker does; <paramref name="query"/>
    /// adds to each request's query string (<c>&amp;site=…</c>).</summary>
    protected sealed class Feed(HttpClient client, string cursor, string query = "")
    {
        public string Cursor { get; private set; } = cursor;

        /// <summary>
        /// The changes of one site (the test database is shared; null: of all) after the cursor, page by page, until at least
        /// <paramref name="expected"/> came: on PostgreSQL a change waits while any older transaction of the server,
        /// another test's too, is still running.
        /// </summary>
        public async Task<List<JsonNode>> NextAsync(string? site, int expected = 0, int limit = 100, Func<JsonNode, bool>? counted = null)
        {
            var items = new List<JsonNode>();
            var until = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                var page = await (await client.GetAsync($"/api/v1/changes?limit={limit}&cursor={Cursor}{query}")).OkJsonAsync();
                Cursor = page.Text("nextCursor");
                var all = page["items"]!.AsArray();
                items.AddRange(all.Where(c => site is null || c!.Text("site") == site).Select(c => c!));
                if (all.Count == limit)
                {
                    continue;
                }
                if (items.Count(counted ?? (_ => true)) >= expected || DateTime.UtcNow > until)
                {
                    return items;
                }
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A change to an article, not to its site or channels.</summary>
    protected static bool OfAnArticle(JsonNode change) => change["articleId"] is not null;

    protected async Task<Feed> FeedAsync()
    {
        var start = await (await Admin.GetAsync("/api/v1/changes")).OkJsonAsync();
        Assert.Empty(start["items"]!.AsArray());
        return new Feed(Admin, start.Text("nextCursor"));
    }

    /// <summary>Each change's article, or null for a change to the site.</summary>
    private static IEnumerable<long?> Articles(IEnumerable<JsonNode> changes) => changes.Select(c => c["articleId"]?.GetValue<long>());

    private static string Keys(JsonNode change) => string.Join(' ', change["surrogateKeys"]!.AsArray().Select(k => k!.GetValue<string>()));

    [Fact]
    public async Task A_change_names_the_articles_whose_related_articles_it_may_have_changed()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var policy = await ContentApi.PublishedAsync(Admin, site, "政策文件", ContentApi.Published, "notices");
        var other = await ContentApi.PublishedAsync(Admin, site, "另一文件", ContentApi.Published, "notices");
        var reading = await ContentApi.PublishedAsync(Admin, site, "政策解读", ContentApi.Published);
        async Task PatchAsync(long id, object patch) =>
            await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{id}", patch, ifMatch: "*")).OkJsonAsync();
        var feed = await FeedAsync();

        await PatchAsync(reading, new { related = new[] { policy } }); // the 文件's backlinks gain the 解读
        await PatchAsync(reading, new { related = new[] { other } }); // the first 文件 loses it, the other gains it
        await PatchAsync(policy, new { title = "政策文件（修订）" }); // nothing names it now
        await PatchAsync(other, new { title = "另一文件（修订）" }); // the 解读 lists it under its title
        await (await Admin.PostJsonAsync($"{articles}/{reading}/trash", new { })).OkJsonAsync(); // it leaves the other's backlinks

        static string Named(JsonNode change) =>
            $"{change["articleId"]}:{string.Join(',', change["related"]!.AsArray().Select(id => id!.GetValue<long>()))}";
        // the writes above (on PostgreSQL a feed started without a cursor may also hold the publishes from just before it)
        static bool Made(JsonNode change) => OfAnArticle(change) && change["action"]?.GetValue<string>() is "patch" or "trash";
        var changes = (await feed.NextAsync(site, expected: 5, counted: Made)).Where(Made).Select(Named);
        Assert.Equal([$"{reading}:{policy}", $"{reading}:{policy},{other}", $"{policy}:", $"{other}:{reading}", $"{reading}:{other}"], changes);

        // a 解读 scheduled for later: when its time comes (no write), the 文件 it names is named too
        var scheduled = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "定时解读", related = new[] { policy } })).Id();
        await ContentApi.PublishAsync(Admin, site, scheduled, new { publishedAt = App.Clock.GetUtcNow().AddHours(1) });
        Assert.Equal([$"{scheduled}:{policy}", $"{scheduled}:{policy}"], (await feed.NextAsync(site, expected: 2)).Select(Named));
        App.Clock.Advance(TimeSpan.FromHours(2));
        var due = Assert.Single(await feed.NextAsync(site, expected: 1));
        Assert.Equal(("due", $"{scheduled}:{policy}"), (due.Text("cause"), Named(due)));
    }

    [Fact]
    public async Task Every_write_the_public_sees_is_in_the_feed_in_order_with_what_to_purge()
    {
        var feed = await FeedAsync();
        var site = await ContentApi.NewSiteAsync(Admin); // the site and its three channels
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿" })).Id();
        await ContentApi.PublishAsync(Admin, site, id);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{id}", new { title = "改过" }, ifMatch: "*")).OkJsonAsync();
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/trash", new { })).OkJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/articles/{id}")).StatusCode);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/notices", new { name = "公告" }, ifMatch: "*")).OkJsonAsync();
        await ContentApi.ReplaceSiteAsync(Admin, site, holder: "另一局");
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/departments")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/news")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}")).StatusCode);

        var changes = await feed.NextAsync(site, expected: 15);

        var siteKeys = $"site-{site}";
        var articleKeys = $"lists-{site} article-{id}";
        Assert.Equal(
            [siteKeys, siteKeys, siteKeys, siteKeys, articleKeys, articleKeys, articleKeys, articleKeys, articleKeys,
             siteKeys, siteKeys, siteKeys, siteKeys, siteKeys, siteKeys],
            changes.Select(Keys));
        Assert.All(changes, c => Assert.Equal("write", c.Text("cause")));
        Assert.Equal(id, changes[4]["articleId"]!.GetValue<long>());
        Assert.Null(changes[0]["articleId"]);
        // what each write did, and the version it made (the revision to read); the site's changes say neither
        Assert.Equal([("create", 1L), ("publish", 2), ("patch", 3), ("trash", 4), ("purge", 4)],
            changes.Where(OfAnArticle).Select(c => (c.Text("action"), c["version"]!.GetValue<long>())));
        Assert.All(changes.Where(c => !OfAnArticle(c)), c => Assert.Equal((null, null), (c["action"], c["version"])));
        Assert.All(changes, c => Assert.EndsWith("+00:00", c.Text("at"), StringComparison.Ordinal)); // the site is gone: UTC
        Assert.Empty(await feed.NextAsync(site));
    }

    [Fact]
    public async Task A_purge_of_several_is_a_purge_of_each_in_the_feed()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var news = await ContentApi.PublishedAsync(Admin, site, "新闻", ContentApi.Published);
        var notice = await ContentApi.PublishedAsync(Admin, site, "通知", ContentApi.Published, "notices");
        foreach (var id in new[] { news, notice })
        {
            await (await Admin.PostJsonAsync($"{articles}/{id}/trash", new { })).OkJsonAsync();
        }
        var feed = await FeedAsync();

        await (await Admin.PostJsonAsync($"{articles}/purge", new { ids = new[] { notice, news } })).OkJsonAsync();

        // (on PostgreSQL a feed started without a cursor may also hold the writes from just before it)
        static bool Purge(JsonNode change) => change["action"]?.GetValue<string>() == "purge";
        var changes = (await feed.NextAsync(site, expected: 2, counted: Purge)).Where(Purge).ToList();
        Assert.Equal([(news, "purge", "news"), (notice, "purge", "notices")],
            changes.Select(c => (c["articleId"]!.GetValue<long>(), c.Text("action"), c.Text("channel"))));
        Assert.All(changes, c => Assert.Contains($"article-{c["articleId"]}", Keys(c), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_limited_to_sites_follows_their_changes_alone_and_a_cursor_keeps_to_its_feed()
    {
        var (a, b, c) = (await ContentApi.NewSiteAsync(Admin), await ContentApi.NewSiteAsync(Admin), await ContentApi.NewSiteAsync(Admin));
        var (limited, _) = await ClientWithNewKeyAsync(new { name = "两站清缓存", scopes = new[] { "changes:read" }, sites = new[] { a, b } });
        using var _1 = limited;

        async Task<Feed> StartAsync(HttpClient client, string query = "")
        {
            var start = await (await client.GetAsync($"/api/v1/changes?{query}")).OkJsonAsync();
            Assert.Empty(start["items"]!.AsArray());
            return new Feed(client, start.Text("nextCursor"), $"&{query}");
        }

        // Every article's change after the cursor, two a page, until `expected` came: the sites named. (On PostgreSQL a
        // feed starts before the oldest transaction still running in the server, another test's too, so the new sites'
        // own creation may come again; the feed promises every change at least once.)
        static async Task<List<string>> Sites(Feed feed, int expected) =>
            (await feed.NextAsync(null, expected, limit: 2, counted: OfAnArticle)).Where(OfAnArticle).Select(change => change.Text("site")).ToList();

        var both = await StartAsync(limited);
        var ofC = await StartAsync(Admin, $"site={c}");
        var ofA = await StartAsync(limited, $"site={a}");
        await ContentApi.CreateAsync(Admin, a, new { channel = "news", title = "甲站" });
        await ContentApi.CreateAsync(Admin, c, new { channel = "news", title = "丙站" });
        await ContentApi.CreateAsync(Admin, b, new { channel = "news", title = "乙站" });
        await ContentApi.CreateAsync(Admin, c, new { channel = "news", title = "丙站二" });
        await ContentApi.CreateAsync(Admin, a, new { channel = "news", title = "甲站二" });

        // other tests write to the shared database too, but never to these sites
        Assert.Equal([a, b, a], await Sites(both, expected: 3));
        Assert.Equal([c, c], await Sites(ofC, expected: 2));
        Assert.Equal([a, a], await Sites(ofA, expected: 2));

        // past the other sites' changes for good: the next page has the next change of its sites, and nothing again
        await ContentApi.CreateAsync(Admin, c, new { channel = "news", title = "丙站三" });
        await ContentApi.CreateAsync(Admin, b, new { channel = "news", title = "乙站二" });
        Assert.Equal([b], await Sites(both, expected: 1));

        // scheduled articles coming due are of their site's feed too
        var at = App.Clock.GetUtcNow().AddHours(1);
        foreach (var site in new[] { c, a })
        {
            var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "定时" })).Id();
            await ContentApi.PublishAsync(Admin, site, id, new { publishedAt = at });
        }
        Assert.Equal([a, a], await Sites(both, expected: 2));
        App.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal([a], await Sites(both, expected: 1));

        // a cursor belongs to its feed; the key reaches no other site's
        await (await limited.GetAsync($"/api/v1/changes?cursor={both.Cursor}&site={a}")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.GetAsync($"/api/v1/changes?cursor={both.Cursor}")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await limited.GetAsync($"/api/v1/changes?site={c}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await limited.GetAsync("/api/v1/changes?site=../etc")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await limited.GetAsync($"/api/v1/sites/{a}/articles?status=draft")).ProblemAsync(HttpStatusCode.Forbidden); // only changes:read
        await (await limited.GetAsync("/api/v1/keys")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Refused_writes_steps_taken_again_and_reads_are_not_in_the_feed()
    {
        var feed = await FeedAsync(); // first: a start without a cursor may take in changes from just before it
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "已发布", ContentApi.Published);

        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{id}", new { title = "旧版本" }, ifMatch: "\"1\""))
            .ProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "news", name = "重复" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/news")).ProblemAsync(HttpStatusCode.Conflict); // not empty
        await (await Admin.DeleteAsync($"/api/v1/sites/{site}")).ProblemAsync(HttpStatusCode.Conflict);
        // a retry after a lost answer changes nothing, so it retires no cached answer
        await ContentApi.PublishAsync(Admin, site, id);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/unpin", new { })).OkJsonAsync();
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync();
        (await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sites/{site}/articles/{id}/views"))).EnsureSuccessStatusCode();
        var written = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "写成" })).Id();

        Assert.Equal([null, null, null, null, id, id, written], Articles(await feed.NextAsync(site, expected: 7)));
    }

    [Fact]
    public async Task A_scheduled_article_is_in_the_feed_once_when_its_time_comes()
    {
        var feed = await FeedAsync();
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "定时" })).Id();
        var at = App.Clock.GetUtcNow().AddHours(1);
        await ContentApi.PublishAsync(Admin, site, id, new { publishedAt = at });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        // published at once, in the same window: its writes are in the feed, and it does not come due again
        var atOnce = await ContentApi.PublishedAsync(Admin, site, "即时", App.Clock.GetUtcNow());

        Assert.Equal([null, null, null, null, id, id, atOnce, atOnce], Articles(await feed.NextAsync(site, expected: 8)));
        App.Clock.Advance(TimeSpan.FromHours(2));

        var due = Assert.Single(await feed.NextAsync(site, expected: 1));
        Assert.Equal(("due", null), (due.Text("cause"), due["action"]));
        Assert.Equal(("news", (string?)null), (due.Text("channel"), due["movedFrom"]?.GetValue<string>()));
        Assert.Equal($"lists-{site} article-{id}", Keys(due));
        Assert.Equal(at, DateTimeOffset.Parse(due.Text("at"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await feed.NextAsync(site));
    }

    [Fact]
    public async Task Full_pages_lead_on_to_every_change_once()
    {
        var feed = await FeedAsync();
        var site = await ContentApi.NewSiteAsync(Admin);
        var ids = new List<long?> { null, null, null, null };
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = $"第{i}篇" })).Id());
        }

        var changes = await feed.NextAsync(site, expected: 9, limit: 2);

        Assert.Equal(ids, Articles(changes));
        Assert.All(changes, c => Assert.EndsWith("+08:00", c.Text("at"), StringComparison.Ordinal)); // the site's time zone
    }

    [Fact]
    public async Task An_import_that_writes_the_footer_into_the_site_changes_the_site()
    {
        var feed = await FeedAsync();
        var site = await ContentApi.NewSiteAsync(Admin);
        var page = string.Join("\n", LegacyPage.Lines);

        var imported = await (await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news&applyFooter=true",
            new StringContent(page, Encoding.UTF8, "text/plain"))).OkJsonAsync(HttpStatusCode.Created);

        var id = imported["article"]!.Id();
        var changes = (await feed.NextAsync(site, expected: 6)).Skip(4).ToList();
        Assert.Equal([$"lists-{site} article-{id}", $"site-{site}"], changes.Select(Keys));
        Assert.Equal("import", changes[0].Text("action"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=eyJ0IjotMSwiaSI6MCwiZCI6MSwiaiI6MH0", "cursor")] // {"t":-1,"i":0,"d":1,"j":0}
    [InlineData("cursor=eyJzIjoibiIsInQiOjEsImkiOjF9", "cursor")] // an article list's cursor
    public async Task Bad_requests_are_refused(string query, string field)
    {
        var problem = await (await Admin.GetAsync($"/api/v1/changes?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_keep_shorter_than_an_hour_stops_the_start_with_its_setting_named()
    {
        await using var misconfigured = Database.NewApp(a => a.Settings["Changes:Keep"] = "00:00:30");

        var refused = Assert.Throws<InvalidOperationException>(() => misconfigured.CreateClient());

        Assert.Contains("Changes:Keep: '00:00:30'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_older_than_the_feed_keeps_is_gone_and_old_changes_are_deleted()
    {
        var feed = await FeedAsync();
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "旧事" });
        var log = App.Services.GetRequiredService<ChangeLog>();
        var database = App.Services.GetRequiredService<CmsApi.Data.Database>();
        async Task<long> KeptAsync()
        {
            await using var connection = await database.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM content_changes WHERE site_key = @site", new { site });
        }

        App.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await log.PruneAsync(CancellationToken.None);
        Assert.Equal(5, await KeptAsync()); // the site, its three channels and the article
        Assert.Equal(5, (await feed.NextAsync(site, expected: 5)).Count); // still good, and moved on to now
        var stale = feed.Cursor;
        App.Clock.Advance(TimeSpan.FromDays(8) + TimeSpan.FromMinutes(1));
        await log.PruneAsync(CancellationToken.None);

        Assert.Equal(0, await KeptAsync());
        var problem = await (await Admin.GetAsync($"/api/v1/changes?cursor={stale}")).ProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("cursor_expired", problem.Text("code"));
    }
}
