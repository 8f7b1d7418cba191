using System.Net;
using System.Text;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Search;

public sealed class SearchApiTestsOnSqlite(SqliteDatabase database) : SearchApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class SearchApiTestsOnPostgres(PostgresDatabase database) : SearchApiTests(database), IClassFixture<PostgresDatabase>;

public abstract class SearchApiTests(TestDatabase database) : ApiTest(database)
{
    private static readonly string Page = string.Join('\n', LegacyPage.Lines);

    private async Task<long[]> Search(string site, string q, string extra = "", HttpClient? client = null) =>
        (await (await (client ?? Anonymous).GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString(q)}{extra}")).OkJsonAsync())["items"]!
            .AsArray().Select(a => a!.Id()).ToArray();

    private async Task<long> ImportFixtureAsync(string site) =>
        (await (await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news&publish=true",
            new StringContent(Page, Encoding.UTF8, "text/plain"))).OkJsonAsync(HttpStatusCode.Created))["article"]!.Id();

    [Theory]
    [InlineData("党建")]
    [InlineData("生态环境局")]
    [InlineData("赶考精神")]
    [InlineData("党")]
    [InlineData("PM2.5")]
    [InlineData("pm2.5")]
    [InlineData("\"抓党建促业务\"")]
    [InlineData("党建 赶考精神")]
    public async Task The_fixture_article_is_found(string q)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ImportFixtureAsync(site);

