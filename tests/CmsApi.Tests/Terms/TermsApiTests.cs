using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Terms;

public sealed class TermsApiTestsOnSqlite(SqliteDatabase database) : TermsApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class TermsApiTestsOnPostgres(PostgresDatabase database) : TermsApiTests(database), IClassFixture<PostgresDatabase>;

/// <summary>错敏词: a site's list of wrong or forbidden expressions; block terms keep an article from the public.</summary>
public abstract class TermsApiTests(TestDatabase database) : ApiTest(database)
{
    private static readonly object[] Terms =
    [
        new { term = "中华人名共和国", suggestion = "中华人民共和国", severity = "block" },
        new { term = "近日", suggestion = "写明具体日期" },
    ];

    private async Task<JsonNode> ListAsync(string site) => await (await Admin.GetAsync($"/api/v1/sites/{site}/terms")).OkJsonAsync();

    [Fact]
    public async Task A_sites_term_list_is_replaced_whole_on_the_version_read_and_refused_when_bad()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/terms";
        var empty = await Admin.GetAsync(url);
        Assert.Equal("\"0\"", empty.Headers.ETag!.Tag);
        Assert.Empty((await empty.OkJsonAsync())["items"]!.AsArray());

        await (await Admin.SendAsync(HttpMethod.Put, url, new { items = Terms })).ProblemAsync(HttpStatusCode.PreconditionRequired);
        var replaced = await (await Admin.SendAsync(HttpMethod.Put, url, new { items = Terms }, "\"0\"")).OkJsonAsync();
        Assert.Equal(1, replaced["version"]!.GetValue<long>());
        Assert.Equal(["block", "warn"], replaced["items"]!.AsArray().Select(t => t!.Text("severity")));
        await (await Admin.SendAsync(HttpMethod.Put, url, new { items = Array.Empty<object>() }, "\"0\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);

        foreach (var bad in new object[]
                 {
                     new { items = new[] { new { term = "近日" }, new { term = " 近日 " } } }, // twice
                     new { items = new[] { new { term = " " } } },
                     new { items = new[] { new { term = new string('错', 51) } } },
                     new { items = new[] { new { term = "错\u0007" } } },
                     new { items = new[] { new { term = "错", severity = "fatal" } } },
                     new { items = Enumerable.Range(0, 5001).Select(i => new { term = $"词{i}" }).ToArray() },
                     new { },
                 })
        {
            await (await Admin.SendAsync(HttpMethod.Put, url, bad, "*")).ProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Equal(replaced.ToJsonString(), (await ListAsync(site)).ToJsonString()); // nothing written

        // the list is the site's own business: keys that may read drafts read it, sites:admin changes it
        await (await Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.Unauthorized);
        var (reader, _) = await ClientWithNewKeyAsync(new { name = "读者", scopes = new[] { Scopes.ReadDrafts } });
        using var _1 = reader;
        await (await reader.GetAsync(url)).OkJsonAsync();
        await (await reader.SendAsync(HttpMethod.Put, url, new { items = Terms }, "*")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await Admin.GetAsync($"/api/v1/sites/nosuch{site}/terms")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_article_with_a_block_term_is_not_published_and_a_published_one_does_not_take_one_in()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/terms", new { items = Terms }, "*")).OkJsonAsync();
        var url = $"/api/v1/sites/{site}/articles";
        var id = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "news", title = "近日，市委召开会议",
            body = new { sections = new[] { new { title = "会议精神", paragraphs = new[] { "庆祝中华人名共和国成立75周年。" } } } },
        })).Id();

        var check = await (await Admin.GetAsync($"{url}/{id}/check")).OkJsonAsync();
        Assert.True(check["blocked"]!.GetValue<bool>());
        Assert.Equal([("近日", "title", 0), ("中华人名共和国", "body.sections[0].paragraphs[0]", 2)],
            check["hits"]!.AsArray().Select(h => (h!.Text("term"), h!.Text("field"), h!["offset"]!.GetValue<int>())));

        // not published, nor scheduled: the 409 says where; nothing is written
        foreach (var (step, body) in new (string, object)[] { ("publish", new { }), ("schedule", new { publishedAt = App.Clock.GetUtcNow().AddDays(1) }) })
        {
            var refused = await (await Admin.PostJsonAsync($"{url}/{id}/{step}", body)).ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("terms_blocked", refused.Text("code"));
            Assert.Contains("中华人名共和国", refused.Text("detail"), StringComparison.Ordinal);
            Assert.Equal("body.sections[0].paragraphs[0]", refused["check"]!["hits"]![1]!.Text("field"));
        }
        var draft = await (await Admin.GetAsync($"{url}/{id}")).OkJsonAsync();
        Assert.Equal(("draft", 1), (draft.Text("status"), draft["version"]!.GetValue<int>()));

        // corrected, it is published (a warn term does not stop it)
        await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{id}",
            new { body = new { sections = new[] { new { title = "会议精神", paragraphs = new[] { "庆祝中华人民共和国成立75周年。" } } } } }, "*")).OkJsonAsync();
        await ContentApi.PublishAsync(Admin, site, id);

        // a change to what the public sees is checked as publishing is
        var (published, etag) = await Admin.ReadWithETagAsync($"{url}/{id}");
        var refusedChange = await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{id}", new { title = "中华人名共和国成立" }, etag))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("title", refusedChange["check"]!["hits"]![0]!.Text("field"));
        Assert.Equal(published.ToJsonString(), (await Admin.ReadWithETagAsync($"{url}/{id}")).Json.ToJsonString());
        Assert.Equal("近日召开", (await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{id}", new { title = "近日召开" }, etag)).OkJsonAsync()).Text("title"));
    }

    [Fact]
    public async Task A_scan_finds_the_published_articles_that_hold_terms_listed_after_they_were_published()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var blocked = await ContentApi.PublishedAsync(Admin, site, "庆祝中华人名共和国成立", ContentApi.Published);
        await ContentApi.PublishedAsync(Admin, site, "工作动态", ContentApi.Published);
        var warned = await ContentApi.PublishedAsync(Admin, site, "近日召开会议", ContentApi.Published);
        await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿：中华人名共和国" }); // drafts are checked on publishing
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/terms", new { items = Terms }, "*")).OkJsonAsync();
        var url = $"/api/v1/sites/{site}/terms/scan";

        var first = await (await Admin.GetAsync($"{url}?limit=2")).OkJsonAsync();
        var rest = await (await Admin.GetAsync($"{url}?limit=2&cursor={first.Text("nextCursor")}")).OkJsonAsync();

        Assert.Equal((2, 1), (first["scanned"]!.GetValue<int>(), rest["scanned"]!.GetValue<int>()));
        Assert.Null(rest["nextCursor"]);
        var found = first["items"]!.AsArray().Concat(rest["items"]!.AsArray())
            .Select(item => (item!.Id(), item!["blocked"]!.GetValue<bool>(), item!["hits"]![0]!.Text("term"))).ToList();
        Assert.Equal([(blocked, true, "中华人名共和国"), (warned, false, "近日")], found);
        foreach (var bad in new[] { "limit=0", "limit=501", "cursor=abc" })
        {
            await (await Admin.GetAsync($"{url}?{bad}")).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_article_trashed_while_published_comes_back_only_without_block_terms_or_as_a_draft()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        var clean = await ContentApi.PublishedAsync(Admin, site, "市委召开会议", ContentApi.Published);
        var blocked = await ContentApi.PublishedAsync(Admin, site, "庆祝中华人名共和国成立", ContentApi.Published);
        foreach (var id in new[] { clean, blocked })
        {
            await (await Admin.PostJsonAsync($"{url}/{id}/trash", new { })).OkJsonAsync();
        }
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/terms", new { items = Terms }, "*")).OkJsonAsync();

        // restoring publishes it again: checked as publishing is, and nothing is written when refused
        Assert.Equal("published", (await (await Admin.PostJsonAsync($"{url}/{clean}/restore", new { })).OkJsonAsync()).Text("status"));
        var trashed = await (await Admin.GetAsync($"{url}/{blocked}")).OkJsonAsync();
        var refused = await (await Admin.PostJsonAsync($"{url}/{blocked}/restore", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(("terms_blocked", "title"), (refused.Text("code"), refused["check"]!["hits"]![0]!.Text("field")));
        Assert.Contains("unpublish", refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(trashed.ToJsonString(), (await (await Admin.GetAsync($"{url}/{blocked}")).OkJsonAsync()).ToJsonString());
        await (await Anonymous.GetAsync($"{url}/{blocked}")).ProblemAsync(HttpStatusCode.NotFound);

        // unpublished in the trash, it comes out of it as a draft, to be corrected
        Assert.Equal("trashed", (await (await Admin.PostJsonAsync($"{url}/{blocked}/unpublish", new { })).OkJsonAsync()).Text("status"));
        Assert.Equal("draft", (await (await Admin.PostJsonAsync($"{url}/{blocked}/restore", new { })).OkJsonAsync()).Text("status"));
        await (await Anonymous.GetAsync($"{url}/{blocked}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_editor_checks_a_text_before_saving_it()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/terms";
        Assert.Empty((await (await Admin.PostJsonAsync($"{url}/check", new { text = "中华人名共和国" })).OkJsonAsync())["hits"]!.AsArray());
        await (await Admin.SendAsync(HttpMethod.Put, url, new { items = Terms }, "*")).OkJsonAsync();

        var check = await (await Admin.PostJsonAsync($"{url}/check", new { text = "近日，中华人名共和国" })).OkJsonAsync();

        Assert.True(check["blocked"]!.GetValue<bool>());
        Assert.Equal([("近日", 0, (string?)"写明具体日期"), ("中华人名共和国", 3, "中华人民共和国")],
            check["hits"]!.AsArray().Select(h => (h!.Text("term"), h!["offset"]!.GetValue<int>(), h!["suggestion"]?.GetValue<string>())));
        // Characters whose plain forms are longer (…… as six dots, ㈠, ℃) before the rest of a text (it once threw).
        var longer = await (await Admin.PostJsonAsync($"{url}/check", new { text = "会上……㈠气温30℃，近日" })).OkJsonAsync();
        Assert.Equal([("近日", 11)], longer["hits"]!.AsArray().Select(h => (h!.Text("term"), h!["offset"]!.GetValue<int>())));
        await (await Admin.PostJsonAsync($"{url}/check", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync($"{url}/check", new { text = new string('字', 100_001) })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Anonymous.PostJsonAsync($"{url}/check", new { text = "近日" })).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
