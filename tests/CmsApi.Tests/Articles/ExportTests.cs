using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Articles;

public sealed class ExportTestsOnSqlite(SqliteDatabase database) : ExportTests(database), IClassFixture<SqliteDatabase>;

public sealed class ExportTestsOnPostgres(PostgresDatabase database) : ExportTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// 归档导出: a site's articles whole, for an archive or a province's 信息资源库 taking them in, without a request an article.
/// </summary>
public abstract class ExportTests(TestDatabase database) : ApiTest(database)
{
    private async Task<List<JsonNode>> ExportAsync(string site, string query = "")
    {
        var answer = await Admin.GetAsync($"/api/v1/sites/{site}/articles/export{query}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/x-ndjson", answer.Content.Headers.ContentType!.MediaType);
        Assert.True(answer.Headers.CacheControl!.NoStore);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "each line ends with a newline");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
    }

    /// <summary>More articles than one batch (200) reads, so the stream spans batches; each line is the article's own answer.</summary>
    [Fact]
    public async Task An_export_streams_every_article_of_a_status_whole_in_id_order_and_goes_on_after_the_last_id()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.ImportOthersAsync(Admin, site, 430);
        var notice = await ContentApi.PublishedAsync(Admin, site, "关于开展安全生产检查的通知", ContentApi.Published, "notices");
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "departments", title = "草稿" })).Id();
        var trashed = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "删除的" })).Id();
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{trashed}/trash", new { })).OkJsonAsync();
        var elsewhere = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.PublishedAsync(Admin, elsewhere, "别的网站", ContentApi.Published);

        var published = await ExportAsync(site);

        Assert.Equal(431, published.Count);
        var ids = published.Select(a => a.Id()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(published, a => Assert.Equal(("published", site), (a.Text("status"), a.Text("site"))));
        var one = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{notice}")).OkJsonAsync();
        Assert.True(JsonNode.DeepEquals(one, published.Single(a => a.Id() == notice)), "a line is the article's own answer");

        // a broken export goes on from the last id it got; a status or a channel (with those below it) narrows it
        Assert.Equal(ids[300..], (await ExportAsync(site, $"?after={ids[299]}")).Select(a => a.Id()));
        Assert.Empty(await ExportAsync(site, $"?after={ids[^1]}"));
        Assert.Equal([draft], (await ExportAsync(site, "?status=draft")).Select(a => a.Id()));
        Assert.Equal([trashed], (await ExportAsync(site, "?status=Trashed")).Select(a => a.Id()));
        Assert.Equal([notice], (await ExportAsync(site, "?channel=notices")).Select(a => a.Id()));
        Assert.Equal([draft], (await ExportAsync(site, "?channel=news&status=draft")).Select(a => a.Id()));
    }

    [Fact]
    public async Task An_export_needs_a_key_that_reads_drafts_and_says_what_is_wrong_before_it_starts()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.PublishedAsync(Admin, site, "已发布", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/export";

        await (await Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Admin.GetAsync("/api/v1/sites/no-such-site/articles/export")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("nosuch", (await (await Admin.GetAsync($"{url}?channel=nosuch")).ProblemAsync(HttpStatusCode.NotFound)).Text("detail"),
            StringComparison.Ordinal);
        foreach (var bad in new[] { "?status=bogus", "?status=1", "?after=-1", "?after=x", "?channel=..%2Fetc" })
        {
            await (await Admin.GetAsync(url + bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        // the route takes the word: no article may have it as its slug
        var slug = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "导出", slug = "export" });
        Assert.Contains("slug", (await slug.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
    }
}
