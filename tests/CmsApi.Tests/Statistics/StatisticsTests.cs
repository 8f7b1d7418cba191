using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;
using CmsApi.Views;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Statistics;

public sealed class StatisticsTestsOnSqlite(SqliteDatabase database) : StatisticsTests(database), IClassFixture<SqliteDatabase>;

public sealed class StatisticsTestsOnPostgres(PostgresDatabase database) : StatisticsTests(database), IClassFixture<PostgresDatabase>;

/// <summary>发稿统计: what a site published and how often it was read in a period, for its 年度报表 and 信息报送考核.</summary>
public abstract class StatisticsTests(TestDatabase database) : ApiTest(database)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>
    /// Counted: articles published in the period (days in the site's time zone) and public now; views counted in the
    /// period, of any article. By channel with the channels below each, by 来源, 责任编辑, 作者 and month; as CSV too.
    /// </summary>
    [Fact]
    public async Task A_periods_published_articles_and_views_are_counted_by_channel_source_editor_and_month()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        async Task<long> Published(string channel, DateTimeOffset at, string? source = null, string? editor = null, string? author = null)
        {
            var id = (await ContentApi.CreateAsync(Admin, site, new
            {
                channel, title = $"稿件{at:MMdd}", publishedAt = at, source, editor, author, body = new { lead = new[] { "导语。" } },
            })).Id();
            await ContentApi.PublishAsync(Admin, site, id);
            return id;
        }
        var march = await Published("news", new(2022, 3, 5, 10, 0, 0, Beijing), "市教育局", "张三", "李四");
        // the first of April in Beijing, still the 31st of March in UTC: April's
        var april = await Published("departments", new(2022, 4, 1, 0, 30, 0, Beijing), "市教育局", "王五");
        var notice = await Published("notices", new(2022, 4, 10, 9, 0, 0, Beijing), "市卫健委");
        var lastYear = await Published("news", new(2021, 12, 31, 23, 59, 0, Beijing), "区融媒体中心");
        // not public now: withdrawn, and one still to come (the clock is in May 2022)
        var withdrawn = await Published("news", new(2022, 5, 1, 9, 0, 0, Beijing), "市教育局");
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{withdrawn}/unpublish", new { })).OkJsonAsync();
        await Published("news", new(2022, 6, 1, 9, 0, 0, Beijing), "市教育局");
        var other = await ContentApi.NewSiteAsync(Admin);
        var elsewhere = await ContentApi.PublishedAsync(Admin, other, "别站", new(2022, 4, 2, 9, 0, 0, Beijing), source: "市教育局");

        var counter = App.Services.GetRequiredService<ViewCounter>();
        async Task Views(string onSite, long id, int count)
        {
            for (var n = 0; n < count; n++)
            {
                using var view = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sites/{onSite}/articles/{id}/views");
                view.Headers.Add("X-Visitor-Id", Guid.NewGuid().ToString());
                (await Anonymous.SendAsync(view)).EnsureSuccessStatusCode();
            }
        }
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().ToOffset(Beijing).DateTime);
        await Views(site, march, 3);
        await Views(site, notice, 1);
        await Views(site, lastYear, 2); // published last year, read this one: its views count, its publication does not
        await Views(other, elsewhere, 9);
        await counter.FlushAsync(CancellationToken.None);
        App.Clock.Advance(TimeSpan.FromDays(1));
        await Views(site, april, 2);
        await counter.FlushAsync(CancellationToken.None);

        var url = $"/api/v1/sites/{site}/statistics";
        static string Row(JsonNode i) => $"{i["key"]} {i["name"]} {i["parent"]} {i["published"]} {i["views"]} {i["publishedWithin"]} {i["viewsWithin"]}";
        // the totals, then each item
        async Task<string[]> Read(string query)
        {
            var answer = await (await Admin.GetAsync($"{url}?{query}")).OkJsonAsync();
            Assert.Equal(site, answer.Text("site"));
            return [$"{answer["published"]} {answer["views"]}", .. answer["items"]!.AsArray().Select(i => Row(i!))];
        }

        var year = "from=2022-01-01&to=2022-12-31";
        Assert.Equal(["3 8", "news 工作动态  1 5 2 7", "departments 部门动态 news 1 2 1 2", "notices 通知公告  1 1 1 1"], await Read(year));
        Assert.Equal(["3 8", "市教育局   2 5  ", "市卫健委   1 1  ", "区融媒体中心   0 2  "], await Read($"{year}&by=source"));
        Assert.Equal(["3 8", "   1 3  ", "张三   1 3  ", "王五   1 2  "], await Read($"{year}&by=editor"));
        Assert.Equal(["3 8", "   2 5  ", "李四   1 3  "], await Read($"{year}&by=author"));
        // months in Beijing time, the first and last only in part; views by the day they were counted
        Assert.Equal(["2 8", "2022-03   0 0  ", "2022-04   2 0  ", "2022-05   0 8  "], await Read("from=2022-03-15&to=2022-05-13&by=month"));
        Assert.Equal(["3 6", "2022-03   1 0  ", "2022-04   2 0  ", "2022-05   0 6  "], await Read($"from=2022-03-01&to={today:yyyy-MM-dd}&by=month"));
        Assert.Equal(["1 0", "news 工作动态  1 0 1 0", "departments 部门动态 news 0 0 0 0", "notices 通知公告  0 0 0 0"],
            await Read("from=2022-03-01&to=2022-03-31"));

        // by default: this year to today, by channel
        var byDefault = await (await Admin.GetAsync(url)).OkJsonAsync();
        Assert.Equal(("2022-01-01", $"{today.AddDays(1):yyyy-MM-dd}", "channel", 3L), (byDefault.Text("from"), byDefault.Text("to"), byDefault.Text("by"),
            byDefault["published"]!.GetValue<long>()));

        // for a spreadsheet: the items, with the byte-order mark Excel needs for Chinese
        using var export = new HttpRequestMessage(HttpMethod.Get, $"{url}?{year}&by=source");
        export.Headers.Accept.ParseAdd("text/csv");
        var csv = await Admin.SendAsync(export);
        Assert.Equal((HttpStatusCode.OK, "text/csv"), (csv.StatusCode, csv.Content.Headers.ContentType?.MediaType));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("key,name,parent,published,views,publishedWithin,viewsWithin\r\n市教育局,,,2,5,,\r\n市卫健委,,,1,1,,\r\n区融媒体中心,,,0,2,,\r\n",
            System.Text.Encoding.UTF8.GetString(bytes[3..]));

        // refused: bad days, a period backwards or longer than a year (given, or to today by default), another grouping;
        // no such site; no key, a key that reads no drafts, a key of another site
        foreach (var bad in new[]
                 {
                     "from=2022-13-01", "to=yesterday", "from=2022-05-01T00:00:00%2B08:00", "from=2022-05-02&to=2022-05-01",
                     "from=2022-01-01&to=2023-01-02", "from=2020-01-01", "by=tag", "by=Channel", "from=1900-01-01&to=1900-12-31",
                 })
        {
            var refused = await (await Admin.GetAsync($"{url}?{bad}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(refused["errors"]!.AsObject().Any(e => e.Key is "from" or "to" or "by"), $"{bad}: {refused}");
        }
        await (await Admin.GetAsync($"/api/v1/sites/nosuch{site}/statistics")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.Unauthorized);
        var (feedReader, _) = await ClientWithNewKeyAsync(new { name = "CDN", scopes = new[] { Scopes.ChangesRead } });
        using var _1 = feedReader;
        await (await feedReader.GetAsync(url)).ProblemAsync(HttpStatusCode.Forbidden);
        var (otherEditor, _) = await ClientWithNewKeyAsync(new { name = "别站编辑", scopes = new[] { Scopes.ReadDrafts }, sites = new[] { other } });
        using var _2 = otherEditor;
        await (await otherEditor.GetAsync(url)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1L, (await (await otherEditor.GetAsync($"/api/v1/sites/{other}/statistics?{year}")).OkJsonAsync())["published"]!.GetValue<long>());
    }
}
