using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Articles;

public sealed class ReviewTestsOnSqlite(SqliteDatabase database) : ReviewTests(database), IClassFixture<SqliteDatabase>;

public sealed class ReviewTestsOnPostgres(PostgresDatabase database) : ReviewTests(database), IClassFixture<PostgresDatabase>;

/// <summary>审核 (先审后发): a site with reviewSteps publishes only what that many reviewers approved, one after the other.</summary>
public abstract class ReviewTests(TestDatabase database) : ApiTest(database)
{
    /// <summary>A site that asks for <paramref name="steps"/> approvals, with the channel news.</summary>
    private async Task<string> NewSiteAsync(int steps)
    {
        var key = ContentApi.NewKey();
        await (await Admin.PostJsonAsync("/api/v1/sites", new
        {
            key, name = "审核网", domains = new[] { "www.example.gov.cn" }, sponsor = "某局", copyright = new { holder = "某局" }, reviewSteps = steps,
        })).OkJsonAsync(HttpStatusCode.Created);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{key}/channels", new { key = "news", name = "工作动态" })).OkJsonAsync(HttpStatusCode.Created);
        return key;
    }

    private Task<(HttpClient Client, string Prefix)> ReviewerAsync(string name) =>
        ClientWithNewKeyAsync(new { name, scopes = new[] { Scopes.ContentReview, Scopes.ReadDrafts } });

    private static async Task<JsonNode> DecideAsync(HttpClient reviewer, string url, string step, object body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var (_, etag) = await reviewer.ReadWithETagAsync(url);
        var response = await reviewer.SendAsync(HttpMethod.Post, $"{url}/{step}", body, etag);
        return status == HttpStatusCode.OK ? await response.OkJsonAsync() : await response.ProblemAsync(status);
    }

    private static (string? Status, int? Approvals) Review(JsonNode article) =>
        article["review"] is { } review ? (review.Text("status"), review["approvals"]!.GetValue<int>()) : (null, null);

