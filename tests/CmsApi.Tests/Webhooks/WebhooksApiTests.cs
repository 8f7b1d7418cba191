using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Webhooks;

public sealed class WebhooksApiTestsOnSqlite(SqliteDatabase database) : WebhooksApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class WebhooksApiTestsOnPostgres(PostgresDatabase database) : WebhooksApiTests(database), IClassFixture<PostgresDatabase>;

/// <summary>Webhooks: a site's changes posted to a receiver as they are committed, signed, retried, never stored in clear.</summary>
public abstract class WebhooksApiTests(TestDatabase database) : ApiTest(database)
{
    private static async Task<(long Id, string Secret)> CreateAsync(HttpClient admin, string site, string url)
    {
        var created = await (await admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks", new { url, description = "静态页重建" }))
            .OkJsonAsync(HttpStatusCode.Created);
        return (created["webhook"]!.Id(), created.Text("secret"));
    }

    [Fact]
    public async Task A_webhook_gets_its_sites_changes_signed_and_its_secret_is_kept_nowhere()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var site = await ContentApi.NewSiteAsync(Admin);
        var other = await ContentApi.NewSiteAsync(Admin);
        var (id, secret) = await CreateAsync(Admin, site, receiver.Url);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var elsewhere = await ContentApi.PublishedAsync(Admin, other, "别的站", ContentApi.Published);
        var article = await ContentApi.PublishedAsync(Admin, site, "市委召开会议", ContentApi.Published);
        var message = await receiver.NextOfAsync(article);

        Assert.True(message.SignedBy(secret));
        Assert.Equal(site, message.Json["data"]!.Text("site"));
        Assert.DoesNotContain(message.Items, i => i["articleId"]?.GetValue<long>() == elsewhere || i.Text("site") != site);
        var item = message.Items.First(i => i["articleId"]?.GetValue<long>() == article);
        Assert.Contains($"article-{article}", item["surrogateKeys"]!.AsArray().Select(k => k!.GetValue<string>()));

        var state = await WaitForFailuresAsync(site, id, 0);
        Assert.Equal((receiver.Url, 0L, 204, (string?)null), (state.Text("url"), state["failures"]!.GetValue<long>(),
            state["lastStatus"]!.GetValue<int>(), state["lastError"]?.GetValue<string>()));
        Assert.NotNull(state["deliveredAt"]);
        var listed = await (await Admin.GetAsync($"/api/v1/sites/{site}/webhooks")).OkJsonAsync();
        Assert.Equal([id], listed["items"]!.AsArray().Select(w => w!.Id()));
        Assert.DoesNotContain(secret["whsec_".Length..], listed.ToJsonString(), StringComparison.Ordinal);

        // nothing stored could give the secret away: it is derived from the server's key
        await using var connection = await App.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        var row = (IDictionary<string, object?>)await connection.QuerySingleAsync("SELECT * FROM webhooks WHERE id = @id", new { id });
        Assert.DoesNotContain(row.Values, v => v?.ToString()?.Contains(secret["whsec_".Length..], StringComparison.Ordinal) == true);

        // a new secret: the old one no longer signs
        var renewed = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks/{id}/secret", new { })).OkJsonAsync();
        var ping = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks/{id}/ping", new { })).OkJsonAsync();
        Assert.True(ping["delivered"]!.GetValue<bool>());
        var pinged = await receiver.NextAsync();
        while (pinged.Type != "webhook.ping")
        {
            pinged = await receiver.NextAsync();
        }
        Assert.True(pinged.SignedBy(renewed.Text("secret")));
        Assert.False(pinged.SignedBy(secret));

        // deleted, it gets nothing more
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/webhooks/{id}")).StatusCode);
        await ContentApi.PublishedAsync(Admin, site, "删除之后", ContentApi.Published);
        Assert.True(await receiver.QuietForAsync(TimeSpan.FromSeconds(1)));
        await (await Admin.GetAsync($"/api/v1/sites/{site}/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.DeleteAsync($"/api/v1/sites/{site}/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_failed_delivery_is_sent_again_later_as_the_same_message_and_nothing_is_lost()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503;
        var site = await ContentApi.NewSiteAsync(Admin);
        var (id, secret) = await CreateAsync(Admin, site, receiver.Url);
        var article = await ContentApi.PublishedAsync(Admin, site, "重试", ContentApi.Published);

        var first = await receiver.NextOfAsync(article);
        var state = await WaitForFailuresAsync(site, id, 1);
        Assert.Equal(503, state["lastStatus"]!.GetValue<int>());
        Assert.Contains("503", state.Text("lastError"), StringComparison.Ordinal);
        Assert.Equal(App.Clock.GetUtcNow().AddSeconds(10), state["nextAttemptAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(1));
        Assert.True(await receiver.QuietForAsync(TimeSpan.FromSeconds(1))); // not before its time

        // tried again after 10 s (failing again: 20 s more), from where it was, with what changed meanwhile
        App.Clock.Advance(TimeSpan.FromSeconds(11));
        var failed = await receiver.NextOfAsync(article);
        Assert.Equal(first.Items.Select(i => i.ToJsonString()), failed.Items.Take(first.Items.Count()).Select(i => i.ToJsonString()));
        await WaitForFailuresAsync(site, id, 2);
        receiver.Status = 200;
        App.Clock.Advance(TimeSpan.FromSeconds(21));
        var again = await receiver.NextOfAsync(article);

        Assert.Equal(failed.Id, again.Id); // the same message: a receiver that did take it the first time can tell
        Assert.Equal(failed.Items.Select(i => i.ToJsonString()), again.Items.Select(i => i.ToJsonString()));
        Assert.True(again.SignedBy(secret));
        Assert.Equal(0, (await WaitForFailuresAsync(site, id, 0))["failures"]!.GetValue<long>());
    }

    /// <summary>A receiver being set up or mended: what each message got, with the receiver's own words, newest first.</summary>
    [Fact]
    public async Task Each_delivery_attempt_is_logged_with_what_the_receiver_answered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        (receiver.Status, receiver.Answer) = (401, "签名不符\nsignature mismatch");
        var site = await ContentApi.NewSiteAsync(Admin);
        var (id, _) = await CreateAsync(Admin, site, receiver.Url);
        var attemptsUrl = $"/api/v1/sites/{site}/webhooks/{id}/attempts";
        Assert.Empty((await (await Admin.GetAsync(attemptsUrl)).OkJsonAsync())["items"]!.AsArray());
        var article = await ContentApi.PublishedAsync(Admin, site, "日志", ContentApi.Published);
        var refused = await receiver.NextOfAsync(article);
        await WaitForFailuresAsync(site, id, 1);

        (receiver.Status, receiver.Answer) = (200, "{\"ok\":true}");
        App.Clock.Advance(TimeSpan.FromSeconds(11));
        await receiver.NextOfAsync(article);
        await WaitForFailuresAsync(site, id, 0);
        (receiver.Status, receiver.Answer) = (204, null);
        var ping = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks/{id}/ping", new { })).OkJsonAsync();

        var attempts = (await (await Admin.GetAsync(attemptsUrl)).OkJsonAsync())["items"]!.AsArray().Select(a => a!).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Equal(ping.ToJsonString(), attempts[0].ToJsonString()); // the ping's answer is its log entry
        Assert.Equal(("webhook.ping", true, 204, 0, null), (ping.Text("type"), ping["delivered"]!.GetValue<bool>(),
            ping["status"]!.GetValue<int>(), ping["items"]!.GetValue<int>(), ping["answer"]?.GetValue<string>()));
        var (delivered, failed) = (attempts[1], attempts[2]);
        Assert.Equal((refused.Id, refused.Id), (failed.Text("messageId"), delivered.Text("messageId"))); // a retry is the same message
        Assert.Equal(("content.changed", false, 401, refused.Items.Count()), (failed.Text("type"), failed["delivered"]!.GetValue<bool>(),
            failed["status"]!.GetValue<int>(), failed["items"]!.GetValue<int>()));
        Assert.Equal("签名不符 signature mismatch", failed.Text("answer"));
        Assert.Contains("401", failed.Text("error"), StringComparison.Ordinal);
        Assert.Equal((true, 200, "{\"ok\":true}", null), (delivered["delivered"]!.GetValue<bool>(), delivered["status"]!.GetValue<int>(),
            delivered.Text("answer"), delivered["error"]?.GetValue<string>()));
        Assert.True(attempts.Select(a => a.Id()).SequenceEqual(attempts.Select(a => a.Id()).OrderDescending()));
        Assert.True(delivered["at"]!.GetValue<DateTimeOffset>() - failed["at"]!.GetValue<DateTimeOffset>() >= TimeSpan.FromSeconds(10));
        Assert.All(attempts, a => Assert.InRange(a["durationMs"]!.GetValue<int>(), 0, 10_000));

        // a long answer is cut, a binary one left out; a service keeping three keeps the newest three
        await using var app = Database.NewApp(a => a.Settings["Webhooks:KeepAttempts"] = "3");
        using var admin = app.AdminClient();
        (receiver.Status, receiver.Answer) = (200, new string('长', 600));
        var cut = await (await admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks/{id}/ping", new { })).OkJsonAsync();
        Assert.Equal(new string('长', 500), cut.Text("answer"));
        (receiver.Answer, receiver.AnswerType) = ("\u0001\u0002", "application/octet-stream");
        var binary = await (await admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks/{id}/ping", new { })).OkJsonAsync();
        Assert.Equal((200, null), (binary["status"]!.GetValue<int>(), binary["answer"]?.GetValue<string>()));
        receiver.Answer = null;
        var last = await (await admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks/{id}/ping", new { })).OkJsonAsync();
        var kept = (await (await admin.GetAsync(attemptsUrl)).OkJsonAsync())["items"]!.AsArray().Select(a => a!.Id()).ToList();
        Assert.Equal([last.Id(), binary.Id(), cut.Id()], kept);

        await (await Admin.GetAsync($"/api/v1/sites/{site}/webhooks/{id + 1000}/attempts")).ProblemAsync(HttpStatusCode.NotFound);
        var other = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.GetAsync($"/api/v1/sites/{other}/webhooks/{id}/attempts")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync(attemptsUrl)).ProblemAsync(HttpStatusCode.Unauthorized);
        // deleted, its log goes with it
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/webhooks/{id}")).StatusCode);
        await using var connection = await App.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_attempts WHERE webhook_id = @id", new { id }));
    }

    [Fact]
    public async Task A_webhook_that_failed_longer_than_the_feed_keeps_changes_is_told_to_purge_everything()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        var site = await ContentApi.NewSiteAsync(Admin);
        var (id, _) = await CreateAsync(Admin, site, receiver.Url);
        var lost = await ContentApi.PublishedAsync(Admin, site, "丢失", ContentApi.Published);
        await receiver.NextOfAsync(lost);
        await WaitForFailuresAsync(site, id, 1);

        receiver.Status = 204;
        App.Clock.Advance(TimeSpan.FromDays(8));
        var reset = await receiver.NextAsync();
        Assert.Equal(("content.reset", 0), (reset.Type, reset.Items.Count()));
        var later = await ContentApi.PublishedAsync(Admin, site, "之后", ContentApi.Published);
        Assert.DoesNotContain((await receiver.NextOfAsync(later)).Items, i => i["articleId"]?.GetValue<long>() == lost);
    }

    /// <summary>
    /// A webhook limited to channels (通知公告 pushed to a WeChat account, one section of a static site rebuilt) gets the
    /// changes of their articles, their subchannels' included, of an article moved out of one, and of the site itself.
    /// </summary>
    [Fact]
    public async Task A_webhook_limited_to_channels_gets_their_articles_changes_and_the_sites_own()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var site = await ContentApi.NewSiteAsync(Admin); // news (with departments below it) and notices
        var created = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks", new { url = receiver.Url, channels = new[] { "news" } }))
            .OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["news"], created["webhook"]!["channels"]!.AsArray().Select(c => c!.GetValue<string>()));

        var notice = await ContentApi.PublishedAsync(Admin, site, "通知", ContentApi.Published, channel: "notices");
        var department = await ContentApi.PublishedAsync(Admin, site, "部门动态", ContentApi.Published, channel: "departments");
        var moved = await ContentApi.PublishedAsync(Admin, site, "移走", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{moved}";
        var etag = (await Admin.GetAsync(url)).Headers.ETag!.Tag;
        await (await Admin.SendAsync(HttpMethod.Patch, url, new { channel = "notices" }, etag)).OkJsonAsync();
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "extra", name = "专题" })).OkJsonAsync(HttpStatusCode.Created);
        var last = await ContentApi.PublishedAsync(Admin, site, "收尾", ContentApi.Published);

        var items = new List<JsonNode>();
        while (!items.Exists(i => i["articleId"]?.GetValue<long>() == last))
        {
            if (await receiver.NextAsync() is { Type: "content.changed" } message)
            {
                items.AddRange(message.Items);
            }
        }
        var articles = items.Select(i => i["articleId"]?.GetValue<long>()).ToList();
        Assert.DoesNotContain(notice, articles.OfType<long>());
        Assert.Contains(department, articles.OfType<long>());
        Assert.Contains(null, articles); // the channel made: a change of the site
        var move = items.Last(i => i["articleId"]?.GetValue<long>() == moved);
        Assert.Equal(("notices", "news"), (move.Text("channel"), move.Text("movedFrom")));
        var stayed = items.First(i => i["articleId"]?.GetValue<long>() == department);
        Assert.Equal(("departments", (string?)null), (stayed.Text("channel"), stayed["movedFrom"]?.GetValue<string>()));

        // channels the site does not have, or none, are refused, and nothing is written
        var webhooks = $"/api/v1/sites/{site}/webhooks";
        foreach (var channels in new object[] { new[] { "nosuch" }, Array.Empty<string>(), new[] { "Bad Key!" }, new[] { "news", "" },
                     Enumerable.Range(0, 21).Select(i => $"c{i}").ToArray() })
        {
            var refused = await (await Admin.PostJsonAsync(webhooks, new { url = "https://example.gov.cn/hook", channels })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(refused["errors"]!.AsObject(), e => e.Key.StartsWith("channels", StringComparison.Ordinal));
        }
        Assert.Single((await (await Admin.GetAsync(webhooks)).OkJsonAsync())["items"]!.AsArray());
    }

    /// <summary>A receiver that moved, or a webhook given channels: changed in place, it keeps its secret and goes on from
    /// where it stood in the feed; If-Match guards the change.</summary>
    /// <summary>待审提醒: a webhook limited to the review actions tells reviewers and editors of submissions and decisions,
    /// and of nothing else; the version it names is the revision with the reviewer's note.</summary>
    [Fact]
    public async Task A_webhook_limited_to_review_actions_hears_of_submissions_and_decisions_only()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var site = await ContentApi.NewSiteAsync(Admin, reviewSteps: 1);
        var url = $"/api/v1/sites/{site}/webhooks";
        var created = await (await Admin.PostJsonAsync(url, new { url = receiver.Url, actions = new[] { "submit", "approve", "reject", "submit" } }))
            .OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["submit", "approve", "reject"], created["webhook"]!["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var (reviewer, _) = await ClientWithNewKeyAsync(new { name = "审核人", scopes = new[] { Scopes.ContentReview, Scopes.ReadDrafts } });
        using var _1 = reviewer;

        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "关于开展安全生产检查的通知" })).Id();
        var article = $"/api/v1/sites/{site}/articles/{id}";
        async Task StepAsync(HttpClient client, string step, object body) =>
            await (await client.SendAsync(HttpMethod.Post, $"{article}/{step}", body, (await client.ReadWithETagAsync(article)).ETag)).OkJsonAsync();
        await StepAsync(Admin, "submit", new { note = "请审核" });
        await StepAsync(reviewer, "reject", new { note = "请核实检查范围" });
        await (await Admin.SendAsync(HttpMethod.Patch, article, new { title = "关于开展2024年安全生产检查的通知" }, "*")).OkJsonAsync();
        await StepAsync(Admin, "submit", new { });
        await StepAsync(reviewer, "approve", new { });
        await ContentApi.PublishAsync(Admin, site, id);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/channels/notices", new { name = "公告" }, ifMatch: "*")).OkJsonAsync();

        var items = new List<JsonNode>();
        while (items.Count < 4)
        {
            items.AddRange((await receiver.NextAsync()).Items);
        }
        Assert.Equal([("submit", 2L), ("reject", 3), ("submit", 5), ("approve", 6)],
            items.Select(i => (i.Text("action"), i["version"]!.GetValue<long>())));
        Assert.All(items, i => Assert.Equal(id, i["articleId"]!.GetValue<long>()));
        var rejection = await (await Admin.GetAsync($"{article}/revisions/{items[1]["version"]}")).OkJsonAsync();
        Assert.Equal(("reject", "请核实检查范围"), (rejection.Text("action"), rejection.Text("note")));
        Assert.True(await receiver.QuietForAsync(TimeSpan.FromSeconds(1))); // not the edit, the publication, the channel

        foreach (var bad in new object[] { new[] { "nosuch" }, Array.Empty<string>(), new[] { "submit", "" }, new[] { "Submit" } })
        {
            var refused = await (await Admin.PostJsonAsync(url, new { url = "https://example.gov.cn/review", actions = bad })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(refused["errors"]!.AsObject().Any(e => e.Key.StartsWith("actions", StringComparison.Ordinal)), $"{refused}");
        }
        Assert.Single((await (await Admin.GetAsync(url)).OkJsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_webhook_changed_in_place_keeps_its_secret_and_its_place_in_the_feed()
    {
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        var site = await ContentApi.NewSiteAsync(Admin);
        var (id, secret) = await CreateAsync(Admin, site, first.Url);
        var url = $"/api/v1/sites/{site}/webhooks/{id}";
        var before = await ContentApi.PublishedAsync(Admin, site, "迁移之前", ContentApi.Published);
        await first.UntilQuietAsync(await first.NextOfAsync(before)); // every change so far delivered

        var etag = (await Admin.GetAsync(url)).Headers.ETag!.Tag;
        var changed = await (await Admin.SendAsync(HttpMethod.Put, url, new { url = second.Url, description = "新地址", channels = new[] { "news" } }, etag))
            .OkJsonAsync();
        Assert.Equal((second.Url, "新地址", "news", 2L), (changed.Text("url"), changed.Text("description"),
            changed["channels"]![0]!.GetValue<string>(), changed["version"]!.GetValue<long>()));
        await (await Admin.SendAsync(HttpMethod.Put, url, new { url = first.Url }, etag)).ProblemAsync(HttpStatusCode.PreconditionFailed);

        var after = await ContentApi.PublishedAsync(Admin, site, "迁移之后", ContentApi.Published);
        var message = await second.NextOfAsync(after);
        Assert.True(message.SignedBy(secret));
        Assert.DoesNotContain(message.Items, i => i["articleId"]?.GetValue<long>() == before);
        Assert.True(await first.QuietForAsync(TimeSpan.FromMilliseconds(500)));

        // refused, and the webhook as it was: another webhook's url, unknown channels, bad input, no such webhook
        var other = (await CreateAsync(Admin, site, "https://example.gov.cn/other")).Id;
        Assert.Equal("webhook_exists", (await (await Admin.SendAsync(HttpMethod.Put, url, new { url = "https://example.gov.cn/other" }))
            .ProblemAsync(HttpStatusCode.Conflict)).Text("code"));
        await (await Admin.SendAsync(HttpMethod.Put, url, new { url = second.Url, channels = new[] { "nosuch" } })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.SendAsync(HttpMethod.Put, url, new { url = "ftp://example.gov.cn/hook" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.SendAsync(HttpMethod.Put, url, new { url = second.Url }, "\"x\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/webhooks/{other + 1000}", new { url = second.Url })).ProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await (await Admin.GetAsync(url)).OkJsonAsync();
        Assert.Equal((second.Url, 2L), (unchanged.Text("url"), unchanged["version"]!.GetValue<long>()));
    }

    /// <summary>A merge patch limits a webhook to channels, or frees it again, without sending its url back.</summary>
    [Fact]
    public async Task A_merge_patch_changes_a_webhooks_channels_and_leaves_its_url()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var (id, _) = await CreateAsync(Admin, site, "https://example.gov.cn/hook");
        var other = (await CreateAsync(Admin, site, "https://example.gov.cn/other")).Id;
        var url = $"/api/v1/sites/{site}/webhooks/{id}";

        var limited = await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"channels":["news"],"actions":["publish"]}""")))
            .OkJsonAsync();
        Assert.Equal(("https://example.gov.cn/hook", "静态页重建", "news", "publish", 2L), (limited.Text("url"), limited.Text("description"),
            limited["channels"]![0]!.GetValue<string>(), limited["actions"]![0]!.GetValue<string>(), limited["version"]!.GetValue<long>()));
        await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"description":"旧"}"""), "\"1\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        var freed = await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"channels":null,"description":null}"""), "\"2\"")).OkJsonAsync();
        Assert.Equal((null, null, "publish", 3L), (freed["channels"], freed["description"], freed["actions"]![0]!.GetValue<string>(), freed["version"]!.GetValue<long>()));

        // refused, and the webhook as it was: another's url, unknown channels, a bad url, a wrong type, no such webhook
        Assert.Equal("webhook_exists", (await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"url":"https://example.gov.cn/other"}""")))
            .ProblemAsync(HttpStatusCode.Conflict)).Text("code"));
        await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"channels":["nosuch"]}"""))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True((await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"url":"ftp://example.gov.cn/hook"}""")))
            .ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("url"));
        await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"actions":"publish"}"""))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/webhooks/{other + 1000}", JsonNode.Parse("{}"))).ProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await (await Admin.GetAsync(url)).OkJsonAsync();
        Assert.Equal(("https://example.gov.cn/hook", 3L), (unchanged.Text("url"), unchanged["version"]!.GetValue<long>()));
    }

    /// <summary>
    /// A receiver restored from last night's backup asks for what its site changed since: it comes again, in new messages
    /// (not to be taken for retries of those it lost), as often as asked; a delivery under way when it asks does not carry
    /// the webhook on past the rewind.
    /// </summary>
    [Fact]
    public async Task A_rewound_webhook_delivers_what_changed_since_again_in_new_messages()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var site = await ContentApi.NewSiteAsync(Admin);
        var (id, secret) = await CreateAsync(Admin, site, receiver.Url);
        var url = $"/api/v1/sites/{site}/webhooks/{id}";
        var before = await ContentApi.PublishedAsync(Admin, site, "备份之前", ContentApi.Published);
        await receiver.UntilQuietAsync(await receiver.NextOfAsync(before));
        App.Clock.Advance(TimeSpan.FromHours(1));
        var since = App.Clock.GetUtcNow();
        var after = await ContentApi.PublishedAsync(Admin, site, "备份之后", ContentApi.Published);
        var sent = await receiver.UntilQuietAsync(await receiver.NextOfAsync(after));
        static List<string> Changes(IEnumerable<WebhookReceiver.Message> messages) =>
            messages.SelectMany(m => m.Items).Select(i => $"{i["articleId"]} {i["action"]} {i["version"]}").ToList();
        Assert.Equal([$"{after} create 1", $"{after} publish 2"], Changes(sent));

        var rewound = await (await Admin.PostJsonAsync($"{url}/rewind", new { from = since })).OkJsonAsync();
        Assert.Equal((id, 1L), (rewound.Id(), rewound["version"]!.GetValue<long>())); // its settings are as they were
        var again = await receiver.UntilQuietAsync();
        Assert.Equal(Changes(sent), Changes(again));
        Assert.All(again, m => Assert.True(m.SignedBy(secret)));
        await (await Admin.PostJsonAsync($"{url}/rewind", new { from = since })).OkJsonAsync();
        var once_more = await receiver.UntilQuietAsync();
        Assert.Equal(Changes(sent), Changes(once_more));
        Assert.Equal(sent.Count + again.Count + once_more.Count, sent.Concat(again).Concat(once_more).Select(m => m.Id).Distinct().Count());

        // rewound while a delivery is under way: that delivery's answer leaves the webhook where the rewind put it
        var hold = new TaskCompletionSource();
        receiver.Hold = hold.Task;
        var during = await ContentApi.PublishedAsync(Admin, site, "送达途中", ContentApi.Published);
        await receiver.NextOfAsync(during);
        await (await Admin.PostJsonAsync($"{url}/rewind", new { from = since })).OkJsonAsync();
        receiver.Hold = Task.CompletedTask;
        hold.SetResult();
        var redelivered = Changes(await receiver.UntilQuietAsync());
        Assert.Equal([$"{after} create 1", $"{after} publish 2", $"{during} create 1", $"{during} publish 2"], redelivered.Distinct());

        // refused, and the webhook left where it was: no time, a time without its offset, in the future, older than
        // the feed keeps; no such webhook; a key that does not manage the site
        foreach (var bad in new object[]
                 {
                     new { }, new { from = "2026-12-01T08:00:00" }, new { from = "昨天" }, new { from = 20261201 },
                     new { from = App.Clock.GetUtcNow().AddMinutes(5) }, new { from = App.Clock.GetUtcNow().AddDays(-8) },
                 })
        {
            var refused = await (await Admin.PostJsonAsync($"{url}/rewind", bad)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(refused["errors"]?.AsObject().Any(e => e.Key == "from") ?? refused.Text("detail").Contains("$.from", StringComparison.Ordinal),
                $"{refused}");
        }
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks/{id + 1000}/rewind", new { from = since })).ProblemAsync(HttpStatusCode.NotFound);
        var (writer, _) = await ClientWithNewKeyAsync(new { name = "编辑", scopes = new[] { Scopes.ContentWrite } });
        using var _1 = writer;
        await (await writer.PostJsonAsync($"{url}/rewind", new { from = since })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.True(await receiver.QuietForAsync(TimeSpan.FromSeconds(1)));
        await using var connection = await App.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT rewinds FROM webhooks WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Webhooks_are_a_site_admins_business_and_bad_ones_are_refused()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/webhooks";
        foreach (var bad in new object[]
                 {
                     new { }, new { url = "" }, new { url = "ftp://example.gov.cn/hook" }, new { url = "/hook" }, new { url = "not a url" },
                     new { url = "https://user:password@example.gov.cn/hook" }, new { url = "https://example.gov.cn/" + new string('a', 500) },
                     new { url = "https://example.gov.cn/hook", description = "换行\n" }, new { url = 42 },
                 })
        {
            await (await Admin.PostJsonAsync(url, bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await Admin.PostRawAsync(url, "{\"url\":")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await (await Admin.GetAsync(url)).OkJsonAsync())["items"]!.AsArray()); // nothing written
        await (await Admin.PostJsonAsync($"/api/v1/sites/nosuch{site}/webhooks", new { url = "https://example.gov.cn/hook" }))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.GetAsync($"{url}/999999")).ProblemAsync(HttpStatusCode.NotFound);

        await (await Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.Unauthorized);
        var (writer, _) = await ClientWithNewKeyAsync(new { name = "编辑", scopes = new[] { Scopes.ContentWrite, Scopes.ReadDrafts } });
        using var _1 = writer;
        await (await writer.PostJsonAsync(url, new { url = "https://example.gov.cn/hook" })).ProblemAsync(HttpStatusCode.Forbidden);
        var other = await ContentApi.NewSiteAsync(Admin);
        var (otherAdmin, _) = await ClientWithNewKeyAsync(new { name = "别站管理员", scopes = new[] { Scopes.SitesAdmin }, sites = new[] { other } });
        using var _2 = otherAdmin;
        await (await otherAdmin.GetAsync(url)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await otherAdmin.PostJsonAsync($"/api/v1/sites/{other}/webhooks", new { url = "https://example.gov.cn/hook" }))
            .OkJsonAsync(HttpStatusCode.Created);

        // one a URL: a retried creation is told of the first
        var first = await (await Admin.PostJsonAsync(url, new { url = "https://example.gov.cn/hook/0" })).OkJsonAsync(HttpStatusCode.Created);
        var again = await (await Admin.PostJsonAsync(url, new { url = "https://example.gov.cn/hook/0" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("webhook_exists", again.Text("code"));
        Assert.Contains($"{first["webhook"]!.Id()}", again.Text("detail"), StringComparison.Ordinal);

        // at most ten a site
        for (var i = 1; i < 10; i++)
        {
            await (await Admin.PostJsonAsync(url, new { url = $"https://example.gov.cn/hook/{i}" })).OkJsonAsync(HttpStatusCode.Created);
        }
        Assert.Equal("too_many_webhooks", (await (await Admin.PostJsonAsync(url, new { url = "https://example.gov.cn/hook/10" }))
            .ProblemAsync(HttpStatusCode.Conflict)).Text("code"));
    }

    [Fact]
    public async Task Without_private_networks_allowed_no_webhook_reaches_this_machine()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = Database.NewApp(a => a.Settings["Webhooks:AllowPrivateNetworks"] = "false");
        using var admin = app.AdminClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var url = $"/api/v1/sites/{site}/webhooks";

        foreach (var literal in new[] { "http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook" })
        {
            await (await admin.PostJsonAsync(url, new { url = literal })).ProblemAsync(HttpStatusCode.BadRequest);
        }
        // a name is looked up when posting: localhost is loopback, so refused then
        var (id, _) = await CreateAsync(admin, site, receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        var ping = await (await admin.PostJsonAsync($"{url}/{id}/ping", new { })).OkJsonAsync();
        Assert.False(ping["delivered"]!.GetValue<bool>());
        Assert.Contains("AllowPrivateNetworks", ping.Text("error"), StringComparison.Ordinal);
        // (the class's own service, on the same database, allows them: it may deliver the site's changes meanwhile)
    }

    [Fact]
    public async Task A_server_without_a_webhook_key_makes_no_webhooks()
    {
        await using var app = Database.NewApp(a => a.Settings["Webhooks:Key"] = "");
        using var admin = app.AdminClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var refused = await (await admin.PostJsonAsync($"/api/v1/sites/{site}/webhooks", new { url = "https://example.gov.cn/hook" }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("webhooks_off", refused.Text("code"));
    }

    /// <summary>The webhook once its failures in a row are <paramref name="failures"/> (deliveries run beside the test).</summary>
    private async Task<JsonNode> WaitForFailuresAsync(string site, long id, long failures)
    {
        for (var i = 0; ; i++)
        {
            var state = await (await Admin.GetAsync($"/api/v1/sites/{site}/webhooks/{id}")).OkJsonAsync();
            if (state["failures"]!.GetValue<long>() == failures && state["lastAttemptAt"] is not null || i == 100)
            {
                return state;
            }
            await Task.Delay(100);
        }
    }
}
