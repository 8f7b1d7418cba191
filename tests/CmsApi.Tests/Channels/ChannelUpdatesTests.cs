using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Channels;

public sealed class ChannelUpdatesTestsOnSqlite(SqliteDatabase database) : ChannelUpdatesTests(database), IClassFixture<SqliteDatabase>;

public sealed class ChannelUpdatesTestsOnPostgres(PostgresDatabase database) : ChannelUpdatesTests(database), IClassFixture<PostgresDatabase>;

/// <summary>栏目更新: each channel's newest article against its period, as the government site inspections count it.</summary>
public abstract class ChannelUpdatesTests(TestDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task Overdue_and_blank_channels_are_found_counting_the_articles_below_each()
    {
        var site = await ContentApi.NewSiteAsync(Admin); // news (departments below it), notices
        var channels = $"/api/v1/sites/{site}/channels";
        await (await Admin.PostJsonAsync(channels, new { key = "study", name = "学习园地" })).OkJsonAsync(HttpStatusCode.Created);
        var leaders = await (await Admin.PostJsonAsync(channels, new { key = "leaders", name = "领导信息", updateDays = 365 }))
            .OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(365, leaders["updateDays"]!.GetValue<int>());
        Assert.Equal(14, (await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/news", new { updateDays = 14 }))
            .OkJsonAsync())["updateDays"]!.GetValue<int>());
        await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/notices", new { updateDays = 183 })).OkJsonAsync();
        var now = App.Clock.GetUtcNow();
        var department = now.AddDays(-20);
        var notice = now.AddDays(-30);
        await ContentApi.PublishedAsync(Admin, site, "部门动态", department, "departments");
        await ContentApi.PublishedAsync(Admin, site, "通知", notice, "notices");
        await ContentApi.PublishedAsync(Admin, site, "学习", now.AddDays(-400), "study");
        // neither a draft nor a scheduled article is an update the public sees
        await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title = "草稿", publishedAt = now.AddDays(-1) });
        await ContentApi.PublishedAsync(Admin, site, "定时", now.AddDays(3), "news");

        var check = await (await Admin.GetAsync($"/api/v1/sites/{site}/channel-updates")).OkJsonAsync();

        Assert.Equal([("news", "overdue"), ("departments", "unchecked"), ("notices", "ok"), ("study", "unchecked"), ("leaders", "empty")],
            check["items"]!.AsArray().Select(i => (i!.Text("key"), i!.Text("status"))));
        Assert.Equal((1, 1), (check["overdue"]!.GetValue<int>(), check["empty"]!.GetValue<int>()));
        var items = check["items"]!.AsArray().ToDictionary(i => i!.Text("key"), i => i!);
        Assert.Equal(department, items["news"]["lastPublishedAt"]!.GetValue<DateTimeOffset>()); // from the channel below it
        Assert.Equal(department.AddDays(14), items["news"]["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(notice.AddDays(183), items["notices"]["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(items["leaders"]["lastPublishedAt"]);
        Assert.Equal(["news", "departments"], items["departments"]["breadcrumb"]!.AsArray().Select(b => b!.Text("key")));
        Assert.Equal(department, check["lastPublishedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("+08:00", check.Text("checkedAt")[^6..]); // the site's time zone

        // a new article in time: the channel is up to date again
        await ContentApi.PublishedAsync(Admin, site, "今日动态", now, "news");
        var after = await (await Admin.GetAsync($"/api/v1/sites/{site}/channel-updates")).OkJsonAsync();
        Assert.Equal("ok", after["items"]![0]!.Text("status"));
        Assert.Equal(0, after["overdue"]!.GetValue<int>());
    }

    [Fact]
    public async Task Periods_are_checked_and_the_check_is_for_the_sites_editors()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var channels = $"/api/v1/sites/{site}/channels";
        foreach (var bad in new object[] { new { updateDays = -1 }, new { updateDays = 3651 }, new { updateDays = "14" } })
        {
            await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/news", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await Admin.PostJsonAsync(channels, new { key = "bad", name = "坏", updateDays = 4000 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, (await (await Admin.GetAsync($"{channels}/news")).OkJsonAsync())["updateDays"]!.GetValue<int>());
        await (await Admin.GetAsync($"{channels}/bad")).ProblemAsync(HttpStatusCode.NotFound);

        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channel-updates")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Admin.GetAsync($"/api/v1/sites/nosuch{site}/channel-updates")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
