using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Foundation;

/// <summary>The move from SQLite to PostgreSQL: a first start on an empty PostgreSQL database copies the SQLite file.</summary>
public sealed class SqliteCopyTests(SqliteDatabase database) : ApiTest(database), IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task A_sqlite_deployment_moves_to_postgresql_and_answers_as_it_did()
    {
        var site = await ContentApi.NewSiteAsync(Admin); // news (departments below it), notices
        var channels = $"/api/v1/sites/{site}/channels";
        // a parent made after its child: copied by depth, not by id
        await (await Admin.PostJsonAsync(channels, new { key = "work", name = "工作", updateDays = 14 })).OkJsonAsync(HttpStatusCode.Created);
        await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/news", new { parent = "work" })).OkJsonAsync();
        var articles = $"/api/v1/sites/{site}/articles";
        var published = await ContentApi.PublishedAsync(Admin, site, "党建工作会议召开", ContentApi.Published, tags: ["党建"]);
        await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{published}", new { subtitle = "副标题" }, "*")).OkJsonAsync();
        var reading = await ContentApi.PublishedAsync(Admin, site, "解读：会议精神", ContentApi.Published);
        await (await Admin.SendAsync(HttpMethod.Patch, $"{articles}/{reading}", new { related = new[] { published } }, "*")).OkJsonAsync();
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}", new { indexNumberFormat = "000014349/{year}-{seq:5}" }, "*")).OkJsonAsync();
        var document = (await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title = "文件", disclosure = new { validity = "有效" } })).Id();
        Assert.Equal("000014349/2022-00001", (await ContentApi.PublishAsync(Admin, site, document))["disclosure"]!.Text("indexNumber"));
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title = "草稿通知" })).Id();
        await (await Admin.PostJsonAsync($"{articles}/{draft}/trash", new { })).OkJsonAsync();
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/terms", new { items = new[] { new { term = "近日" } } }, "*")).OkJsonAsync();
        var webhook = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks", new { url = "https://hooks.example.gov.cn/cms" }))
            .OkJsonAsync(HttpStatusCode.Created);
        var (editor, _) = await ClientWithNewKeyAsync(new { name = "编辑", scopes = new[] { Scopes.ContentWrite, Scopes.ReadDrafts }, sites = new[] { site } });
        using var _1 = editor;
        string[] urls =
        [
            "/api/v1/sites", $"/api/v1/sites/{site}/footer", channels, $"{channels}/news", $"{channels}/work", articles,
            $"{articles}/{published}", $"{articles}/{published}/revisions", $"{articles}/{published}/related", $"{articles}/{reading}", $"{articles}?status=trashed", $"/api/v1/sites/{site}/terms",
            $"/api/v1/sites/{site}/channel-updates",
        ];
        var before = new Dictionary<string, string>();
        foreach (var url in urls)
        {
            before[url] = (await (await Admin.GetAsync(url)).OkJsonAsync()).ToJsonString();
        }

        await using var postgres = new PostgresDatabase { StartsApp = false };
        await postgres.InitializeAsync();
        postgres.SkipWhenUnavailable();
        await using var moved = postgres.NewApp(app => app.Settings["Database:CopyFromSqlite"] = Database.ConnectionString);
        moved.Clock.SetUtcNow(App.Clock.GetUtcNow()); // channel-updates is as of now
        using var admin = moved.AdminClient();

        foreach (var url in urls)
        {
            Assert.Equal(before[url], (await (await admin.GetAsync(url)).OkJsonAsync()).ToJsonString());
        }
        // the search index is made afresh; the webhook and the keys came along
        var found = await (await admin.GetAsync($"{articles}?q=党建")).OkJsonAsync();
        Assert.Equal([published], found["items"]!.AsArray().Select(i => i!.Id()));
        var hooks = await (await admin.GetAsync($"/api/v1/sites/{site}/webhooks")).OkJsonAsync();
        Assert.Equal([(webhook["webhook"]!.Id(), "https://hooks.example.gov.cn/cms")], hooks["items"]!.AsArray().Select(w => (w!.Id(), w!.Text("url"))));
        using var editorThere = moved.CreateClient();
        editorThere.DefaultRequestHeaders.Authorization = editor.DefaultRequestHeaders.Authorization;
        var made = await (await editorThere.PostJsonAsync(articles, new { channel = "notices", title = "搬迁之后" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.True(made.Id() > draft); // ids go on after the copied ones
        var another = (await ContentApi.CreateAsync(admin, site, new { channel = "notices", title = "又一个文件", disclosure = new { validity = "有效" } })).Id();
        Assert.Equal("000014349/2022-00002", (await ContentApi.PublishAsync(admin, site, another))["disclosure"]!.Text("indexNumber")); // 索引号 count on

        // started again with the setting still on, nothing is copied twice
        await using var again = postgres.NewApp(app => app.Settings["Database:CopyFromSqlite"] = Database.ConnectionString);
        using var adminAgain = again.AdminClient();
        Assert.Equal(before["/api/v1/sites"], (await (await adminAgain.GetAsync("/api/v1/sites")).OkJsonAsync()).ToJsonString());
        Assert.Equal([made.Id()], (await (await adminAgain.GetAsync($"{articles}?status=draft")).OkJsonAsync())["items"]!.AsArray().Select(i => i!.Id()));
    }
}