        Assert.Equal([id], await Search(site, q));
    }

    [Theory]
    [InlineData("区块链")]
    [InlineData("\"党建抓\"")]      // the characters occur, not in this order
    [InlineData("党建 区块链")]     // every term must occur
    public async Task What_is_not_there_is_not_found(string q)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ImportFixtureAsync(site);

        Assert.Empty(await Search(site, q));
    }

    /// <summary>
    /// A short page takes the newest articles that pass a per-article test of the query (a probe), so the probe itself
    /// must need every word: here the two newer articles each have one of them.
    /// </summary>
    [Fact]
    public async Task Every_word_must_occur_also_where_newer_articles_have_only_one_of_them()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var both = await ContentApi.PublishedAsync(Admin, site, "党建引领生态保护", ContentApi.Published);
        await ContentApi.PublishedAsync(Admin, site, "党建工作推进会", new DateTimeOffset(2022, 5, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        await ContentApi.PublishedAsync(Admin, site, "生态环境督察", new DateTimeOffset(2022, 5, 3, 9, 0, 0, TimeSpan.FromHours(8)));

        Assert.Equal([both], await Search(site, "党建 生态", "&limit=1"));
        Assert.Equal([both], await Search(site, "党建 生态", "&limit=1&sort=newest"));
    }

    /// <summary>
    /// A search or a tag within a filter that few articles pass and no index equality finds (a 主题分类 and those below
    /// it, a cover, a span of 成文日期) walks that filter's partial listing index, not the site's: the answers are those
    /// of both, in either order, a page at a time.
    /// </summary>
    [Fact]
    public async Task A_search_within_a_subject_a_cover_or_a_span_of_written_dates_finds_what_both_match()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.ImportOthersAsync(Admin, site); // 80 matches of 动态 outside every filter: more than a first walk reads
        async Task<long> DocumentAsync(string title, int day, object? disclosure = null, string? coverUrl = null, string? lead = null) =>
            (await ContentApi.PublishAsync(Admin, site, (await ContentApi.CreateAsync(Admin, site, new
            {
                channel = "notices", title, publishedAt = ContentApi.Published.AddDays(day), disclosure, coverUrl, tags = new[] { "专题" },
                body = new { lead = new[] { lead ?? "正文。" } },
            })).Id())).Id();
        var inTitle = await DocumentAsync("动态监测办法", 1, new { subject = @"综合政务\政务公开", writtenOn = "2022-03-01" });
        var inBody = await DocumentAsync("管理办法", 2, new { subject = "综合政务", writtenOn = "2021-03-01" }, "https://www.example.gov.cn/c.jpg", "加强动态管理。");
        await DocumentAsync("监测规定", 3, new { subject = "综合政务", writtenOn = "2022-04-01" }); // no match
        var covered = await DocumentAsync("动态图片", 4, coverUrl: "https://www.example.gov.cn/d.jpg");
        var subject = "&subject=" + Uri.EscapeDataString("综合政务");

        Assert.Equal([inTitle, inBody], await Search(site, "动态", subject));
        Assert.Equal([inBody, inTitle], await Search(site, "动态", subject + "&sort=newest"));
        Assert.Equal([inTitle, inBody], (await ContentApi.PageThroughAsync(Anonymous,
            $"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("动态")}{subject}&limit=1")).Select(item => item.Id()));
        Assert.Empty(await Search(site, "动态", "&subject=" + Uri.EscapeDataString("城乡建设")));
        Assert.Equal([covered, inBody], await Search(site, "动态", "&cover=true"));
        Assert.Equal([inTitle], await Search(site, "动态", "&writtenFrom=2022-01-01"));
        Assert.Equal([inTitle, inBody], await Search(site, "动态", subject + "&sort=newest-written&writtenTo=2022-03-31"));
        var tagged = $"/api/v1/sites/{site}/articles?tag={Uri.EscapeDataString("专题")}";
        Assert.Equal(3, (await ContentApi.PageThroughAsync(Anonymous, $"{tagged}{subject}&limit=2")).Count);
        Assert.Empty(await ContentApi.PageThroughAsync(Anonymous, $"{tagged}&subject={Uri.EscapeDataString("城乡建设")}&limit=2"));
    }

    /// <summary>
    /// Either set may be the one read: a small tag's articles, each tested against the search (the default here), or
    /// the search's matches, each tested for the tag (what a tag of <c>Search:SmallTagArticles</c> or more gets).
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    public async Task A_search_with_a_tag_finds_what_both_match_title_matches_first(string? smallTagArticles)
    {
        await using var app = smallTagArticles is null ? null : Database.NewApp(a => a.Settings["Search:SmallTagArticles"] = smallTagArticles);
        using var reader = app?.CreateClient();
        var site = await ContentApi.NewSiteAsync(Admin);
        var day = ContentApi.Published;
        var inTitle = await ContentApi.PublishedAsync(Admin, site, "党建引领", day, tags: ["专题"]);
        var inBody = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "news", title = "工作动态", publishedAt = day.AddDays(1), tags = new[] { "专题" },
            body = new { lead = new[] { "推进党建工作。" } },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, inBody);
        await ContentApi.PublishedAsync(Admin, site, "党建会议", day.AddDays(2));                  // matches, untagged
        await ContentApi.PublishedAsync(Admin, site, "其他消息", day.AddDays(3), tags: ["专题"]);  // tagged, no match

        Assert.Equal([inTitle, inBody], await Search(site, "党建", "&tag=" + Uri.EscapeDataString("专题"), reader));
        Assert.Equal([inBody, inTitle], await Search(site, "党建", "&tag=" + Uri.EscapeDataString("专题") + "&sort=newest", reader));
        var first = await (await (reader ?? Anonymous).GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("党建")}&tag={Uri.EscapeDataString("专题")}&limit=1")).OkJsonAsync();
        Assert.Equal([inTitle], first["items"]!.AsArray().Select(a => a!.Id()));
        Assert.Equal([inBody], await Search(site, "党建", $"&tag={Uri.EscapeDataString("专题")}&limit=1&cursor={first.Text("nextCursor")}", reader));
        Assert.Empty(await Search(site, "党建", "&tag=nosuch", reader));
    }

    [Fact]
    public async Task An_attachments_name_is_searched_and_marked()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "notices", title = "关于开展年度评选的通知", publishedAt = ContentApi.Published,
            body = new { lead = new[] { "请各单位按要求报送材料。" } },
            attachments = new[] { new { name = "附件：耕地保护申报表.xlsx", url = "/files/1.xlsx" } },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, id);

        var page = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("申报表")}")).OkJsonAsync();

        var hit = Assert.Single(page["items"]!.AsArray());
        Assert.Equal("附件：耕地保护<mark>申报表</mark>.xlsx", hit!.Text("snippet"));
        // a patch that changes only the attachments' names rewrites the entry
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{id}",
            new { attachments = new[] { new { name = "附件：申请书.docx", url = "/files/2.docx" } } }, ifMatch: "*")).OkJsonAsync();
        Assert.Empty(await Search(site, "申报表"));
        Assert.Equal([id], await Search(site, "申请书"));
    }

    [Fact]
    public async Task Hits_carry_a_marked_escaped_snippet_and_title_matches_come_first()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var inBody = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "news", title = "工作动态", publishedAt = "2022-05-02T09:00:00+08:00",
            body = new { lead = new[] { "<script>x</script>推进党建工作。" } },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, inBody);
        var inTitle = await ContentApi.PublishedAsync(Admin, site, "党建引领", ContentApi.Published);

        var page = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("党建")}")).OkJsonAsync();
        var items = page["items"]!.AsArray();

        Assert.Equal([inTitle, inBody], items.Select(a => a!.Id())); // older, but its title matches
        Assert.Equal("&lt;script&gt;x&lt;/script&gt;推进<mark>党建</mark>工作。", items[1]!.Text("snippet"));
        Assert.Equal([inBody, inTitle], await Search(site, "党建", "&sort=newest"));
        // paging through relevance-ranked results
        var first = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("党建")}&limit=1")).OkJsonAsync();
        var second = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("党建")}&limit=1&cursor={first.Text("nextCursor")}")).OkJsonAsync();
        Assert.Equal([inTitle, inBody], new[] { first["items"]![0]!.Id(), second["items"]![0]!.Id() });
        Assert.Null(second["nextCursor"]);
        // combinable with the other filters
        Assert.Empty(await Search(site, "党建", "&channel=notices"));
    }

    /// <summary>
    /// 繁简通搜: a word is looked for in both scripts, whichever it is typed in, on every path a search can take (title
    /// matches read after other articles, a short page walked and probed); a title with both forms is one match.
    /// </summary>
    [Fact]
    public async Task Words_are_found_in_either_script_and_an_article_with_both_forms_once()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var simplified = await ContentApi.PublishedAsync(Admin, site, "国务院关于加强党建工作的通知", ContentApi.Published);
        var traditional = await ContentApi.PublishedAsync(Admin, site, "國務院關於加強黨建工作的通知", new DateTimeOffset(2022, 5, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var both = await ContentApi.PublishedAsync(Admin, site, "党建与黨建", new DateTimeOffset(2022, 5, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        var taiwan = await ContentApi.PublishedAsync(Admin, site, "台灣同胞", new DateTimeOffset(2022, 5, 4, 9, 0, 0, TimeSpan.FromHours(8)));
        await ContentApi.ImportOthersAsync(Admin, site);

        foreach (var q in new[] { "党建", "黨建", "党", "黨" })
        {
            Assert.Equal([both, traditional, simplified], await Search(site, q, "&sort=newest"));
            Assert.Equal([both], await Search(site, q, "&sort=newest&limit=1"));
        }
        Assert.Equal([traditional, simplified], await Search(site, "加强 黨建", "&sort=newest"));
        Assert.Equal([traditional, simplified], await Search(site, "国务院关于", "&sort=newest"));
        Assert.Equal([traditional, simplified], await Search(site, "\"國務院關於\"", "&sort=newest"));
        Assert.Equal([taiwan], await Search(site, "台湾同胞")); // 台 is traditional text too
        Assert.Empty(await Search(site, "國務院關於 区块链"));

        var hit = (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("國務院")}&sort=newest")).OkJsonAsync())["items"]![1]!;
        Assert.Equal(simplified, hit.Id());
        Assert.Equal("<mark>国务院</mark>关于加强党建工作的通知", hit.Text("snippet"));
    }

    [Fact]
    public async Task A_retitled_article_is_a_title_match_for_its_new_title_only()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var retitled = await ContentApi.PublishedAsync(Admin, site, "党建引领发展", ContentApi.Published);
        var newer = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "news", title = "生态保护", publishedAt = "2022-05-02T09:00:00+08:00",
            body = new { lead = new[] { "推进党建工作。" } },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, newer);
        await ContentApi.ImportOthersAsync(Admin, site); // so that the title matches are read, not found by walking
        Assert.Equal([retitled, newer], await Search(site, "党建"));

        var url = $"/api/v1/sites/{site}/articles/{retitled}";
        var etag = (await Admin.GetAsync(url)).Headers.ETag!.Tag;
        await (await Admin.SendAsync(HttpMethod.Patch, url, new { title = "生态引领发展" }, etag)).OkJsonAsync();

        Assert.Equal([newer, retitled], await Search(site, "党建")); // its lead still has 党建, its title no longer
        Assert.Equal([newer, retitled], await Search(site, "生态"));
    }

    [Fact]
    public async Task Drafts_scheduled_and_trashed_articles_never_appear_and_unpublishing_hides_at_once()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ImportFixtureAsync(site);
        await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "党建草稿" });
        var scheduled = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "党建定时" })).Id();
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{scheduled}/schedule", new { publishedAt = App.Clock.GetUtcNow().AddDays(1) })).OkJsonAsync();
        var trashed = await ContentApi.PublishedAsync(Admin, site, "党建回收", ContentApi.Published);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{trashed}/trash", new { })).OkJsonAsync();

        Assert.Equal([id], await Search(site, "党建"));

        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/unpublish", new { })).OkJsonAsync();
        Assert.Empty(await Search(site, "党建"));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"党建")]
    [InlineData("党建 AND OR NOT")]
    [InlineData("*:^()-+")]
    [InlineData("' OR 1=1 --")]
    [InlineData("title:党建")]
    [InlineData("NEAR(党 建)")]
    public async Task Query_syntax_errors_are_neutralised(string q)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ImportFixtureAsync(site);

        var response = await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString(q)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_index_can_be_rebuilt_and_a_purged_article_leaves_it()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ImportFixtureAsync(site);

        var rebuilt = await (await Admin.PostJsonAsync("/api/v1/search/rebuild", new { })).OkJsonAsync();

        Assert.True(rebuilt["indexed"]!.GetValue<int>() >= 1);
        Assert.Equal([id], await Search(site, "赶考精神"));
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/trash", new { })).OkJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/articles/{id}")).StatusCode);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/restore", new { })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await Search(site, "赶考精神"));
        var database = App.Services.GetRequiredService<CmsApi.Data.Database>();
        if (database.Dialect == CmsApi.Data.Dialect.Postgres)
        {
            await using var connection = await database.OpenAsync();
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM article_title_terms WHERE article_id = @id", new { id }));
        }
    }

    [Fact]
    public async Task Content_without_index_entries_is_indexed_at_start_up()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ImportFixtureAsync(site);
        var database = App.Services.GetRequiredService<CmsApi.Data.Database>();
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM article_search"); // as after a migration that recreates the index
        }
        Assert.Empty(await Search(site, "赶考精神"));

        await using var restarted = Database.NewApp();
        using var client = restarted.CreateClient();
        var found = await (await client.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString("赶考精神")}")).OkJsonAsync();

        Assert.Equal([id], found["items"]!.AsArray().Select(a => a!.Id()));
    }
}
