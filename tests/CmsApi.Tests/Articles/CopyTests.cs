using System.Net;
using System.Net.Http.Json;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Articles;

public sealed class CopyTestsOnSqlite(SqliteDatabase database) : CopyTests(database), IClassFixture<SqliteDatabase>;

public sealed class CopyTestsOnPostgres(PostgresDatabase database) : CopyTests(database), IClassFixture<PostgresDatabase>;

/// <summary>一稿多发: a draft copy of an article in another site of the 站群, which that site publishes its own way.</summary>
public abstract class CopyTests(TestDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task A_copy_is_a_draft_of_the_other_site_with_the_content_and_where_it_came_from()
    {
        var department = await ContentApi.NewSiteAsync(Admin);
        var portal = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, department, new
        {
            channel = "news", title = "市生态环境局召开党建工作会议", slug = "dangjian-huiyi", publishedAt = ContentApi.Published,
            body = new { sections = new[] { new { title = "会议精神", paragraphs = new[] { "会议强调……" } } } },
            attachments = new[] { new { name = "附件1：名单.docx", url = "https://sthjj.example.gov.cn/1.docx" } },
        })).Id();
        await ContentApi.PublishAsync(Admin, department, id);
        var original = await (await Admin.GetAsync($"/api/v1/sites/{department}/articles/{id}")).OkJsonAsync();

        var response = await Admin.PostJsonAsync($"/api/v1/sites/{department}/articles/{id}/copy", new { site = portal, channel = "notices" });
        var copy = await response.OkJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/sites/{portal}/articles/{copy.Id()}", response.Headers.Location!.OriginalString);
        Assert.Equal((portal, "notices", "draft", "测试网"), (copy.Text("site"), copy.Text("channel"), copy.Text("status"), copy.Text("source")));
        Assert.Null(copy["slug"]);
        Assert.Null(copy["publishedAt"]);
        foreach (var field in new[] { "title", "body", "attachments" })
        {
            Assert.Equal(original[field]!.ToJsonString(), copy[field]!.ToJsonString());
        }
        var revisions = await (await Admin.GetAsync($"/api/v1/sites/{portal}/articles/{copy.Id()}/revisions")).OkJsonAsync();
        Assert.Equal($"copied-from:{department}/{id}", revisions["items"]![0]!.Text("action"));
        Assert.Equal(original.ToJsonString(), (await (await Admin.GetAsync($"/api/v1/sites/{department}/articles/{id}")).OkJsonAsync()).ToJsonString());

        // the portal publishes it as its own
        await ContentApi.PublishAsync(Admin, portal, copy.Id());
        Assert.Equal("市生态环境局召开党建工作会议", (await (await Anonymous.GetAsync($"/api/v1/sites/{portal}/articles/{copy.Id()}")).OkJsonAsync()).Text("title"));

        // sent again with its Idempotency-Key, the same copy
        async Task<HttpResponseMessage> CopyOnceAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sites/{department}/articles/{id}/copy")
            {
                Content = JsonContent.Create(new { site = portal, channel = "news" }),
            };
            request.Headers.Add("Idempotency-Key", "copy-7f3a");
            return await Admin.SendAsync(request);
        }
        var first = await (await CopyOnceAsync()).OkJsonAsync(HttpStatusCode.Created);
        var again = await CopyOnceAsync();
        Assert.Equal(first.Id(), (await again.OkJsonAsync(HttpStatusCode.Created)).Id());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_copy_goes_only_where_the_key_may_write_and_bad_requests_write_nothing()
    {
        var department = await ContentApi.NewSiteAsync(Admin);
        var portal = await ContentApi.NewSiteAsync(Admin);
        var published = await ContentApi.PublishedAsync(Admin, department, "已发布", ContentApi.Published);
        var draft = (await ContentApi.CreateAsync(Admin, department, new { channel = "news", title = "草稿" })).Id();
        var url = $"/api/v1/sites/{department}/articles";

        foreach (var bad in new object[] { new { site = portal }, new { channel = "news" }, new { site = "Bad Site", channel = "news" }, new { site = portal, channel = 1 } })
        {
            await (await Admin.PostJsonAsync($"{url}/{published}/copy", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await Admin.PostJsonAsync($"{url}/{published}/copy", new { site = portal, channel = "nosuch" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync($"{url}/{published}/copy", new { site = $"nosuch{portal}", channel = "news" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostJsonAsync($"{url}/999999/copy", new { site = portal, channel = "news" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.PostJsonAsync($"{url}/{published}/copy", new { site = portal, channel = "news" })).ProblemAsync(HttpStatusCode.Unauthorized);

        // a key of the department alone copies within it, not to the portal; without read-drafts it sees no draft
        var (own, _) = await ClientWithNewKeyAsync(new { name = "部门编辑", scopes = new[] { Scopes.ContentWrite }, sites = new[] { department } });
        using var _1 = own;
        await (await own.PostJsonAsync($"{url}/{published}/copy", new { site = portal, channel = "news" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await own.PostJsonAsync($"{url}/{published}/copy", new { site = department, channel = "notices" })).OkJsonAsync(HttpStatusCode.Created);
        await (await own.PostJsonAsync($"{url}/{draft}/copy", new { site = department, channel = "notices" })).ProblemAsync(HttpStatusCode.NotFound);

        await (await Admin.PostJsonAsync($"{url}/{draft}/trash", new { })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{url}/{draft}/copy", new { site = portal, channel = "news" })).ProblemAsync(HttpStatusCode.Conflict);
        var portalDrafts = await (await Admin.GetAsync($"/api/v1/sites/{portal}/articles?status=draft")).OkJsonAsync();
        Assert.Empty(portalDrafts["items"]!.AsArray()); // nothing of the refused ones was written
    }
}
