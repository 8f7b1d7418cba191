using System.Net;
using CmsApi.Tests.Infrastructure;
using CmsApi.Views;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Views;

public sealed class ViewsApiTestsOnSqlite(SqliteDatabase database) : ViewsApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class ViewsApiTestsOnPostgres(PostgresDatabase database) : ViewsApiTests(database), IClassFixture<PostgresDatabase>;

public abstract class ViewsApiTests(TestDatabase database) : ApiTest(database)
{
    /// <param name="forwardedFor">The reader's address as a proxy in front would name it.</param>
    internal static HttpRequestMessage View(string site, long id, string? visitor = null, string? userAgent = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sites/{site}/articles/{id}/views");
        if (visitor is not null)
        {
            request.Headers.Add("X-Visitor-Id", visitor);
        }
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    private static async Task<long> StoredViewsAsync(CmsAppFactory app, long id)
    {
        var database = app.Services.GetRequiredService<CmsApi.Data.Database>();
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT view_count FROM articles WHERE id = @id", new { id });
    }

    /// <summary>Sets an article's stored count behind the service's back: a kept ranking does not show it, a computed one does.</summary>
    private static async Task SetStoredViewsAsync(CmsAppFactory app, long id, long count)
    {
        await using var connection = await app.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        await connection.ExecuteAsync("UPDATE articles SET view_count = @count WHERE id = @id", new { id, count });
    }

    /// <summary>A new site with 甲 and 乙 published, 甲 viewed once and stored.</summary>
    private async Task<(string Site, long First, long Second)> TwoArticlesFirstViewedAsync()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var first = await ContentApi.PublishedAsync(Admin, site, "甲", ContentApi.Published);
        var second = await ContentApi.PublishedAsync(Admin, site, "乙", ContentApi.Published.AddMinutes(1));
        (await Anonymous.SendAsync(View(site, first, visitor: "a"))).EnsureSuccessStatusCode();
        await App.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);
        return (site, first, second);
    }

    /// <summary>A site's ranking as "title:views" pairs, as a reader with a key (never served by the output cache) gets it.</summary>
    internal static async Task<string> RankedAsync(HttpClient client, string site, string query = "days=all") => string.Join(' ',
        (await (await client.GetAsync($"/api/v1/sites/{site}/articles/popular?{query}")).OkJsonAsync())["items"]!.AsArray()
        .Select(i => $"{i!["article"]!["title"]}:{i["views"]}"));

    [Fact]
    public async Task Twenty_thousand_concurrent_views_add_up_exactly_after_a_graceful_restart()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = new long[5];
        for (var i = 0; i < articles.Length; i++)
        {
            articles[i] = await ContentApi.PublishedAsync(Admin, site, $"热点{i}", ContentApi.Published.AddMinutes(i));
        }
        const int total = 20_000, clients = 64;
        var expected = new long[articles.Length];
        for (var n = 0; n < total; n++)
        {
            expected[n % 7 % articles.Length]++;
        }

        await using (var app = Database.NewApp())
        {
            var counted = 0;
            // Clients are made here: WebApplicationFactory does not start its server safely from many threads at once.
            var https = Enumerable.Range(0, clients).Select(_ => app.CreateClient()).ToArray();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
            {
                using var http = https[client];
                for (var n = client; n < total; n += clients)
                {
                    var response = await http.SendAsync(View(site, articles[n % 7 % articles.Length], visitor: $"visitor-{n}"));
                    response.EnsureSuccessStatusCode();
                    Interlocked.Increment(ref counted);
                }
            })));
            Assert.Equal(total, counted);
        } // graceful stop: every pending view is written

        await using var restarted = Database.NewApp();
        using var reader = restarted.CreateClient();
        for (var i = 0; i < articles.Length; i++)
        {
            var views = await (await reader.GetAsync($"/api/v1/sites/{site}/articles/{articles[i]}/views")).OkJsonAsync();
            Assert.Equal(expected[i], views["viewCount"]!.GetValue<long>());
            Assert.Equal(expected[i], await StoredViewsAsync(restarted, articles[i]));
        }
        var database = restarted.Services.GetRequiredService<CmsApi.Data.Database>();
        await using var connection = await database.OpenAsync();
        Assert.Equal(total, await connection.ExecuteScalarAsync<long>(
            "SELECT SUM(views) FROM article_view_days WHERE article_id IN (SELECT id FROM articles WHERE title LIKE '热点%' AND site_id = (SELECT id FROM sites WHERE key = @site))",
            new { site }));
    }

    [Fact]
    public async Task Two_instances_on_one_database_count_the_same_article_exactly()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "两个实例", ContentApi.Published);

        await using (var first = Database.NewApp())
        await using (var second = Database.NewApp())
        {
            using var a = first.CreateClient();
            using var b = second.CreateClient();
            await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
            {
                for (var n = 0; n < 150; n++)
                {
                    var http = n % 2 == 0 ? a : b;
                    (await http.SendAsync(View(site, id, visitor: $"c{client}-n{n}"))).EnsureSuccessStatusCode();
                }
            })));
            // one instance flushes while the other still holds its views
            await first.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);
        }

        Assert.Equal(16 * 150, await StoredViewsAsync(App, id));
    }

    [Fact]
    public async Task A_visitor_reloading_within_the_window_counts_once()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "去重", ContentApi.Published);

        var first = await (await Anonymous.SendAsync(View(site, id, visitor: "v-1"))).OkJsonAsync();
        var reload = await (await Anonymous.SendAsync(View(site, id, visitor: "v-1"))).OkJsonAsync();
        var other = await (await Anonymous.SendAsync(View(site, id, visitor: "v-2"))).OkJsonAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        var later = await (await Anonymous.SendAsync(View(site, id, visitor: "v-1"))).OkJsonAsync();

        Assert.Equal((1L, true), (first["viewCount"]!.GetValue<long>(), first["counted"]!.GetValue<bool>()));
        Assert.Equal((1L, false), (reload["viewCount"]!.GetValue<long>(), reload["counted"]!.GetValue<bool>()));
        Assert.Equal(2, other["viewCount"]!.GetValue<long>());
        Assert.Equal((3L, true), (later["viewCount"]!.GetValue<long>(), later["counted"]!.GetValue<bool>()));
        // without a visitor id: the same address and browser are the same visitor
        await Anonymous.SendAsync(View(site, id, userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/120"));
        var again = await (await Anonymous.SendAsync(View(site, id, userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/120"))).OkJsonAsync();
        Assert.Equal((4L, false), (again["viewCount"]!.GetValue<long>(), again["counted"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)")]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")]
    [InlineData("curl/8.5.0")]
    public async Task Crawlers_do_not_count(string userAgent)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "爬虫", ContentApi.Published);

        var answer = await (await Anonymous.SendAsync(View(site, id, visitor: "robot", userAgent: userAgent))).OkJsonAsync();

        Assert.Equal((0L, false), (answer["viewCount"]!.GetValue<long>(), answer["counted"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Only_published_articles_count()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿" })).Id();
        var published = await ContentApi.PublishedAsync(Admin, site, "已发布", ContentApi.Published);

        await (await Anonymous.SendAsync(View(site, draft, visitor: "a"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.SendAsync(View(site, 999_999_999, visitor: "a"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.SendAsync(View("no-such-site", published, visitor: "a"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{draft}/views")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.True((await (await Anonymous.SendAsync(View(site, published, visitor: "a"))).OkJsonAsync())["counted"]!.GetValue<bool>());

        // unpublished now: it stops counting at once, although the counter had it cached
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{published}/unpublish", new { })).OkJsonAsync();
        await (await Anonymous.SendAsync(View(site, published, visitor: "b"))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task No_write_route_can_set_a_view_count()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var created = await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "计数" });

        await (await Admin.PostRawAsync($"/api/v1/sites/{site}/articles", """{"channel":"news","title":"t","viewCount":5000}""")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/articles/{created.Id()}", new { channel = "news", title = "t", viewCount = 5000 }, "\"1\"")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{created.Id()}", new { viewCount = 5000 }, "\"1\"")).ProblemAsync(HttpStatusCode.BadRequest);
        await ContentApi.PublishAsync(Admin, site, created.Id());
        Assert.Equal(0, await ContentApi.ViewCountAsync(Admin, site, created.Id()));
    }

    [Fact]
    public async Task Popular_ranks_by_views_in_the_window()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var old = await ContentApi.PublishedAsync(Admin, site, "上周热门", ContentApi.Published);
        var fresh = await ContentApi.PublishedAsync(Admin, site, "今日热门", ContentApi.Published.AddMinutes(1), "departments");
        var quiet = await ContentApi.PublishedAsync(Admin, site, "冷门", ContentApi.Published.AddMinutes(2), "notices");
        // More viewed than any, but withdrawn since, or on another site: never ranked here.
        var withdrawn = await ContentApi.PublishedAsync(Admin, site, "已撤下", ContentApi.Published.AddMinutes(3));
        var otherSite = await ContentApi.NewSiteAsync(Admin);
        var elsewhere = await ContentApi.PublishedAsync(Admin, otherSite, "别站热门", ContentApi.Published);
        var counter = App.Services.GetRequiredService<ViewCounter>();

        async Task Views(long id, int count, string? onSite = null)
        {
            for (var n = 0; n < count; n++)
            {
                (await Anonymous.SendAsync(View(onSite ?? site, id, visitor: Guid.NewGuid().ToString()))).EnsureSuccessStatusCode();
            }
        }
        async Task<long[]> Ranked(string query) =>
            (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/popular?{query}")).OkJsonAsync())["items"]!.AsArray()
                .Select(i => i!["article"]!.Id()).ToArray();

        await Views(old, 5);
        await Views(quiet, 1);
        await Views(withdrawn, 9);
        await counter.FlushAsync(CancellationToken.None);
        App.Clock.Advance(TimeSpan.FromDays(3));
        await Views(fresh, 3);
        await Views(elsewhere, 9, otherSite);
        await counter.FlushAsync(CancellationToken.None);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{withdrawn}/unpublish", new { })).OkJsonAsync();

        Assert.Equal([fresh], await Ranked("days=1"));
        Assert.Equal([old, fresh, quiet], await Ranked("days=7"));
        Assert.Equal([old, fresh, quiet], await Ranked("days=all"));
        Assert.Equal([fresh], await Ranked("days=7&channel=departments&limit=5"));
        Assert.Equal([old, fresh], await Ranked("days=7&channel=news"));
        var first = (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/popular?days=7&limit=1")).OkJsonAsync())["items"]![0]!;
        Assert.Equal(5, first["views"]!.GetValue<long>());
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/popular?days=2")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/popular?limit=0")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Anonymous.GetAsync("/api/v1/sites/no-such-site/articles/popular")).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Ranks are kept in memory between flushes (a page may ask for them with every view), and each flush that stores
    /// views retires them: the next answer has the new counts and a new ETag.
    /// </summary>
    [Fact]
    public async Task Popular_answers_are_kept_until_a_flush_stores_views()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var first = await ContentApi.PublishedAsync(Admin, site, "甲", ContentApi.Published);
        var second = await ContentApi.PublishedAsync(Admin, site, "乙", ContentApi.Published.AddMinutes(1));
        var counter = App.Services.GetRequiredService<ViewCounter>();
        async Task Views(long id, int count)
        {
            for (var n = 0; n < count; n++)
            {
                (await Anonymous.SendAsync(View(site, id, visitor: Guid.NewGuid().ToString()))).EnsureSuccessStatusCode();
            }
        }
        async Task<(string Ranked, string ETag)> Popular()
        {
            var response = await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/popular?days=all");
            var items = (await response.OkJsonAsync())["items"]!.AsArray();
            return (string.Join(' ', items.Select(i => i!["article"]!.Id())), response.Headers.ETag!.Tag);
        }

        await Views(first, 2);
        await Views(second, 1);
        await counter.FlushAsync(CancellationToken.None);
        var before = await Popular();
        Assert.Equal($"{first} {second}", before.Ranked);
        Assert.Equal(before, await Popular()); // asked twice: kept from now on
        await SetStoredViewsAsync(App, second, 1000);
        Assert.Equal(before, await Popular()); // the kept answer, not the table

        await Views(second, 2);
        await counter.FlushAsync(CancellationToken.None);

        var after = await Popular();
        Assert.Equal($"{second} {first}", after.Ranked);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    /// <summary>
    /// Rankings are kept in memory below the output cache too, so readers with a key (whose answers are never cached)
    /// get the kept ranking; a write to the site retires it at once, since a ranking shows titles, and so does a new day.
    /// </summary>
    [Fact]
    public async Task Kept_rankings_serve_keyed_readers_until_a_write_to_the_site_or_a_new_day()
    {
        var (site, first, second) = await TwoArticlesFirstViewedAsync();

        Assert.Equal("甲:1 乙:0", await RankedAsync(Admin, site));
        await SetStoredViewsAsync(App, second, 1000);
        Assert.Equal("甲:1 乙:0", await RankedAsync(Admin, site)); // the kept ranking, not the table

        var read = await Admin.GetAsync($"/api/v1/sites/{site}/articles/{first}");
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{first}", new { title = "甲改" },
            read.Headers.ETag!.Tag)).OkJsonAsync();

        Assert.Equal("乙:1000 甲改:1", await RankedAsync(Admin, site));
        Assert.Equal("甲改:1", await RankedAsync(Admin, site, "days=1"));
        App.Clock.Advance(TimeSpan.FromDays(1)); // a new day in the site's calendar: yesterday's views leave the window
        Assert.Equal("", await RankedAsync(Admin, site, "days=1"));
    }

    /// <summary>
    /// A refresh computes rankings for as long as its budget lasts (a flush interval, so that views keep flushing on
    /// time); the rankings it did not reach stay as they were until the next.
    /// </summary>
    [Fact]
    public async Task A_refresh_stops_when_its_time_is_up_and_keeps_the_rankings_it_did_not_reach()
    {
        var (site, _, second) = await TwoArticlesFirstViewedAsync();
        var rankings = App.Services.GetRequiredService<PopularRankings>();
        Assert.Equal("甲:1 乙:0", await RankedAsync(Admin, site));
        await SetStoredViewsAsync(App, second, 1000);

        await rankings.RefreshAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Equal("甲:1 乙:0", await RankedAsync(Admin, site));

        await rankings.RefreshAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal("乙:1000 甲:1", await RankedAsync(Admin, site));
    }

    /// <summary>
    /// Readers, flushes (each computing the kept rankings again) and title edits all at once: every read answers, and
    /// once an edit has returned, no reader gets a ranking from before it, whatever the order the three ran in.
    /// </summary>
    [Fact]
    public async Task Rankings_computed_again_while_titles_change_never_outlive_a_write()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var edited = await ContentApi.PublishedAsync(Admin, site, "标题0", ContentApi.Published);
        await ContentApi.PublishedAsync(Admin, site, "其他", ContentApi.Published.AddMinutes(1));
        var counter = App.Services.GetRequiredService<ViewCounter>();
        var url = $"/api/v1/sites/{site}/articles/popular?days=all";
        async Task<string> TopTitle(HttpClient client) =>
            (await (await client.GetAsync(url)).OkJsonAsync())["items"]![0]!["article"]!["title"]!.GetValue<string>();
        (await Anonymous.SendAsync(View(site, edited, visitor: "first"))).EnsureSuccessStatusCode();
        await counter.FlushAsync(CancellationToken.None);

        for (var round = 1; round <= 6; round++)
        {
            var title = $"标题{round}";
            var etag = (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{edited}")).Headers.ETag!.Tag;
            var readers = Enumerable.Range(0, 12).Select(n => TopTitle(n % 2 == 0 ? Anonymous : Admin));
            var flushes = Task.Run(async () =>
            {
                (await Anonymous.SendAsync(View(site, edited, visitor: $"v{round}"))).EnsureSuccessStatusCode();
                await counter.FlushAsync(CancellationToken.None);
            });
            var edit = Task.Run(async () => (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{edited}",
                new { title }, etag)).EnsureSuccessStatusCode());

            await Task.WhenAll(readers.Append(flushes).Append(edit));

            Assert.Equal(title, await TopTitle(Admin));
            Assert.Equal(title, await TopTitle(Anonymous));
        }
    }

    /// <summary>With caching off (several instances on one SQLite file), nothing kept is used: each read computes its ranking.</summary>
    [Fact]
    public async Task With_caching_off_every_read_computes_its_ranking()
    {
        await using var uncached = Database.NewApp(a => a.Settings["Caching:Enabled"] = "false");
        using var admin = uncached.AdminClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var first = await ContentApi.PublishedAsync(admin, site, "甲", ContentApi.Published);
        var second = await ContentApi.PublishedAsync(admin, site, "乙", ContentApi.Published.AddMinutes(1));
        await SetStoredViewsAsync(uncached, first, 5);
        Assert.Equal("甲:5 乙:0", await RankedAsync(admin, site));

        await SetStoredViewsAsync(uncached, second, 9);

        Assert.Equal("乙:9 甲:5", await RankedAsync(admin, site));
    }

    /// <summary>
    /// Another instance's flushes do not retire this one's rankings: it computes them again at its own next flush
    /// (every flush interval, views of its own or not).
    /// </summary>
    [Fact]
    public async Task Another_instance_sees_the_new_ranks_after_its_next_flush()
    {
        await using var other = Database.NewApp();
        using var reader = other.CreateClient();
        var site = await ContentApi.NewSiteAsync(Admin);
        var first = await ContentApi.PublishedAsync(Admin, site, "甲", ContentApi.Published);
        var second = await ContentApi.PublishedAsync(Admin, site, "乙", ContentApi.Published.AddMinutes(1));
        var counter = App.Services.GetRequiredService<ViewCounter>();
        async Task<long> Top() => (await (await reader.GetAsync($"/api/v1/sites/{site}/articles/popular?days=all")).OkJsonAsync())
            ["items"]![0]!["article"]!.Id();
        (await Anonymous.SendAsync(View(site, first, visitor: "a"))).EnsureSuccessStatusCode();
        await counter.FlushAsync(CancellationToken.None);
        Assert.Equal(first, await Top());
        Assert.Equal(first, await Top()); // kept by the other instance from now on

        (await Anonymous.SendAsync(View(site, second, visitor: "a"))).EnsureSuccessStatusCode();
        (await Anonymous.SendAsync(View(site, second, visitor: "b"))).EnsureSuccessStatusCode();
        await counter.FlushAsync(CancellationToken.None);
        Assert.Equal(first, await Top()); // the other instance's kept ranking

        await other.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);

        Assert.Equal(second, await Top());
    }

    /// <summary>A second service on this database with rate limits on, the view counter's at this many calls a minute.</summary>
    private CmsAppFactory WithViewsPerMinute(int limit) => Database.NewApp(a =>
    {
        a.Settings["RateLimiting:Enabled"] = "true";
        a.Settings["RateLimiting:ViewsPerMinute"] = $"{limit}";
    });

    [Fact]
    public async Task The_view_counter_is_rate_limited_per_address()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "限流", ContentApi.Published);
        await using var limited = WithViewsPerMinute(3);
        using var http = limited.CreateClient();

        for (var n = 0; n < 3; n++)
        {
            (await http.SendAsync(View(site, id, visitor: $"r{n}"))).EnsureSuccessStatusCode();
        }
        var refused = await http.SendAsync(View(site, id, visitor: "r4"));

        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Behind_a_proxy_on_the_same_host_each_reader_has_an_address_of_their_own()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "代理", ContentApi.Published);
        await using var limited = WithViewsPerMinute(2);
        // Over loopback, as nginx on the same host connects; every request comes from 127.0.0.1.
        using var http = limited.StartOnKestrel();

        for (var n = 0; n < 2; n++)
        {
            (await http.SendAsync(View(site, id, visitor: $"p{n}", forwardedFor: "203.0.113.7"))).EnsureSuccessStatusCode();
        }
        await (await http.SendAsync(View(site, id, visitor: "p2", forwardedFor: "203.0.113.7"))).ProblemAsync(HttpStatusCode.TooManyRequests);

        // another reader behind the same proxy is not held to the first one's limit
        (await http.SendAsync(View(site, id, visitor: "q0", forwardedFor: "198.51.100.20"))).EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task X_forwarded_for_is_believed_only_from_a_known_proxy_network(bool known)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "伪装", ContentApi.Published);
        // This machine's own address other than loopback: a client connecting to it comes from it.
        var address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        Assert.True(address is not null, "This test needs an IPv4 address other than loopback on this machine.");
        await using var limited = WithViewsPerMinute(2);
        if (known)
        {
            limited.Settings["Proxies:KnownNetworks:0"] = $"{address}/32";
        }
        using var http = limited.StartOnKestrel(listenOn: address);

        for (var n = 0; n < 2; n++)
        {
            (await http.SendAsync(View(site, id, visitor: $"s{n}", forwardedFor: $"203.0.113.{n + 1}"))).EnsureSuccessStatusCode();
        }
        var third = await http.SendAsync(View(site, id, visitor: "s2", forwardedFor: "203.0.113.99"));

        // Unknown, the client is held to its own address's limit whatever it claims; known, it speaks for other readers.
        Assert.Equal(known ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task A_proxy_network_that_is_not_one_stops_the_start_with_its_setting_named()
    {
        await using var misconfigured = Database.NewApp(a => a.Settings["Proxies:KnownNetworks:0"] = "10.0.0.0/33");

        var refused = Assert.Throws<InvalidOperationException>(() => misconfigured.CreateClient());

        Assert.Contains("Proxies:KnownNetworks: '10.0.0.0/33'", refused.Message, StringComparison.Ordinal);
    }
}