    [Fact]
    public async Task Three_reviewers_approve_one_after_another_before_a_draft_is_published()
    {
        var site = await NewSiteAsync(steps: 3);
        var url = $"/api/v1/sites/{site}/articles";
        var (first, firstPrefix) = await ReviewerAsync("初审");
        var (second, _) = await ReviewerAsync("复审");
        var (last, lastPrefix) = await ReviewerAsync("终审");
        using var _1 = first;
        using var _2 = second;
        using var _3 = last;
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "关于开展安全生产检查的通知" })).Id();
        var article = $"{url}/{id}";

        // not before review, nor approved before it is submitted
        var refused = await (await Admin.PostJsonAsync($"{article}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("先审后发", refused.Text("detail"), StringComparison.Ordinal);
        await DecideAsync(first, article, "approve", new { }, HttpStatusCode.Conflict);
        var submitted = await (await Admin.PostJsonAsync($"{article}/submit", new { note = "请审核" })).OkJsonAsync();
        Assert.Equal(("pending", 0), Review(submitted));

        // a reviewer approves the version read: without If-Match 428, with an older one 412
        await (await first.PostJsonAsync($"{article}/approve", new { })).ProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await first.SendAsync(HttpMethod.Post, $"{article}/approve", new { }, "\"1\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(("pending", 1), Review(await DecideAsync(first, article, "approve", new { note = "初审同意" })));
        // three approvals are three people, none of them the one who submitted it
        Assert.Contains("another reviewer", (await DecideAsync(first, article, "approve", new { }, HttpStatusCode.Conflict)).Text("detail"), StringComparison.Ordinal);
        await DecideAsync(Admin, article, "approve", new { }, HttpStatusCode.Conflict);
        Assert.Equal(("pending", 2), Review(await DecideAsync(second, article, "approve", new { })));
        await (await Admin.PostJsonAsync($"{article}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict);

        // 终审 sends it back, saying why; the editor changes it and submits it again, and review starts over
        var noReason = await DecideAsync(last, article, "reject", new { }, HttpStatusCode.BadRequest);
        Assert.True(noReason["errors"]!.AsObject().ContainsKey("note"), $"{noReason}");
        Assert.Equal(("rejected", 0), Review(await DecideAsync(last, article, "reject", new { note = "请核实检查范围" })));
        var changed = await (await Admin.SendAsync(HttpMethod.Patch, article, new { title = "关于开展2024年安全生产检查的通知" }, "*")).OkJsonAsync();
        Assert.Equal(("rejected", 0), Review(changed));
        await (await Admin.PostJsonAsync($"{article}/submit", new { })).OkJsonAsync();
        foreach (var reviewer in new[] { first, second })
        {
            await DecideAsync(reviewer, article, "approve", new { });
        }
        var approved = await DecideAsync(last, article, "approve", new { note = "同意发布" });
        Assert.Equal(("approved", 3), Review(approved));

        var published = await ContentApi.PublishAsync(Admin, site, id);
        Assert.Equal("published", published.Text("status"));
        var seen = await (await Anonymous.GetAsync(article)).OkJsonAsync();
        Assert.Equal(("approved", 3), Review(seen));
        Assert.Equal("关于开展2024年安全生产检查的通知", seen.Text("title"));

        // who decided what, and why, is in the history
        var history = (await (await Admin.GetAsync($"{article}/revisions")).OkJsonAsync())["items"]!.AsArray();
        var decisions = history.Where(h => h!.Text("action") is "submit" or "approve" or "reject")
            .Select(h => (h!.Text("action"), h!["note"]?.GetValue<string>())).Reverse().ToList();
        Assert.Equal([("submit", "请审核"), ("approve", "初审同意"), ("approve", null), ("reject", "请核实检查范围"), ("submit", null),
            ("approve", null), ("approve", null), ("approve", "同意发布")], decisions);
        Assert.Equal(firstPrefix, history.First(h => h!["note"]?.GetValue<string>() == "初审同意")!.Text("actor"));
        Assert.Equal(lastPrefix, history.First(h => h!.Text("action") == "reject")!.Text("actor"));
    }

    /// <summary>批量送审 and 批量审核: a list of drafts submitted at once, and a reviewer's decision on several, each on the
    /// version the reviewer read (a list item's), as the single routes with If-Match would take it.</summary>
    [Fact]
    public async Task Reviewers_decide_on_several_articles_at_once_each_on_the_version_they_read()
    {
        var site = await NewSiteAsync(steps: 2);
        var otherSite = await NewSiteAsync(steps: 1);
        var url = $"/api/v1/sites/{site}/articles";
        var (first, firstPrefix) = await ReviewerAsync("初审");
        var (last, lastPrefix) = await ReviewerAsync("终审");
        var (writer, _) = await ClientWithNewKeyAsync(new { name = "编辑", scopes = new[] { Scopes.ContentWrite, Scopes.ReadDrafts } });
        using var _1 = first;
        using var _2 = last;
        using var _3 = writer;
        var ids = new List<long>();
        foreach (var title in new[] { "通知一", "通知二", "通知三" })
        {
            ids.Add((await ContentApi.CreateAsync(Admin, site, new { channel = "news", title })).Id());
        }
        var (a, b, c) = (ids[0], ids[1], ids[2]);
        var elsewhere = (await ContentApi.CreateAsync(Admin, otherSite, new { channel = "news", title = "别站的" })).Id();
        async Task<(string? Status, int? Approvals)> ReviewOf(long id) => Review(await (await Admin.GetAsync($"{url}/{id}")).OkJsonAsync());
        static int[] Statuses(JsonNode answer) => [.. answer["items"]!.AsArray().Select(item => item!["status"]!.GetValue<int>())];

        // 批量送审: bad bodies submit nothing; then each draft as its own route would, another site's refused in its item
        foreach (var bad in new object[] { new { }, new { ids = Array.Empty<long>() }, new { ids = new[] { a, -1 } },
                     new { ids, note = new string('意', 501) }, new { ids, note = "请\u0007审核" } })
        {
            await (await Admin.PostJsonAsync($"{url}/batch/submit", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await first.PostJsonAsync($"{url}/batch/submit", new { ids })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal((null, null), await ReviewOf(a));
        var submitted = await (await writer.PostJsonAsync($"{url}/batch/submit", new { ids = new[] { a, b, c, elsewhere }, note = "请审核" })).OkJsonAsync();
        Assert.Equal([200, 200, 200, 404], Statuses(submitted));
        Assert.Equal(("pending", 0), await ReviewOf(c));

        // the reviewer reads the 待审稿件; an editor changes 通知二 after that
        var pending = (await (await first.GetAsync($"{url}?status=draft&review=pending")).OkJsonAsync())["items"]!.AsArray();
        Assert.Equal([c, b, a], pending.Select(item => item!.Id()));
        var read = pending.Select(item => item!).Select(item => new { id = item.Id(), version = item["version"]!.GetValue<long>() }).Reverse().ToArray();
        await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{b}", new { title = "通知二（更正）" }, "*")).OkJsonAsync();

        // bad decisions decide nothing: no items, one twice, no version, a rejection without its reason; nor may an editor
        foreach (var (step, bad) in new (string, object)[] { ("approve", new { }), ("approve", new { items = Array.Empty<object>() }),
                     ("approve", new { items = new[] { read[0], read[0] } }), ("approve", new { items = new[] { new { id = a } } }),
                     ("approve", new { items = read, note = new string('意', 501) }), ("reject", new { items = read }) })
        {
            await (await first.PostJsonAsync($"{url}/batch/{step}", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await writer.PostJsonAsync($"{url}/batch/approve", new { items = read })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous.PostJsonAsync($"{url}/batch/approve", new { items = read })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await first.PostJsonAsync("/api/v1/sites/no-such-site/articles/batch/approve", new { items = read })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(("pending", 0), await ReviewOf(a));

        // 初审 of the three as read: the one changed since is a 412 in its item, the others take their first step
        var approved = await (await first.PostJsonAsync($"{url}/batch/approve", new { items = read, note = "初审同意" })).OkJsonAsync();
        Assert.Equal([200, 412, 200], Statuses(approved));
        Assert.Equal((2, 1), (approved["done"]!.GetValue<int>(), approved["failed"]!.GetValue<int>()));
        Assert.Equal([("pending", 1), ("pending", 0), ("pending", 1)], [await ReviewOf(a), await ReviewOf(b), await ReviewOf(c)]);
        var afterFirst = approved["items"]!.AsArray().Select(item => item!).Where(item => item["status"]!.GetValue<int>() == 200)
            .Select(item => new { id = item.Id(), version = item["version"]!.GetValue<long>() }).ToArray();

        // the same reviewer cannot take the next step; 终审 approves one and sends the other back with one reason
        Assert.Equal(new[] { 409, 409 }, Statuses(await (await first.PostJsonAsync($"{url}/batch/approve", new { items = afterFirst })).OkJsonAsync()));
        Assert.Equal(new[] { 200 }, Statuses(await (await last.PostJsonAsync($"{url}/batch/approve", new { items = afterFirst[..1] })).OkJsonAsync()));
        Assert.Equal(new[] { 200 }, Statuses(await (await last.PostJsonAsync($"{url}/batch/reject", new { items = afterFirst[1..], note = "请核实数据" })).OkJsonAsync()));
        Assert.Equal([("approved", 2), ("rejected", 0)], [await ReviewOf(a), await ReviewOf(c)]);

        // each decision is a revision of its article with who made it and why
        async Task<(string?, string?, string?)> LastStepOf(long id) =>
            (await (await Admin.GetAsync($"{url}/{id}/revisions")).OkJsonAsync())["items"]![0] is { } entry
                ? (entry.Text("action"), entry.Text("actor"), entry["note"]?.GetValue<string>()) : default;
        Assert.Equal(("approve", lastPrefix, null), await LastStepOf(a));
        Assert.Equal(("reject", lastPrefix, "请核实数据"), await LastStepOf(c));
        var history = (await (await Admin.GetAsync($"{url}/{a}/revisions")).OkJsonAsync())["items"]!.AsArray().Select(entry => entry!).ToList();
        Assert.Contains(history, entry => entry.Text("action") == "approve" && entry.Text("actor") == firstPrefix && entry.Text("note") == "初审同意");
        Assert.Contains(history, entry => entry.Text("action") == "submit" && entry.Text("note") == "请审核");
        await (await Admin.PostJsonAsync($"{url}/{a}/publish", new { })).OkJsonAsync();
    }

    /// <summary>栏目级审核: a site that is 一审 asks 三审 of 通知公告 and the channels below it; a site without review reviews one channel.</summary>
    [Fact]
    public async Task A_channel_asks_for_more_approvals_than_its_site_and_so_do_the_channels_below_it()
    {
        var site = await NewSiteAsync(steps: 1);
        var channels = $"/api/v1/sites/{site}/channels";
        var notices = await (await Admin.PostJsonAsync(channels, new { key = "notices", name = "通知公告", reviewSteps = 3 })).OkJsonAsync(HttpStatusCode.Created);
        var county = await (await Admin.PostJsonAsync(channels, new { key = "county", name = "县区通知", parent = "notices" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal((3, 0), (notices["reviewSteps"]!.GetValue<int>(), county["reviewSteps"]!.GetValue<int>()));
        var (first, _) = await ReviewerAsync("初审");
        var (second, _) = await ReviewerAsync("复审");
        var (last, _) = await ReviewerAsync("终审");
        using var _1 = first;
        using var _2 = second;
        using var _3 = last;

        // below 通知公告: three approvals, not the site's one
        var strict = $"/api/v1/sites/{site}/articles/{(await ContentApi.CreateAsync(Admin, site, new { channel = "county", title = "县区通知" })).Id()}";
        await (await Admin.PostJsonAsync($"{strict}/submit", new { })).OkJsonAsync();
        Assert.Equal(("pending", 1), Review(await DecideAsync(first, strict, "approve", new { })));
        Assert.Contains("3 approval(s)", (await (await Admin.PostJsonAsync($"{strict}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict))
            .Text("detail"), StringComparison.Ordinal);
        await DecideAsync(second, strict, "approve", new { });
        Assert.Equal(("approved", 3), Review(await DecideAsync(last, strict, "approve", new { })));
        await (await Admin.PostJsonAsync($"{strict}/publish", new { })).OkJsonAsync();
        // elsewhere on the site: one
        var plain = $"/api/v1/sites/{site}/articles/{(await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "工作动态" })).Id()}";
        await (await Admin.PostJsonAsync($"{plain}/submit", new { })).OkJsonAsync();
        Assert.Equal(("approved", 1), Review(await DecideAsync(first, plain, "approve", new { })));
        await (await Admin.PostJsonAsync($"{plain}/publish", new { })).OkJsonAsync();

        // a site without review that reviews one channel: its articles wait for review, the others publish as before
        var open = await NewSiteAsync(steps: 0);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{open}/channels", new { key = "policies", name = "政策文件" })).OkJsonAsync(HttpStatusCode.Created);
        var changed = await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{open}/channels/policies", new { reviewSteps = 2 }, "*")).OkJsonAsync();
        Assert.Equal(2, changed["reviewSteps"]!.GetValue<int>());
        var policy = $"/api/v1/sites/{open}/articles/{(await ContentApi.CreateAsync(Admin, open, new { channel = "policies", title = "政策文件" })).Id()}";
        await (await Admin.PostJsonAsync($"{policy}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostJsonAsync($"{policy}/submit", new { })).OkJsonAsync();
        var news = $"/api/v1/sites/{open}/articles/{(await ContentApi.CreateAsync(Admin, open, new { channel = "news", title = "动态" })).Id()}";
        await (await Admin.PostJsonAsync($"{news}/submit", new { })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostJsonAsync($"{news}/publish", new { })).OkJsonAsync();
        // a published article does not move into a reviewing channel unreviewed
        var moved = await (await Admin.SendAsync(HttpMethod.Patch, news, new { channel = "policies" }, "*")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("栏目级审核", moved.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("news", (await (await Anonymous.GetAsync(news)).OkJsonAsync()).Text("channel"));

        foreach (var bad in new object[] { new { key = "bad", name = "错", reviewSteps = 4 }, new { key = "bad", name = "错", reviewSteps = -1 } })
        {
            await (await Admin.PostJsonAsync(channels, bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await Admin.SendAsync(HttpMethod.Patch, $"{channels}/notices", new { reviewSteps = 4 }, "*")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(3, (await (await Admin.GetAsync($"{channels}/notices")).OkJsonAsync())["reviewSteps"]!.GetValue<int>());
    }

    [Fact]
    public async Task What_the_public_sees_changes_only_through_review_again()
    {
        var site = await NewSiteAsync(steps: 1);
        var (reviewer, _) = await ReviewerAsync("审核");
        using var _1 = reviewer;
        var article = $"/api/v1/sites/{site}/articles/{(await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "原标题" })).Id()}";
        await (await Admin.PostJsonAsync($"{article}/submit", new { })).OkJsonAsync();
        Assert.Equal(("approved", 1), Review(await DecideAsync(reviewer, article, "approve", new { })));
        await (await Admin.PostJsonAsync($"{article}/publish", new { })).OkJsonAsync();

        // a published article's content cannot change, by patch, replace or an earlier revision
        var (stored, etag) = await Admin.ReadWithETagAsync(article);
        var locked = await (await Admin.SendAsync(HttpMethod.Patch, article, new { title = "未经审核的标题" }, etag)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("reviewed again", locked.Text("detail"), StringComparison.Ordinal);
        await (await Admin.PostJsonAsync($"{article}/revisions/1/restore", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(stored.ToJsonString(), (await Admin.ReadWithETagAsync(article)).Json.ToJsonString());

        // taken down and changed, it waits for review again; the change is public only once approved
        await (await Admin.PostJsonAsync($"{article}/unpublish", new { })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{article}/publish", new { })).OkJsonAsync(); // still the approved content
        await (await Admin.PostJsonAsync($"{article}/unpublish", new { })).OkJsonAsync();
        var changed = await (await Admin.SendAsync(HttpMethod.Patch, article, new { title = "修改后的标题" }, "*")).OkJsonAsync();
        Assert.Equal(("pending", 0), Review(changed));
        await (await Admin.PostJsonAsync($"{article}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Anonymous.GetAsync(article)).ProblemAsync(HttpStatusCode.NotFound);
        await DecideAsync(reviewer, article, "approve", new { });
        await (await Admin.PostJsonAsync($"{article}/publish", new { })).OkJsonAsync();
        Assert.Equal("修改后的标题", (await (await Anonymous.GetAsync(article)).OkJsonAsync()).Text("title"));
    }

    [Fact]
    public async Task A_live_article_is_changed_through_a_revision_reviewed_without_going_offline()
    {
        var site = await NewSiteAsync(steps: 1);
        var url = $"/api/v1/sites/{site}/articles";
        var (reviewer, _) = await ReviewerAsync("审核");
        using var _1 = reviewer;
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "原标题", slug = "tongzhi", body = new { lead = new[] { "原文。" } } })).Id();
        await (await Admin.PostJsonAsync($"{url}/{id}/submit", new { })).OkJsonAsync();
        await DecideAsync(reviewer, $"{url}/{id}", "approve", new { });
        await ContentApi.PublishAsync(Admin, site, id);
        await (await Admin.PostJsonAsync($"{url}/{id}/pin", new { level = 2 })).OkJsonAsync();

        // 修改稿: a draft with the article's content (its slug stays the article's); asked again, the same one
        var made = await Admin.PostJsonAsync($"{url}/{id}/revise", new { });
        var revision = await made.OkJsonAsync(HttpStatusCode.Created);
        var copy = revision.Id();
        Assert.Equal((id, "draft", "原标题", (string?)null), (revision["revises"]!.GetValue<long>(), revision.Text("status"), revision.Text("title"), revision["slug"]?.GetValue<string>()));
        Assert.Equal(copy, (await (await Admin.PostJsonAsync($"{url}/{id}/revise", new { })).OkJsonAsync()).Id());
        await (await Admin.PostJsonAsync($"{url}/{copy}/revise", new { })).ProblemAsync(HttpStatusCode.Conflict);

        // changed, it waits for review while the public still reads the article as it was
        await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{copy}", new { title = "更正后的标题", body = new { lead = new[] { "更正后的正文。" } } }, "*")).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{url}/{copy}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict); // not approved
        await (await Admin.PostJsonAsync($"{url}/{copy}/submit", new { })).OkJsonAsync();
        await DecideAsync(reviewer, $"{url}/{copy}", "approve", new { note = "同意更正" });
        await (await Admin.PostJsonAsync($"{url}/{copy}/schedule", new { publishedAt = App.Clock.GetUtcNow().AddDays(1) })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostJsonAsync($"{url}/{copy}/publish", new { until = App.Clock.GetUtcNow().AddDays(1) })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("原标题", (await (await Anonymous.GetAsync($"{url}/{id}")).OkJsonAsync()).Text("title"));

        // published, its content is the article's, which keeps its id, slug, pin and publish time; the revision goes
        var published = await (await Admin.PostJsonAsync($"{url}/{copy}/publish", new { })).OkJsonAsync();
        Assert.Equal((id, "tongzhi", 2, "published"), (published.Id(), published.Text("slug"), published["pinLevel"]!.GetValue<int>(), published.Text("status")));
        Assert.Equal(("approved", 1), Review(published));
        var seen = await (await Anonymous.GetAsync($"{url}/{Uri.EscapeDataString("tongzhi")}")).OkJsonAsync();
        Assert.Equal(("更正后的标题", "更正后的正文。"), (seen.Text("title"), seen["body"]!["lead"]![0]!.GetValue<string>()));
        Assert.Null(seen["revises"]);
        await (await Admin.GetAsync($"{url}/{copy}")).ProblemAsync(HttpStatusCode.NotFound);
        var history = await (await Admin.GetAsync($"{url}/{id}/revisions")).OkJsonAsync();
        Assert.Equal($"revised-by:{copy}", history["items"]![0]!.Text("action"));
    }

    [Fact]
    public async Task A_revision_without_review_replaces_on_publishing_and_not_into_the_trash()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿" })).Id();
        await (await Admin.PostJsonAsync($"{url}/{draft}/revise", new { })).ProblemAsync(HttpStatusCode.Conflict); // a draft is changed itself
        var id = await ContentApi.PublishedAsync(Admin, site, "已发布", ContentApi.Published);
        var copy = (await (await Admin.PostJsonAsync($"{url}/{id}/revise", new { })).OkJsonAsync(HttpStatusCode.Created)).Id();
        await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{copy}", new { title = "已更正" }, "*")).OkJsonAsync();

        await (await Admin.PostJsonAsync($"{url}/{id}/trash", new { })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{url}/{copy}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("已发布", (await (await Admin.GetAsync($"{url}/{id}")).OkJsonAsync()).Text("title")); // nothing written
        Assert.Equal("已更正", (await (await Admin.GetAsync($"{url}/{copy}")).OkJsonAsync()).Text("title"));
        await (await Admin.PostJsonAsync($"{url}/{id}/restore", new { })).OkJsonAsync();

        var published = await (await Admin.PostJsonAsync($"{url}/{copy}/publish", new { })).OkJsonAsync();
        Assert.Equal((id, "已更正"), (published.Id(), published.Text("title")));
        Assert.Null(published["review"]);
        Assert.Equal("已更正", (await (await Anonymous.GetAsync($"{url}/{id}")).OkJsonAsync()).Text("title"));
    }

    [Fact]
    public async Task Reviewers_find_what_waits_for_them_and_the_public_cannot()
    {
        var site = await NewSiteAsync(steps: 2);
        var url = $"/api/v1/sites/{site}/articles";
        var (reviewer, _) = await ReviewerAsync("审核");
        using var _1 = reviewer;
        var waiting = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "待审稿件" })).Id();
        var sentBack = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "退回稿件" })).Id();
        await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "未送审稿件" });
        foreach (var id in new[] { waiting, sentBack })
        {
            await (await Admin.PostJsonAsync($"{url}/{id}/submit", new { })).OkJsonAsync();
        }
        await DecideAsync(reviewer, $"{url}/{waiting}", "approve", new { }); // 1 of 2: still waiting
        await DecideAsync(reviewer, $"{url}/{sentBack}", "reject", new { note = "重复稿件" });

        async Task<List<long>> Listed(string review) =>
            (await (await reviewer.GetAsync($"{url}?status=draft&review={review}")).OkJsonAsync())["items"]!.AsArray().Select(i => i!.Id()).ToList();
        Assert.Equal([waiting], await Listed("pending"));
        Assert.Equal([sentBack], await Listed("rejected"));
        Assert.Empty(await Listed("approved"));
        var item = (await (await reviewer.GetAsync($"{url}?status=draft&review=pending")).OkJsonAsync())["items"]![0]!;
        Assert.Equal(("pending", 1), Review(item));

        await (await Anonymous.GetAsync($"{url}?review=pending")).ProblemAsync(HttpStatusCode.Unauthorized);
        var bad = await (await reviewer.GetAsync($"{url}?status=draft&review=waiting")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad["errors"]!.AsObject().ContainsKey("review"), $"{bad}");
    }

    [Fact]
    public async Task An_import_that_would_publish_unreviewed_is_refused_whole()
    {
        var site = await NewSiteAsync(steps: 1);
        var url = $"/api/v1/sites/{site}/articles";
        var page = string.Join("\n", LegacyPage.Lines);
        var refused = await (await Admin.PostJsonAsync($"{url}/import", new { text = page, channel = "news", publish = true }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("先审后发", refused.Text("detail"), StringComparison.Ordinal);
        Assert.Empty((await (await Admin.GetAsync($"{url}?status=draft")).OkJsonAsync())["items"]!.AsArray()); // nothing written
        var imported = await (await Admin.PostJsonAsync($"{url}/import", new { text = page, channel = "news" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("draft", imported["article"]!.Text("status")); // a draft, to submit for review
    }

    [Fact]
    public async Task A_replace_of_the_site_that_leaves_review_out_keeps_it_on()
    {
        var site = await NewSiteAsync(steps: 2);
        await ContentApi.ReplaceSiteAsync(Admin, site, holder: "另一局"); // sends no reviewSteps
        var replaced = await (await Anonymous.GetAsync($"/api/v1/sites/{site}")).OkJsonAsync();
        Assert.Equal(("另一局", 2), (replaced["copyright"]!.Text("holder"), replaced["reviewSteps"]!.GetValue<int>()));

        var (_, etag) = await Admin.ReadWithETagAsync($"/api/v1/sites/{site}");
        var off = new JsonObject
        {
            ["key"] = site, ["name"] = "审核网", ["domains"] = new JsonArray("www.example.gov.cn"), ["sponsor"] = "某局",
            ["copyright"] = new JsonObject { ["holder"] = "某局" }, ["reviewSteps"] = 0,
        };
        Assert.Equal(0, (await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}", off, etag)).OkJsonAsync())["reviewSteps"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_site_without_review_publishes_as_before_and_refuses_review_steps()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "无需审核" })).Id();
        var refused = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/submit", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("reviewSteps", refused.Text("detail"), StringComparison.Ordinal);
        Assert.Null((await ContentApi.PublishAsync(Admin, site, id))["review"]);
        Assert.Equal(0, (await (await Anonymous.GetAsync($"/api/v1/sites/{site}")).OkJsonAsync())["reviewSteps"]!.GetValue<int>());

        foreach (var steps in new object[] { 4, -1, "三" })
        {
            var key = ContentApi.NewKey();
            var bad = await (await Admin.PostJsonAsync("/api/v1/sites", new
            {
                key, name = "审核网", domains = new[] { "www.example.gov.cn" }, sponsor = "某局", copyright = new { holder = "某局" }, reviewSteps = steps,
            })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("reviewSteps", bad.ToJsonString(), StringComparison.Ordinal);
            await (await Anonymous.GetAsync($"/api/v1/sites/{key}")).ProblemAsync(HttpStatusCode.NotFound);
        }
    }
}
