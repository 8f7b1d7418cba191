using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Channels;

public sealed class ChannelsApiTestsOnSqlite(SqliteDatabase database) : ChannelsApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class ChannelsApiTestsOnPostgres(PostgresDatabase database) : ChannelsApiTests(database), IClassFixture<PostgresDatabase>;

public abstract class ChannelsApiTests(TestDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task The_tree_nests_children_in_order()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "bureaus", name = "局属单位", parent = "news", order = -1 })).OkJsonAsync(HttpStatusCode.Created);

        var tree = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels")).OkJsonAsync();

        var top = tree["items"]!.AsArray();
        Assert.Equal(["news", "notices"], top.Select(c => c!.Text("key")));
        Assert.Equal(["bureaus", "departments"], top[0]!["children"]!.AsArray().Select(c => c!.Text("key")));
        var one = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels/bureaus")).OkJsonAsync();
        Assert.Equal(["news", "bureaus"], one["breadcrumb"]!.AsArray().Select(c => c!.Text("key")));
        Assert.Equal("news", one.Text("parent"));
    }

    [Fact]
    public async Task Moves_are_checked_for_cycles_and_renames_keep_the_key()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var cycle = await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/news", new { parent = "departments" });
        Assert.Contains("parent", (await cycle.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        var self = await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/news", new { parent = "news" });
        await self.ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/news", new { parent = "nowhere" })).ProblemAsync(HttpStatusCode.BadRequest);

        var moved = await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/departments", new { parent = "notices", name = "部门" })).OkJsonAsync();
        Assert.Equal("notices", moved.Text("parent"));
        Assert.Equal("部门", moved.Text("name"));
        var top = await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/departments", new { parent = "" })).OkJsonAsync();
        Assert.Null(top["parent"]);

        // If-Match, when sent, must be current
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/departments", new { name = "x" }, "\"1\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    /// <summary>The ETag a reader got was a hash of the answer, and If-Match with it was a 412 whatever the version.</summary>
    [Fact]
    public async Task A_channels_etag_goes_back_in_if_match_and_changes_with_its_children()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/channels/news";
        var read = (await Anonymous.GetAsync(url)).Headers.ETag!.Tag;

        var renamed = await Admin.SendAsync(HttpMethod.Patch, url, new { name = "要闻" }, read);

        Assert.Equal("要闻", (await renamed.OkJsonAsync()).Text("name"));
        var afterRename = renamed.Headers.ETag!.Tag;
        Assert.Equal(afterRename, (await Anonymous.GetAsync(url)).Headers.ETag!.Tag);
        await (await Admin.SendAsync(HttpMethod.Patch, url, new { name = "旧" }, read)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        // a child's new name changes the answer but not the channel's version: another ETag that If-Match still takes
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/departments", new { name = "部门" })).OkJsonAsync();
        var afterChild = await Anonymous.GetAsync(url);
        Assert.NotEqual(afterRename, afterChild.Headers.ETag!.Tag);
        Assert.Equal(2, (await afterChild.OkJsonAsync())["version"]!.GetValue<long>());
        await (await Admin.SendAsync(HttpMethod.Patch, url, new { order = 5 }, afterChild.Headers.ETag!.Tag)).OkJsonAsync();
        // * is true whenever the channel exists (RFC 9110 13.1.1)
        await (await Admin.SendAsync(HttpMethod.Patch, url, new { order = 6 }, "*")).OkJsonAsync();
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/nowhere", new { order = 6 }, "*")).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A tree of 16 levels could be made, and then the whole tree answered 500 (its JSON too deep to write).</summary>
    [Fact]
    public async Task The_tree_stops_at_eight_levels_and_is_answered_whole()
    {
        var site = await ContentApi.NewSiteAsync(Admin); // news → departments, notices
        var url = $"/api/v1/sites/{site}/channels";
        var parent = "news";
        for (var level = 2; level <= 8; level++)
        {
            await (await Admin.PostJsonAsync(url, new { key = $"level{level}", name = $"第{level}层", parent })).OkJsonAsync(HttpStatusCode.Created);
            parent = $"level{level}";
        }

        var tooDeep = await Admin.PostJsonAsync(url, new { key = "level9", name = "第9层", parent });
        // notices has a child, so it takes two levels: under level7 it would end at level 9
        await (await Admin.PostJsonAsync(url, new { key = "notice-list", name = "公告列表", parent = "notices" })).OkJsonAsync(HttpStatusCode.Created);
        var movedTooDeep = await Admin.SendAsync(HttpMethod.Patch, $"{url}/notices", new { parent = "level7" });
        var movedJustDeepEnough = await Admin.SendAsync(HttpMethod.Patch, $"{url}/notices", new { parent = "level6" });

        Assert.Equal(["parent"], (await tooDeep.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(["parent"], (await movedTooDeep.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("level6", (await movedJustDeepEnough.OkJsonAsync()).Text("parent"));
        await (await Anonymous.GetAsync(url)).OkJsonAsync();
        Assert.Equal(8, (await (await Anonymous.GetAsync($"{url}/notice-list")).OkJsonAsync())["breadcrumb"]!.AsArray().Count);
    }

    [Fact]
    public async Task Only_empty_channels_can_be_deleted()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title = "通知" });

        Assert.Equal("channel_not_empty", (await (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/news")).ProblemAsync(HttpStatusCode.Conflict)).Text("code"));
        Assert.Equal("channel_not_empty", (await (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/notices")).ProblemAsync(HttpStatusCode.Conflict)).Text("code"));
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/departments")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/channels/news")).StatusCode);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels/news")).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// A navigation needs more than names: 政务服务 links to the province's service hall (外链栏目), 图片新闻 feeds a home
    /// page block and is no menu item (不在导航显示), and a channel page prints its 栏目简介.
    /// </summary>
    [Fact]
    public async Task A_channel_carries_its_description_its_link_and_whether_the_navigation_shows_it()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var channels = $"/api/v1/sites/{site}/channels";

        var service = await (await Admin.PostJsonAsync(channels,
            new { key = "zwfw", name = "政务服务", linkUrl = " https://www.gdzwfw.gov.cn/ ", description = "  办事指南与在线办理  " })).OkJsonAsync(HttpStatusCode.Created);
        await (await Admin.PostJsonAsync(channels, new { key = "tpxw", name = "图片新闻", parent = "news", hidden = true })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("https://www.gdzwfw.gov.cn/", "办事指南与在线办理", false), (service.Text("linkUrl"), service.Text("description"), service["hidden"]!.GetValue<bool>()));

        async Task<Dictionary<string, (string? LinkUrl, bool Hidden)>> Navigation()
        {
            var tree = await (await Anonymous.GetAsync(channels)).OkJsonAsync();
            return tree["items"]!.AsArray().SelectMany(c => new[] { c! }.Concat(c!["children"]!.AsArray().Select(d => d!)))
                .ToDictionary(c => c.Text("key"), c => (c["linkUrl"]?.GetValue<string>(), c["hidden"]!.GetValue<bool>()));
        }
        var before = await Navigation();
        Assert.Equal(("https://www.gdzwfw.gov.cn/", false), before["zwfw"]);
        Assert.Equal((null, true), before["tpxw"]);
        Assert.Equal((null, false), before["news"]);

        // a change of one field leaves the others; "" clears a text, as parent "" does
        var hidden = await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/zwfw", new { hidden = true })).OkJsonAsync();
        Assert.Equal(("https://www.gdzwfw.gov.cn/", "办事指南与在线办理", true), (hidden.Text("linkUrl"), hidden.Text("description"), hidden["hidden"]!.GetValue<bool>()));
        var own = await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/zwfw", new { linkUrl = "", description = "" })).OkJsonAsync();
        Assert.Equal((null, null, true), (own["linkUrl"], own["description"], own["hidden"]!.GetValue<bool>()));
        var parent = await Anonymous.GetAsync($"{channels}/news");
        var child = (await parent.OkJsonAsync())["children"]!.AsArray().Single(c => c!.Text("key") == "tpxw")!;
        Assert.Equal((null, true), (child["linkUrl"], child["hidden"]!.GetValue<bool>()));
        var shown = await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/tpxw", new { hidden = false, linkUrl = "/tpxw/" })).OkJsonAsync();
        Assert.Equal(("/tpxw/", false, "图片新闻"), (shown.Text("linkUrl"), shown["hidden"]!.GetValue<bool>(), shown.Text("name")));
        var after = await Navigation();
        Assert.Equal(((string?)null, true), after["zwfw"]);
        Assert.Equal(("/tpxw/", false), after["tpxw"]);
        // the parent's page lists its children as they are now, under a new ETag though its own version stayed
        var parentAfter = await Anonymous.GetAsync($"{channels}/news");
        child = (await parentAfter.OkJsonAsync())["children"]!.AsArray().Single(c => c!.Text("key") == "tpxw")!;
        Assert.Equal(("/tpxw/", false), (child.Text("linkUrl"), child["hidden"]!.GetValue<bool>()));
        Assert.NotEqual(parent.Headers.ETag!.Tag, parentAfter.Headers.ETag!.Tag);

        // refused, and the channel as it was: a script or protocol-relative link, control characters, too long
        foreach (var bad in new object[]
        {
            new { linkUrl = "javascript:alert(1)" }, new { linkUrl = "//evil.example.com/" }, new { description = "简介\u0007" },
            new { description = new string('简', 501) },
        })
        {
            await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/tpxw", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Contains("linkUrl", (await (await Admin.PostJsonAsync(channels, new { key = "bad", name = "坏", linkUrl = "ftp://x.gov.cn/" }))
            .ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        var unchanged = await (await Anonymous.GetAsync($"{channels}/tpxw")).OkJsonAsync();
        Assert.Equal(("/tpxw/", (JsonNode?)null, 2L), (unchanged.Text("linkUrl"), unchanged["description"], unchanged["version"]!.GetValue<long>()));
        await (await Anonymous.GetAsync($"{channels}/bad")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_channel_input_is_refused()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "news", name = "重复" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "../etc", name = "x" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "ok-key", name = "" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "orphan", name = "孤儿", parent = "none" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync("/api/v1/sites/no-such-site/channels", new { key = "news", name = "x" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "anon", name = "x" })).ProblemAsync(HttpStatusCode.Unauthorized);

        var tree = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/channels")).OkJsonAsync();
        Assert.Equal(2, tree["items"]!.AsArray().Count);
    }
}
