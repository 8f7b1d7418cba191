using System.Net;
using System.Text.Json.Nodes;

namespace CmsApi.Tests.Infrastructure;

/// <summary>Setting up content through the API, for tests that are about something else.</summary>
public static class ContentApi
{
    public static string NewKey(string prefix = "s") => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A publish time in the past, in Beijing time, for tests where any past time will do.</summary>
    public static readonly DateTimeOffset Published = new(2022, 5, 1, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A new site with the channels news (with child departments) and notices, publishing what <paramref name="reviewSteps"/> reviewers approved (0: no review).</summary>
    public static async Task<string> NewSiteAsync(HttpClient admin, int reviewSteps = 0)
    {
        var key = NewKey();
        await (await admin.PostJsonAsync("/api/v1/sites", new
        {
            key, name = "测试网", domains = new[] { "www.example.gov.cn" }, sponsor = "某局", copyright = new { holder = "某局" }, reviewSteps,
        })).OkJsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync($"/api/v1/sites/{key}/channels", new { key = "news", name = "工作动态" })).OkJsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync($"/api/v1/sites/{key}/channels", new { key = "departments", name = "部门动态", parent = "news" })).OkJsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync($"/api/v1/sites/{key}/channels", new { key = "notices", name = "通知公告" })).OkJsonAsync(HttpStatusCode.Created);
        return key;
    }

    /// <summary>Replaces a site made by <see cref="NewSiteAsync"/>: the same settings but the copyright holder and time zone.</summary>
    public static async Task ReplaceSiteAsync(HttpClient admin, string site, string holder = "某局", string? timeZone = null)
    {
        var current = await (await admin.GetAsync($"/api/v1/sites/{site}")).OkJsonAsync();
        var replaced = new JsonObject
        {
            ["key"] = site, ["name"] = "测试网", ["domains"] = new JsonArray("www.example.gov.cn"), ["sponsor"] = "某局",
            ["copyright"] = new JsonObject { ["holder"] = holder }, ["timeZone"] = timeZone,
        };
        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}", replaced, $"\"{current["version"]}\"")).EnsureSuccessStatusCode();
    }

    /// <summary>Every item of an article list, page after page through its cursors (<paramref name="url"/> without a cursor).</summary>
    public static async Task<List<JsonNode>> PageThroughAsync(HttpClient client, string url)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        var pages = 0;
        do
        {
            // a cursor that leads back to an earlier page would page for ever: fail instead
            Assert.True(++pages <= 1000, $"{url} gave more than 1,000 pages.");
            var page = await (await client.GetAsync(cursor is null ? url : $"{url}&cursor={cursor}")).OkJsonAsync();
            items.AddRange(page["items"]!.AsArray().Select(item => item!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }

    public static async Task<JsonNode> CreateAsync(HttpClient admin, string site, object input) =>
        await (await admin.PostJsonAsync($"/api/v1/sites/{site}/articles", input)).OkJsonAsync(HttpStatusCode.Created);

    public static async Task<JsonNode> PublishAsync(HttpClient admin, string site, long id, object? body = null) =>
        await (await admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/publish", body ?? new { })).OkJsonAsync();

    /// <summary>A published article with a title, in a channel, at a publish time.</summary>
    public static async Task<long> PublishedAsync(HttpClient admin, string site, string title, DateTimeOffset publishedAt,
        string channel = "news", string[]? tags = null, string? source = null)
    {
        var created = await CreateAsync(admin, site, new
        {
            channel, title, publishedAt, tags = tags ?? [], source,
            body = new { lead = new[] { title + "的导语。" } },
        });
        var id = created["id"]!.GetValue<long>();
        await PublishAsync(admin, site, id);
        return id;
    }

    /// <summary>
    /// <paramref name="count"/> articles published on 10 May 2022 (the days before the tests' clock) that match no search
    /// but 其他 and 动态, in one import: more than a search's first walk (64 articles) reads, so a search of other words
    /// in older articles reads its matches.
    /// </summary>
    public static async Task ImportOthersAsync(HttpClient admin, string site, int count = 80)
    {
        var pages = string.Concat(Enumerable.Range(0, count).Select(i =>
            new JsonObject { ["text"] = $"其他动态{i}\n发布时间：2022-05-10 {8 + i / 60:00}:{i % 60:00} 来源：测试\n其他动态。\n", ["channel"] = "news", ["publish"] = true }
                .ToJsonString() + "\n"));
        var batch = await (await admin.PostAsync($"/api/v1/sites/{site}/articles/import/batch",
            new StringContent(pages, System.Text.Encoding.UTF8, "application/x-ndjson"))).OkJsonAsync();
        Assert.Equal(count, batch["created"]!.GetValue<int>());
    }

    /// <summary>浏览次数 of a published article, from the view counter (articles do not carry it).</summary>
    public static async Task<long> ViewCountAsync(HttpClient client, string site, long id) =>
        (await (await client.GetAsync($"/api/v1/sites/{site}/articles/{id}/views")).OkJsonAsync())["viewCount"]!.GetValue<long>();

    public static long Id(this JsonNode node) => node["id"]!.GetValue<long>();

    public static string Text(this JsonNode node, string name) => node[name]!.GetValue<string>();
}
