using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Articles;

public sealed class RelatedTestsOnSqlite(SqliteDatabase database) : RelatedTests(database), IClassFixture<SqliteDatabase>;

public sealed class RelatedTestsOnPostgres(PostgresDatabase database) : RelatedTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// 相关文章: an article names others of its site (a 政策解读 the 政策文件 it explains), and each page lists the other
/// both ways, as the rules for government sites ask of a policy and its 解读.
/// </summary>
public abstract class RelatedTests(TestDatabase database) : ApiTest(database)
{
    private static long[] Ids(JsonNode list) => list.AsArray().Select(item => item!.Id()).ToArray();

    /// <summary>The ids of the links and of the backlinks, each joined by commas.</summary>
    private static async Task<(string Links, string Backlinks)> RelatedAsync(HttpClient client, string site, long id)
    {
        var related = await (await client.GetAsync($"/api/v1/sites/{site}/articles/{id}/related")).OkJsonAsync();
        return (string.Join(',', Ids(related["links"]!)), string.Join(',', Ids(related["backlinks"]!)));
    }

    private static string Of(params long[] ids) => string.Join(',', ids);

    private async Task<JsonNode> PatchAsync(string site, long id, object patch) =>
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{id}", patch, "*")).OkJsonAsync();

    [Fact]
    public async Task A_policy_and_its_interpretations_list_each_other_with_only_the_published_ones_shown()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var policy = await ContentApi.PublishedAsync(Admin, site, "关于促进民营经济发展的若干措施", ContentApi.Published, "notices");
        var chart = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "图解：若干措施" })).Id();
        var reading = await ContentApi.PublishedAsync(Admin, site, "解读：若干措施", ContentApi.Published.AddHours(1));
        var written = await PatchAsync(site, reading, new { related = new[] { policy, chart, policy } });
        Assert.Equal([policy, chart], written["related"]!.AsArray().Select(id => id!.GetValue<long>())); // in order, once each
        var secondReading = await ContentApi.PublishedAsync(Admin, site, "专家解读：若干措施", ContentApi.Published.AddHours(2));
        await PatchAsync(site, secondReading, new { related = new[] { policy } });

        // the policy lists its 解读 newest first; the 解读 its policy, not the draft 图解 (read twice: kept as any public read)
        Assert.Equal((Of(), Of(secondReading, reading)), await RelatedAsync(Anonymous, site, policy));
        Assert.Equal((Of(policy), Of()), await RelatedAsync(Anonymous, site, reading));
        Assert.Equal((Of(policy), Of()), await RelatedAsync(Anonymous, site, reading));
        Assert.Equal((Of(policy), Of()), await RelatedAsync(Admin, site, reading)); // published ones, whoever asks

        // publishing the 图解 shows it at once; taking the policy offline hides it
        await ContentApi.PublishAsync(Admin, site, chart);
        Assert.Equal((Of(policy, chart), Of()), await RelatedAsync(Anonymous, site, reading));
        Assert.Equal((Of(), Of(reading)), await RelatedAsync(Anonymous, site, chart));
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{policy}/unpublish", new { })).OkJsonAsync();
        Assert.Equal((Of(chart), Of()), await RelatedAsync(Anonymous, site, reading));
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{policy}/related")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((Of(), Of(secondReading, reading)), await RelatedAsync(Admin, site, policy)); // a draft, for a key
        await ContentApi.PublishAsync(Admin, site, policy);

        // the editor's order is the page's; a change of it is a new version, and restoring the old one restores its links
        var before = written["version"]!.GetValue<long>();
        await PatchAsync(site, reading, new { related = new[] { chart, policy } });
        Assert.Equal((Of(chart, policy), Of()), await RelatedAsync(Anonymous, site, reading));
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{reading}/revisions/{before}/restore", new { })).OkJsonAsync();
        Assert.Equal((Of(policy, chart), Of()), await RelatedAsync(Anonymous, site, reading));
        await PatchAsync(site, reading, new { related = (long[]?)null });
        Assert.Equal((Of(), Of(secondReading)), await RelatedAsync(Anonymous, site, policy));

        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/999999/related")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_other_articles_of_the_site_can_be_related_and_a_refused_change_writes_nothing()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var policy = await ContentApi.PublishedAsync(Admin, site, "政策文件", ContentApi.Published, "notices");
        var reading = await ContentApi.PublishedAsync(Admin, site, "政策解读", ContentApi.Published);
        var elsewhere = await ContentApi.PublishedAsync(Admin, await ContentApi.NewSiteAsync(Admin), "别的网站的文件", ContentApi.Published);
        var revision = (await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{policy}/revise", new { })).OkJsonAsync(HttpStatusCode.Created)).Id();
        var url = $"/api/v1/sites/{site}/articles/{reading}";
        var (stored, etag) = await Admin.ReadWithETagAsync(url);

        foreach (var related in new object[]
        {
            new[] { 999999L }, new[] { elsewhere }, new[] { reading }, new[] { revision }, new[] { policy, 0L }, new[] { -1L },
            new[] { "政策文件" }, Enumerable.Range(1, 21).Select(i => (long)i).ToArray(), "1",
        })
        {
            var problem = await (await Admin.SendAsync(HttpMethod.Patch, url, new { related }, etag)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]?["related"] is not null || problem["errors"]?.AsObject().Any(e => e.Key.StartsWith("related", StringComparison.Ordinal)) == true
                || problem.Text("code") == "malformed_json", problem.ToJsonString());
        }
        var created = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "新的解读", related = new[] { 999999L } });
        Assert.Equal("related", (await created.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Single().Key);
        Assert.Equal(stored.ToJsonString(), (await (await Admin.GetAsync(url)).OkJsonAsync()).ToJsonString());
        Assert.Equal((Of(), Of()), await RelatedAsync(Anonymous, site, policy));

        // a draft of the site is one (it shows once published), and a copy in the same site keeps the links, elsewhere not
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿", related = new[] { policy } })).Id();
        Assert.Equal([policy, draft], (await PatchAsync(site, reading, new { related = new[] { policy, draft } }))["related"]!.AsArray().Select(i => i!.GetValue<long>()));
        var copyHere = await (await Admin.PostJsonAsync($"{url}/copy", new { site, channel = "notices" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal([policy, draft], copyHere["related"]!.AsArray().Select(i => i!.GetValue<long>()));
        var otherSite = await ContentApi.NewSiteAsync(Admin);
        var copyThere = await (await Admin.PostJsonAsync($"{url}/copy", new { site = otherSite, channel = "news" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Empty(copyThere["related"]!.AsArray());
    }

    /// <summary>A new site with three published articles, none naming another yet: a 政策文件 (in notices), a 政策解读
    /// and an 访谈; and the site's articles URL.</summary>
    private async Task<(string Site, string Articles, long Policy, long Reading, long Interview)> PolicyReadingAndInterviewAsync()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        return (site, $"/api/v1/sites/{site}/articles",
            await ContentApi.PublishedAsync(Admin, site, "政策文件", ContentApi.Published, "notices"),
            await ContentApi.PublishedAsync(Admin, site, "政策解读", ContentApi.Published),
            await ContentApi.PublishedAsync(Admin, site, "访谈", ContentApi.Published));
    }

    [Fact]
    public async Task An_article_others_link_to_is_purged_only_once_they_no_longer_do()
    {
        var (site, articles, policy, reading, interview) = await PolicyReadingAndInterviewAsync();
        await PatchAsync(site, reading, new { related = new[] { policy } });
        await PatchAsync(site, interview, new { related = new[] { policy, reading } });

        // a 修改稿 of the 解读 carries its links; published, its links become the 解读's and it goes
        var revision = (await (await Admin.PostJsonAsync($"{articles}/{reading}/revise", new { })).OkJsonAsync(HttpStatusCode.Created)).Id();
        Assert.Equal([interview, policy], (await PatchAsync(site, revision, new { related = new[] { interview, policy } }))["related"]!.AsArray().Select(i => i!.GetValue<long>()));
        Assert.Equal((Of(), Of(interview, reading)), await RelatedAsync(Anonymous, site, policy)); // a draft's links do not show
        await ContentApi.PublishAsync(Admin, site, revision);
        Assert.Equal((Of(interview, policy), Of(interview)), await RelatedAsync(Anonymous, site, reading));

        await (await Admin.PostJsonAsync($"{articles}/{policy}/trash", new { })).OkJsonAsync();
        Assert.Equal((Of(interview), Of(interview)), await RelatedAsync(Anonymous, site, reading)); // hidden, not gone
        var refused = await (await Admin.DeleteAsync($"{articles}/{policy}")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"{reading}, {interview}", refused.Text("detail"), StringComparison.Ordinal);
        await PatchAsync(site, reading, new { related = new[] { interview } });
        await PatchAsync(site, interview, new { related = new[] { reading } });
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"{articles}/{policy}")).StatusCode);

        // purging an article that links to others takes its links with it
        await (await Admin.PostJsonAsync($"{articles}/{interview}/trash", new { })).OkJsonAsync();
        await (await Admin.DeleteAsync($"{articles}/{interview}")).ProblemAsync(HttpStatusCode.Conflict); // the 解读 names it
        await PatchAsync(site, reading, new { related = Array.Empty<long>() });
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"{articles}/{interview}")).StatusCode);
        Assert.Equal((Of(), Of()), await RelatedAsync(Anonymous, site, reading));
    }

    [Fact]
    public async Task Articles_that_name_each_other_are_purged_together_and_none_while_one_that_stays_names_them()
    {
        var (site, articles, policy, reading, interview) = await PolicyReadingAndInterviewAsync();
        await PatchAsync(site, policy, new { related = new[] { reading } });
        await PatchAsync(site, reading, new { related = new[] { policy } });
        await PatchAsync(site, interview, new { related = new[] { reading } });
        await (await Admin.PostJsonAsync($"{articles}/{policy}/trash", new { })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{articles}/{reading}/trash", new { })).OkJsonAsync();

        // one at a time, each holds the other back (and a trashed article cannot be edited to let go)
        Assert.Contains($"Articles {reading} name this one",
            (await (await Admin.DeleteAsync($"{articles}/{policy}")).ProblemAsync(HttpStatusCode.Conflict)).Text("detail"), StringComparison.Ordinal);
        Assert.Contains($"Articles {policy}, {interview} name this one",
            (await (await Admin.DeleteAsync($"{articles}/{reading}")).ProblemAsync(HttpStatusCode.Conflict)).Text("detail"), StringComparison.Ordinal);

        // together, but the 访谈 that stays names the 解读: none goes
        var refused = await (await Admin.PostJsonAsync($"{articles}/purge", new { ids = new[] { policy, reading } })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"Articles {interview} name {reading} of these", refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("trashed", (await (await Admin.GetAsync($"{articles}/{policy}")).OkJsonAsync()).Text("status"));
        Assert.Equal("trashed", (await (await Admin.GetAsync($"{articles}/{reading}")).OkJsonAsync()).Text("status"));

        await PatchAsync(site, interview, new { related = Array.Empty<long>() });
        var purged = await (await Admin.PostJsonAsync($"{articles}/purge", new { ids = new[] { reading, policy, reading } })).OkJsonAsync();
        Assert.Equal([policy, reading], purged["purged"]!.AsArray().Select(id => id!.GetValue<long>())); // in id order, once each
        await (await Admin.GetAsync($"{articles}/{policy}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.GetAsync($"{articles}/{reading}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((Of(), Of()), await RelatedAsync(Admin, site, interview));
    }
}
