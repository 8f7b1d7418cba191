using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Search;

/// <summary>SQLite only: FTS5 adds a segment per write, and the service merges them once no article is written for a while.</summary>
public sealed class SearchIndexMergeTests
{
    private static readonly string[] Titles = ["基层党建工作会议召开", "生态环境保护督察反馈", "赶考精神专题学习", "乡村振兴项目推进会"];

    /// <summary>The service on a database of its own, so that no other test's writes add segments; disposing stops both.</summary>
    private sealed class Service(SqliteDatabase database, CmsAppFactory app) : IAsyncDisposable
    {
        public CmsAppFactory App => app;

        public static async Task<Service> StartAsync(string mergeAfterQuiet)
        {
            var database = new SqliteDatabase { StartsApp = false };
            await database.InitializeAsync();
            return new Service(database, database.NewApp(a => a.Settings["Search:MergeAfterQuiet"] = mergeAfterQuiet));
        }

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static async Task<long> SegmentsAsync(CmsAppFactory app, string table)
    {
        await using var connection = await app.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(DISTINCT segid) FROM {table}_idx");
    }

    /// <summary>
    /// Four articles, each created and published: four segments (publishing leaves the index alone). FTS5's own merges
    /// are turned off first: on an index this small they would fold the writes together at once, while on a large one
    /// they leave many segments behind (docs/performance.md).
    /// </summary>
    private static async Task<(string Site, long[] Ids)> WriteArticlesAsync(CmsAppFactory app)
    {
        await using (var connection = await app.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO article_search (article_search, rank) VALUES ('automerge', 0);
                INSERT INTO article_title_search (article_title_search, rank) VALUES ('automerge', 0);
                """);
        }
        using var admin = app.AdminClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var ids = new List<long>();
        foreach (var title in Titles)
        {
            ids.Add(await ContentApi.PublishedAsync(admin, site, title, CmsAppFactory.Start.AddDays(-1)));
        }
        return (site, ids.ToArray());
    }

    private static async Task<long[]> SearchAsync(CmsAppFactory app, string site, string q)
    {
        using var client = app.CreateClient();
        return (await (await client.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString(q)}")).OkJsonAsync())["items"]!
            .AsArray().Select(a => a!.Id()).ToArray();
    }

    /// <summary>Moves the fake clock on and gives the service a moment of real time to act.</summary>
    private static async Task PassAsync(CmsAppFactory app, TimeSpan time)
    {
        app.Clock.Advance(time);
        await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
    }

    private static Task QuietSpellAsync(CmsAppFactory app) => PassAsync(app, TimeSpan.FromMinutes(10));

    [Fact]
    public async Task Once_no_article_is_written_for_a_while_the_indexes_are_merged_into_one_segment_and_find_the_same()
    {
        await using var service = await Service.StartAsync("00:10:00");
        var app = service.App;
        var (site, ids) = await WriteArticlesAsync(app);
        Assert.Equal(4, await SegmentsAsync(app, "article_search"));
        Assert.Equal(4, await SegmentsAsync(app, "article_title_search"));

        for (var i = 0; i < 50 && (await SegmentsAsync(app, "article_search") > 1 || await SegmentsAsync(app, "article_title_search") > 1); i++)
        {
            await QuietSpellAsync(app);
        }

        Assert.Equal(1, await SegmentsAsync(app, "article_search"));
        Assert.Equal(1, await SegmentsAsync(app, "article_title_search"));
        for (var i = 0; i < Titles.Length; i++)
        {
            Assert.Equal([ids[i]], await SearchAsync(app, site, Titles[i]));
        }
        Assert.Equal([ids[0]], await SearchAsync(app, site, "党建"));
        Assert.Empty(await SearchAsync(app, site, "区块链"));
    }

    /// <summary>The merge waits for a whole quiet spell after the last write: an editor's burst of writes ends first.</summary>
    [Fact]
    public async Task A_write_within_the_quiet_spell_puts_the_merge_off_until_a_whole_spell_has_passed()
    {
        await using var service = await Service.StartAsync("00:10:00");
        var app = service.App;
        var (site, _) = await WriteArticlesAsync(app);
        using var admin = app.AdminClient();

        for (var i = 0; i < 3; i++)
        {
            await PassAsync(app, TimeSpan.FromMinutes(6));
            await ContentApi.PublishedAsync(admin, site, $"第{i}次会议", CmsAppFactory.Start.AddDays(-1));
        }
        await PassAsync(app, TimeSpan.FromMinutes(6));

        Assert.Equal(7, await SegmentsAsync(app, "article_search")); // 24 minutes on, never 10 without a write

        for (var i = 0; i < 50 && await SegmentsAsync(app, "article_search") > 1; i++)
        {
            await QuietSpellAsync(app);
        }
        Assert.Equal(1, await SegmentsAsync(app, "article_search"));
    }

    [Fact]
    public async Task Workflow_steps_and_edits_of_other_fields_leave_the_index_as_it_is()
    {
        await using var service = await Service.StartAsync("00:00:00");
        var app = service.App;
        var (site, ids) = await WriteArticlesAsync(app);
        using var admin = app.AdminClient();
        var url = $"/api/v1/sites/{site}/articles/{ids[0]}";
        var before = await SegmentsAsync(app, "article_search");

        (await admin.PostJsonAsync($"{url}/unpublish", new { })).EnsureSuccessStatusCode();
        await ContentApi.PublishAsync(admin, site, ids[0]);
        var current = await admin.GetAsync(url);
        (await admin.SendAsync(HttpMethod.Patch, url, new { source = "另一个来源", tags = new[] { "党建" } }, current.Headers.ETag!.Tag))
            .EnsureSuccessStatusCode();

        Assert.Equal(before, await SegmentsAsync(app, "article_search"));
        Assert.Equal(before, await SegmentsAsync(app, "article_title_search"));
        Assert.Equal([ids[0]], await SearchAsync(app, site, Titles[0]));

        current = await admin.GetAsync(url);
        (await admin.SendAsync(HttpMethod.Patch, url, new { title = "基层党建工作推进会召开" }, current.Headers.ETag!.Tag))
            .EnsureSuccessStatusCode();

        Assert.Equal(before + 1, await SegmentsAsync(app, "article_search")); // a new title is indexed
        Assert.Equal([ids[0]], await SearchAsync(app, site, "推进会召开"));
    }

    [Fact]
    public async Task A_zero_quiet_spell_turns_the_merge_off()
    {
        await using var service = await Service.StartAsync("00:00:00");
        var app = service.App;
        await WriteArticlesAsync(app);

        for (var i = 0; i < 5; i++)
        {
            await QuietSpellAsync(app);
        }

        Assert.Equal(4, await SegmentsAsync(app, "article_search"));
    }
}
