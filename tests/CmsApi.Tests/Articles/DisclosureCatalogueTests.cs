using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Articles;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Articles;

public sealed class SubjectTreeTests
{
    [Fact]
    public void Each_subject_counts_in_itself_and_in_every_one_above_it()
    {
        var tree = SubjectCount.Tree([(@"综合政务\政务公开", 2), ("综合政务", 1), (@"综合政务\政务公开\年报", 4), ("综合政务下属", 5), (@"国土能源\土地", 1)]);

        static string Show(IEnumerable<SubjectCount> nodes) =>
            string.Join(" ", nodes.Select(n => $"{n.Name}={n.Subject}:{n.Count}" + (n.Below.Count == 0 ? "" : $"[{Show(n.Below)}]")));
        // 综合政务下属 is no 主题分类 below 综合政务, and one never stored (国土能源) stands for those below it
        Assert.Equal(@"综合政务=综合政务:7[政务公开=综合政务\政务公开:6[年报=综合政务\政务公开\年报:4]] 综合政务下属=综合政务下属:5 " +
                     @"国土能源=国土能源:1[土地=国土能源\土地:1]", Show(tree));
    }

    [Fact]
    public void Subjects_typed_with_stray_backslashes_still_make_a_tree()
    {
        // levels as the list's filter splits them: before each backslash, none empty at the start
        var tree = SubjectCount.Tree([(@"\政务公开", 1), (@"\", 2), (@"综合政务\", 3), (@"综合政务\\年报", 4)]);

        Assert.Equal([(@"综合政务", 7L), (@"\", 2L), (@"\政务公开", 1L)], tree.Select(n => (n.Subject, n.Count)));
        Assert.Equal([(@"综合政务\", 7L)], tree[0].Below.Select(n => (n.Subject, n.Count)));
        Assert.Equal([(@"综合政务\\年报", 4L)], tree[0].Below[0].Below.Select(n => (n.Subject, n.Count)));
        Assert.Equal(("", "政务公开"), (tree[1].Name, tree[2].Name));
    }
}

public sealed class DisclosureCatalogueTestsOnSqlite(SqliteDatabase database) : DisclosureCatalogueTests(database), IClassFixture<SqliteDatabase>;

public sealed class DisclosureCatalogueTestsOnPostgres(PostgresDatabase database) : DisclosureCatalogueTests(database), IClassFixture<PostgresDatabase>;

/// <summary>信息公开目录's classifications: what the public sees of the documents, each count what its list filter lists.</summary>
public abstract class DisclosureCatalogueTests(TestDatabase database) : ApiTest(database)
{
    private async Task<long> DocumentAsync(string site, string channel, object disclosure, int day = 1, bool publish = true)
    {
        var id = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel, title = "文件", publishedAt = ContentApi.Published.AddDays(day), disclosure,
            body = new { lead = new[] { "正文。" } },
        })).Id();
        if (publish)
        {
            await ContentApi.PublishAsync(Admin, site, id);
        }
        return id;
    }

    /// <summary>The 主题分类 tree, the 发文机关, the 有效性 and the years of 成文日期, each as name:count in order.</summary>
    private static string Show(JsonNode catalogue) =>
        $"{ShowSubjects(catalogue["subjects"]!.AsArray())} | {ShowValues(catalogue["issuingAgencies"]!.AsArray())} | " +
        $"{ShowValues(catalogue["validities"]!.AsArray())} | {string.Join(" ", catalogue["years"]!.AsArray().Select(y => $"{y!["year"]}:{y["count"]}"))}";

    private static string ShowSubjects(JsonArray nodes) => string.Join(" ", nodes.Select(n => n!).Select(n =>
        $"{n.Text("name")}:{n["count"]}" + (n["below"]!.AsArray() is { Count: > 0 } below ? $"[{ShowSubjects(below)}]" : "")));

    private static string ShowValues(JsonArray values) => string.Join(" ", values.Select(v => v!).Select(v => $"{v.Text("name")}:{v["count"]}"));

    [Fact]
    public async Task The_catalogue_counts_what_each_filter_lists_of_the_published_documents()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var other = await ContentApi.NewSiteAsync(Admin);
        await DocumentAsync(site, "notices", new { subject = @"综合政务\政务公开", issuingAgency = "市政府办公厅", validity = "有效", writtenOn = "2022-03-01" });
        await DocumentAsync(site, "notices", new { subject = "综合政务", issuingAgency = "市政府办公厅", validity = "废止", writtenOn = "2021-12-31" });
        await DocumentAsync(site, "news", new { subject = "综合政务下属", issuingAgency = "市发展改革委", validity = "有效", writtenOn = "2022-01-01" });
        await DocumentAsync(site, "news", new { subject = @"综合政务\政务公开\年报", issuingAgency = "市发展改革委" });
        // none of these is what the public sees of this site
        await DocumentAsync(site, "news", new { subject = "国土能源", issuingAgency = "市自然资源局", writtenOn = "2020-01-01" }, publish: false);
        await DocumentAsync(site, "news", new { issuingAgency = "市统计局", validity = "失效", writtenOn = "2020-01-01" }, day: 30); // scheduled
        var trashed = await DocumentAsync(site, "news", new { subject = "国土能源", validity = "失效", writtenOn = "2020-01-01" });
        await (await Admin.SendAsync(HttpMethod.Post, $"/api/v1/sites/{site}/articles/{trashed}/trash", ifMatch: "*")).OkJsonAsync();
        await DocumentAsync(other, "news", new { subject = "综合政务", issuingAgency = "市政府办公厅", validity = "有效", writtenOn = "2020-01-01" });
        var url = $"/api/v1/sites/{site}/disclosure-catalogue";

        var catalogue = await (await Anonymous.GetAsync(url)).OkJsonAsync();
        var notices = await (await Anonymous.GetAsync($"{url}?channel=notices")).OkJsonAsync();

        // most first, ties in code-point order
        Assert.Equal("综合政务:3[政务公开:2[年报:1]] 综合政务下属:1 | 市发展改革委:2 市政府办公厅:2 | 有效:2 废止:1 | 2022:2 2021:1", Show(catalogue));
        Assert.Equal("综合政务:2[政务公开:1] | 市政府办公厅:2 | 废止:1 有效:1 | 2022:1 2021:1", Show(notices));
        // each entry's value is the filter that lists its documents, and its count how many that list has
        async Task AssertListsAsync(string? channel, string filter, JsonNode count)
        {
            var listed = await ContentApi.PageThroughAsync(Anonymous,
                $"/api/v1/sites/{site}/articles?limit=100&{filter}" + (channel is null ? "" : $"&channel={channel}"));
            Assert.True(count.GetValue<long>() == listed.Count, $"{filter} in {channel ?? "the site"}: {count} counted, {listed.Count} listed");
        }
        foreach (var (channel, answer) in new[] { ((string?)null, catalogue), ("notices", notices) })
        {
            var subjects = new Stack<JsonNode>(answer["subjects"]!.AsArray().Select(n => n!));
            while (subjects.TryPop(out var subject))
            {
                await AssertListsAsync(channel, $"subject={Uri.EscapeDataString(subject.Text("subject"))}", subject["count"]!);
                foreach (var below in subject["below"]!.AsArray())
                {
                    subjects.Push(below!);
                }
            }
            foreach (var (field, filter) in new[] { ("issuingAgencies", "issuingAgency"), ("validities", "validity") })
            {
                foreach (var entry in answer[field]!.AsArray().Select(e => e!))
                {
                    await AssertListsAsync(channel, $"{filter}={Uri.EscapeDataString(entry.Text("name"))}", entry["count"]!);
                }
            }
            // a year is the span from its first day to its last
            foreach (var year in answer["years"]!.AsArray().Select(y => y!))
            {
                await AssertListsAsync(channel, $"writtenFrom={year["year"]}-01-01&writtenTo={year["year"]}-12-31", year["count"]!);
            }
        }
    }

    [Fact]
    public async Task A_published_document_changes_the_cached_catalogue_and_its_ETag()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await DocumentAsync(site, "notices", new { issuingAgency = "市政府办公厅" });
        var url = $"/api/v1/sites/{site}/disclosure-catalogue";
        var first = await Anonymous.GetAsync(url);
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal(" | 市政府办公厅:1 |  | ", Show(await first.OkJsonAsync()));

        await DocumentAsync(site, "notices", new { issuingAgency = "市统计局", validity = "有效" });
        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var after = await Anonymous.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag!.Tag);
        Assert.Equal(" | 市政府办公厅:1 市统计局:1 | 有效:1 | ", Show(await after.OkJsonAsync()));
    }

    [Fact]
    public async Task An_unknown_site_or_channel_is_a_404_and_a_bad_channel_a_400()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        await (await Anonymous.GetAsync("/api/v1/sites/no-such-site/disclosure-catalogue")).ProblemAsync(HttpStatusCode.NotFound);
        var channel = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/disclosure-catalogue?channel=no-such")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such", channel.Text("detail"), StringComparison.Ordinal);
        var bad = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/disclosure-catalogue?channel=%27%20OR%201%3D1--")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("channel", bad["errors"]!.AsObject().Select(e => e.Key));
    }
}
