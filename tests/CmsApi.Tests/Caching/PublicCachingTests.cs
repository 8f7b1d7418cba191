using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;
using CmsApi.Views;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Caching;

public sealed class PublicCachingTestsOnSqlite(SqliteDatabase database) : PublicCachingTests(database), IClassFixture<SqliteDatabase>;

public sealed class PublicCachingTestsOnPostgres(PostgresDatabase database) : PublicCachingTests(database), IClassFixture<PostgresDatabase>;

/// <summary>Validators, cache headers and the in-process cache of public reads: never stale after a write.</summary>
public abstract class PublicCachingTests(TestDatabase database) : ApiTest(database)
{
    private async Task<HttpResponseMessage> GetAsync(string url, string? ifNoneMatch = null, string? acceptEncoding = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        return await (client ?? Anonymous).SendAsync(request);
    }

    private static string ETag(HttpResponseMessage response) => response.Headers.ETag!.ToString();

    /// <summary>The output cache answers a hit with an Age header; a fresh computation has none.</summary>
    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    /// <summary>A new site with one published article, and a URL of each kind of public read of them.</summary>
    private async Task<string[]> PublicReadUrlsAsync(string title)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, title, ContentApi.Published);
        return
        [
            $"/api/v1/sites/{site}/articles/{id}", $"/api/v1/sites/{site}/articles/{id}/metadata",
            $"/api/v1/sites/{site}/articles/{id}/sections", $"/api/v1/sites/{site}/articles?channel=news&limit=20",
            $"/api/v1/sites/{site}/footer", $"/api/v1/sites/{site}", $"/api/v1/sites/{site}/channels",
            $"/api/v1/sites/{site}/channels/news", "/api/v1/calendar/2022-06-28", $"/api/v1/sites/{site}/calendar/today",
            $"/api/v1/sites/{site}/articles/popular", "/api/v1/sites", $"/api/v1/sites/{site}/disclosure-catalogue",
        ];
    }

    [Fact]
    public async Task Every_public_read_answers_If_None_Match_with_304()
    {
        foreach (var url in await PublicReadUrlsAsync("条件请求"))
        {
            var first = await GetAsync(url);
            Assert.True(first.StatusCode == HttpStatusCode.OK, url);
            var etag = ETag(first);

            var again = await GetAsync(url, etag);

            Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{url}: {again.StatusCode}");
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, ETag(again));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, "\"something-else\"")).StatusCode);
        }
    }

    [Fact]
    public async Task Every_public_read_answers_HEAD_with_the_headers_of_its_GET_and_no_body()
    {
        foreach (var url in await PublicReadUrlsAsync("只要头部"))
        {
            var get = await GetAsync(url);
            await GetAsync(url); // asked for twice: kept, so the HEADs below pass a kept answer by
            var body = await get.Content.ReadAsByteArrayAsync();

            var head = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {url}: {head.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(body.Length, head.Content.Headers.ContentLength);
            Assert.Equal(ETag(get), ETag(head));
            Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
            Assert.Equal(get.Headers.TryGetValues("Surrogate-Key", out var keys) ? keys : [],
                head.Headers.TryGetValues("Surrogate-Key", out var headKeys) ? headKeys : []);
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            var conditional = new HttpRequestMessage(HttpMethod.Head, url);
            conditional.Headers.TryAddWithoutValidation("If-None-Match", ETag(get));
            Assert.Equal(HttpStatusCode.NotModified, (await Anonymous.SendAsync(conditional)).StatusCode);
            // The HEADs left nothing bodiless behind for the GETs.
            var after = await GetAsync(url);
            Assert.Equal(body, await after.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task HEAD_is_answered_like_GET_for_unknown_ids_and_keyed_reads()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "只要头部", ContentApi.Published);
        HttpRequestMessage Head(string url) => new(HttpMethod.Head, url);

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.SendAsync(Head($"/api/v1/sites/{site}/articles/999999"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.SendAsync(Head($"/api/v1/sites/{site}/articles/{id}/revisions"))).StatusCode);
        // (Kestrel drops what a handler writes for a HEAD; the test server passes it on, so only the status is checked.)
        Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(Head($"/api/v1/sites/{site}/articles/{id}/revisions"))).StatusCode);
        // A write route's methods are its own: HEAD is added only where GET is.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Admin.SendAsync(Head($"/api/v1/sites/{site}/articles/{id}/publish"))).StatusCode);
    }

    [Fact]
    public async Task Public_reads_carry_cache_control_and_surrogate_keys()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "缓存头", ContentApi.Published, channel: "notices");

        var article = await GetAsync($"/api/v1/sites/{site}/articles/{id}");
        var list = await GetAsync($"/api/v1/sites/{site}/articles?channel=notices");
        var keyed = await GetAsync($"/api/v1/sites/{site}/articles/{id}", client: Admin);
        var footer = await GetAsync($"/api/v1/sites/{site}/footer");

        Assert.Equal("public, max-age=10, s-maxage=60, stale-while-revalidate=30", article.Headers.CacheControl!.ToString());
        Assert.Equal([$"site-{site}", $"article-{id}", $"channel-{site}-notices"], article.Headers.GetValues("Surrogate-Key").Single().Split(' '));
        Assert.Equal([$"site-{site}", $"lists-{site}", $"channel-{site}-notices"], list.Headers.GetValues("Surrogate-Key").Single().Split(' '));
        // not one article's: a write to any article retires it (lists-…), a change to the site everything (site-…)
        Assert.Equal([$"site-{site}", $"lists-{site}"], footer.Headers.GetValues("Surrogate-Key").Single().Split(' '));
        Assert.Contains("Accept", article.Headers.Vary);
        // a key may read drafts: its answers stay out of shared caches
        Assert.True(keyed.Headers.CacheControl is { Private: true, NoCache: true, Public: false }, keyed.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_long_s_maxage_is_not_given_to_answers_that_change_without_a_write()
    {
        await using var app = Database.NewApp(a => a.Settings["Caching:SharedMaxAgeSeconds"] = "3600");
        using var admin = app.AdminClient();
        using var anonymous = app.CreateClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var id = await ContentApi.PublishedAsync(admin, site, "长缓存", ContentApi.Published);

        var article = await anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}");
        var popular = await anonymous.GetAsync($"/api/v1/sites/{site}/articles/popular");

        // a CDN keeps the article until the changes feed says purge; views move the ranking, and nothing says purge
        Assert.Equal(TimeSpan.FromHours(1), article.Headers.CacheControl!.SharedMaxAge);
        Assert.Equal(TimeSpan.FromSeconds(60), popular.Headers.CacheControl!.SharedMaxAge);
    }

    [Fact]
    public async Task A_public_404_carries_the_cache_headers_of_an_answer_and_a_bad_request_none()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var missing = await GetAsync($"/api/v1/sites/{site}/articles/987654");
        var keyed = await GetAsync($"/api/v1/sites/{site}/articles/987654", client: Admin);
        var badRequest = await GetAsync($"/api/v1/sites/{site}/articles?cursor=not-a-cursor");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("public, max-age=10, s-maxage=60, stale-while-revalidate=30", missing.Headers.CacheControl!.ToString());
        Assert.Equal([$"site-{site}", "article-987654"], missing.Headers.GetValues("Surrogate-Key").Single().Split(' '));
        Assert.Contains("Origin", missing.Headers.Vary);
        Assert.Null(missing.Headers.ETag);
        Assert.True(keyed.Headers.CacheControl is { Private: true, NoCache: true }, keyed.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
        Assert.Null(badRequest.Headers.CacheControl);
    }

    [Fact]
    public async Task Purge_keys_name_only_sites_and_channels_that_can_exist()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        // A key no site or channel can have would put non-ASCII or control characters in the header (Kestrel answers
        // 500 rather than send them) or a space that splits one purge key into two.
        foreach (var (url, status) in new[]
                 {
                     ("/api/v1/sites/%E4%B8%AD%E6%96%87/articles", HttpStatusCode.NotFound),
                     ("/api/v1/sites/%E4%B8%AD%E6%96%87/articles/1", HttpStatusCode.NotFound),
                     ("/api/v1/sites/a%0Ab/footer", HttpStatusCode.NotFound),
                     ("/api/v1/sites/a%20b/channels", HttpStatusCode.NotFound),
                     ("/api/v1/sites/nosuch/articles?channel=news", HttpStatusCode.NotFound),
                     ($"/api/v1/sites/{site}/articles?channel=%E6%96%B0%E9%97%BB", HttpStatusCode.BadRequest),
                     ($"/api/v1/sites/{site}/articles?channel=a%0Ab", HttpStatusCode.BadRequest),
                 })
        {
            var response = await GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            var keys = response.Headers.TryGetValues("Surrogate-Key", out var values) ? values.Single().Split(' ') : [];
            Assert.All(keys, key => Assert.Matches("^(site|lists|channel|article)-[a-z0-9-]+$", key));
        }
        var padded = await GetAsync($"/api/v1/sites/{site}/articles?channel=%20notices%20");
        Assert.Equal([$"site-{site}", $"lists-{site}", $"channel-{site}-notices"], padded.Headers.GetValues("Surrogate-Key").Single().Split(' '));
    }

    [Fact]
    public async Task Hot_reads_come_from_memory_until_a_write_and_never_stale_after_it()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "初稿标题", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        var listUrl = $"/api/v1/sites/{site}/articles?channel=news";
        var before = await GetAsync(url);
        var beforeList = await GetAsync(listUrl);
        Assert.False(FromCache(before));
        Assert.False(FromCache(await GetAsync(url)), "an answer is kept when it is computed a second time, not the first");
        var cached = await GetAsync(url);
        Assert.True(FromCache(cached), "the third read should come from the output cache");
        await GetAsync(listUrl);
        Assert.True(FromCache(await GetAsync(listUrl)));

        var current = (await before.JsonAsync());
        var update = new JsonObject { ["channel"] = "news", ["title"] = "改后标题", ["publishedAt"] = current["publishedAt"]!.DeepClone() };
        (await Admin.SendAsync(HttpMethod.Put, url, update, ETag(before))).EnsureSuccessStatusCode();

        var after = await GetAsync(url);
        var afterList = await GetAsync(listUrl);
        Assert.False(FromCache(after));
        Assert.Equal("改后标题", (await after.JsonAsync()).Text("title"));
        Assert.NotEqual(ETag(before), ETag(after));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, ETag(before))).StatusCode); // the old ETag no longer matches
        Assert.Equal("改后标题", (await afterList.JsonAsync())["items"]![0]!.Text("title"));
        Assert.NotEqual(ETag(beforeList), ETag(afterList));

        await ContentApi.PublishAsync(Admin, site, id, null); // still published: a no-op change of state is fine either way
        (await Admin.PostJsonAsync($"{url}/unpublish", new { })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(url)).StatusCode);
        Assert.Empty((await (await GetAsync(listUrl)).JsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_write_to_one_article_keeps_the_others_answers_and_refreshes_the_lists()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "甲文章", ContentApi.Published);
        string[] urls =
        [
            $"/api/v1/sites/{site}/articles/{id}", $"/api/v1/sites/{site}/articles/{id}/metadata",
            $"/api/v1/sites/{site}/articles/{id}/sections",
        ];
        var listUrl = $"/api/v1/sites/{site}/articles?channel=news";
        async Task KeepAsync(string url)
        {
            await GetAsync(url);
            await GetAsync(url); // computed twice: kept
            Assert.True(FromCache(await GetAsync(url)), url);
        }
        foreach (var url in urls.Append(listUrl))
        {
            await KeepAsync(url);
        }

        var other = await ContentApi.PublishedAsync(Admin, site, "乙文章", ContentApi.Published.AddHours(1));

        foreach (var url in urls)
        {
            Assert.True(FromCache(await GetAsync(url)), $"{url} shows nothing of the other article");
        }
        var list = await GetAsync(listUrl);
        Assert.False(FromCache(list));
        Assert.Equal([other, id], (await list.JsonAsync())["items"]!.AsArray().Select(a => a!.Id()));

        // The article's own write retires its answers.
        var article = await GetAsync(urls[0]);
        var update = new JsonObject { ["channel"] = "news", ["title"] = "甲文章改", ["publishedAt"] = (await article.JsonAsync())["publishedAt"]!.DeepClone() };
        (await Admin.SendAsync(HttpMethod.Put, urls[0], update, ETag(article))).EnsureSuccessStatusCode();
        var changed = await GetAsync(urls[0]);
        Assert.False(FromCache(changed));
        Assert.Equal("甲文章改", (await changed.JsonAsync()).Text("title"));

        // So does a write to the site itself (its settings and channels show in an article's metadata).
        foreach (var url in urls)
        {
            await KeepAsync(url);
        }
        (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "policies", name = "政策文件" })).EnsureSuccessStatusCode();
        foreach (var url in urls)
        {
            Assert.False(FromCache(await GetAsync(url)), $"{url} after a channel was added");
        }
    }

    [Fact]
    public async Task An_articles_ETag_changes_when_its_site_moves_to_another_time_zone_and_If_Match_still_needs_only_the_version()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "时区", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        var before = await GetAsync(url);
        Assert.EndsWith("+08:00", (await before.JsonAsync()).Text("publishedAt"), StringComparison.Ordinal);

        await ContentApi.ReplaceSiteAsync(Admin, site, timeZone: "Asia/Tokyo");

        var after = await GetAsync(url);
        var article = await after.JsonAsync();
        Assert.EndsWith("+09:00", article.Text("publishedAt"), StringComparison.Ordinal); // the same instant, other bytes
        Assert.NotEqual(ETag(before), ETag(after));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, ETag(before))).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(url, ETag(after))).StatusCode);
        // The article itself did not change: either ETag, a compressed answer's, or the bare version, names it for a write.
        var compressed = ETag(await GetAsync(url, acceptEncoding: "br"));
        var version = article["version"]!.GetValue<long>();
        var current = version;
        foreach (var tag in new[] { ETag(before), ETag(after), compressed, $"\"{version}\"" })
        {
            var ifMatch = tag.Replace($"\"{version}", $"\"{current++}", StringComparison.Ordinal); // the version as it is by then
            var patched = await Admin.SendAsync(HttpMethod.Patch, url, new { summary = ifMatch }, ifMatch);
            Assert.True(patched.StatusCode == HttpStatusCode.OK, $"If-Match {ifMatch}: {patched.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await Admin.SendAsync(HttpMethod.Patch, url, new { summary = "过时" }, ETag(before))).StatusCode);
    }

    [Fact]
    public async Task Footer_and_channels_change_with_the_site()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var footer = await GetAsync($"/api/v1/sites/{site}/footer");
        var channels = await GetAsync($"/api/v1/sites/{site}/channels");
        await GetAsync($"/api/v1/sites/{site}/footer"); // computed twice: kept
        Assert.True(FromCache(await GetAsync($"/api/v1/sites/{site}/footer")));

        await ContentApi.ReplaceSiteAsync(Admin, site, holder: "另一个局");
        (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "policies", name = "政策文件" })).EnsureSuccessStatusCode();

        var newFooter = await GetAsync($"/api/v1/sites/{site}/footer");
        var newChannels = await GetAsync($"/api/v1/sites/{site}/channels");
        Assert.Contains("另一个局", await newFooter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(ETag(footer), ETag(newFooter));
        Assert.Contains("政策文件", await newChannels.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(ETag(channels), ETag(newChannels));
    }

    [Fact]
    public async Task A_scheduled_article_appears_in_cached_lists_when_its_time_comes()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.PublishedAsync(Admin, site, "已发布", ContentApi.Published);
        var later = App.Clock.GetUtcNow().AddHours(1);
        var scheduled = await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "定时发布" });
        await ContentApi.PublishAsync(Admin, site, scheduled.Id(), new { publishedAt = later });
        var listUrl = $"/api/v1/sites/{site}/articles";
        Assert.Single((await (await GetAsync(listUrl)).JsonAsync())["items"]!.AsArray());
        await GetAsync(listUrl); // computed twice: kept
        Assert.True(FromCache(await GetAsync(listUrl)));

        App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var items = (await (await GetAsync(listUrl)).JsonAsync())["items"]!.AsArray();
        Assert.Equal(["定时发布", "已发布"], items.Select(i => i!.Text("title")));
    }

    [Fact]
    public async Task Counting_views_does_not_change_an_articles_ETag()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "计数与缓存", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        var etag = ETag(await GetAsync(url));

        for (var i = 0; i < 5; i++)
        {
            var view = new HttpRequestMessage(HttpMethod.Post, $"{url}/views");
            view.Headers.Add("X-Visitor-Id", $"visitor-{i}");
            (await Anonymous.SendAsync(view)).EnsureSuccessStatusCode();
        }
        await App.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(url, etag)).StatusCode);
        Assert.Equal(5, await ContentApi.ViewCountAsync(Anonymous, site, id));
        Assert.Equal("no-store", (await GetAsync($"{url}/views")).Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Answers_are_compressed_when_the_client_accepts_it()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "压缩", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        var plain = await (await GetAsync(url)).Content.ReadAsByteArrayAsync();

        foreach (var (encoding, decompress) in new (string, Func<Stream, Stream>)[]
                 {
                     ("br", s => new BrotliStream(s, CompressionMode.Decompress)), ("gzip", s => new GZipStream(s, CompressionMode.Decompress)),
                 })
        {
            for (var attempt = 0; attempt < 2; attempt++) // computed, then from the cache
            {
                var response = await GetAsync(url, acceptEncoding: encoding);
                Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
                await using var body = decompress(await response.Content.ReadAsStreamAsync());
                using var copy = new MemoryStream();
                await body.CopyToAsync(copy);
                Assert.Equal(plain, copy.ToArray());
            }
        }
    }

    [Fact]
    public async Task Each_content_coding_of_an_answer_has_an_ETag_of_its_own()
    {
        foreach (var url in await PublicReadUrlsAsync("压缩的标签"))
        {
            var plainTag = ETag(await GetAsync(url));
            var tags = new HashSet<string> { plainTag };
            foreach (var encoding in new[] { "br", "gzip" })
            {
                string? tag = null;
                for (var attempt = 0; attempt < 3; attempt++) // computed, computed again (and kept), then from the cache
                {
                    var compressed = await GetAsync(url, acceptEncoding: encoding);
                    Assert.Equal([encoding], compressed.Content.Headers.ContentEncoding);
                    Assert.True(tag is null || tag == ETag(compressed), $"{url} {encoding}: {tag} then {ETag(compressed)}");
                    tag = ETag(compressed);

                    var notModified = await GetAsync(url, tag, encoding);
                    Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"{url} {encoding}: {notModified.StatusCode}");
                    Assert.Equal(tag, ETag(notModified));
                    // A client holding one coding's bytes is sent the other coding's in full: they are other bytes.
                    Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, tag)).StatusCode);
                    Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, plainTag, encoding)).StatusCode);

                    var head = new HttpRequestMessage(HttpMethod.Head, url);
                    head.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
                    var headAnswer = await Anonymous.SendAsync(head);
                    Assert.Equal(tag, ETag(headAnswer));
                    Assert.Equal([encoding], headAnswer.Content.Headers.ContentEncoding);
                    // Its GET is sent chunked, its length known only once compressed: a HEAD names none rather than the plain one.
                    Assert.False(headAnswer.Content.Headers.NonValidated.Contains("Content-Length"), $"HEAD {url} {encoding}");
                }
                Assert.True(tags.Add(tag!), $"{url}: {encoding} shares the ETag {tag}");
            }
        }
    }

    [Fact]
    public async Task Requests_that_word_Accept_Encoding_differently_share_the_answer_kept_for_their_coding()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "措辞", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        await GetAsync(url, acceptEncoding: "gzip, deflate, br");
        Assert.False(FromCache(await GetAsync(url, acceptEncoding: "gzip, deflate, br"))); // asked again: now kept

        var chrome = await GetAsync(url, acceptEncoding: "gzip, deflate, br, zstd");
        var gzip = await GetAsync(url, acceptEncoding: "gzip");

        Assert.True(FromCache(chrome), "another wording of the same coding is served the kept answer");
        Assert.Equal(["br"], chrome.Content.Headers.ContentEncoding);
        Assert.False(FromCache(gzip), "another coding is another answer");
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Requests_that_word_Accept_differently_share_the_answer_kept_for_their_type()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "类型", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        async Task<HttpResponseMessage> Get(string accept)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            return await Anonymous.SendAsync(request);
        }
        await Get("application/json, text/plain, */*"); // as axios asks
        Assert.False(FromCache(await Get("application/json, text/plain, */*"))); // asked again: now kept

        var fetch = await Get("*/*");
        var text = await Get("text/plain");

        Assert.True(FromCache(fetch), "another wording that chooses JSON is served the kept answer");
        Assert.Equal("application/json", fetch.Content.Headers.ContentType!.MediaType);
        Assert.False(FromCache(text), "text is another answer");
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Keyed_reads_are_not_shared_with_the_public()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var draft = await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿" });
        var url = $"/api/v1/sites/{site}/articles/{draft.Id()}";

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, client: Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, client: Admin)).StatusCode);
        Assert.False(FromCache(await GetAsync(url, client: Admin)));
    }

    [Fact]
    public async Task Every_public_read_varies_by_Origin_and_Accept_Encoding_even_when_the_request_sent_neither()
    {
        foreach (var url in await PublicReadUrlsAsync("变体"))
        {
            var plain = await GetAsync(url);
            var notModified = await GetAsync(url, ETag(plain));
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Origin", "https://www.example.gov.cn");
            request.Headers.Add("Accept-Encoding", "br");
            var cors = await Anonymous.SendAsync(request);

            foreach (var response in new[] { plain, notModified, cors })
            {
                // Named once each: a CDN that stored the answer without them would serve a browser's CORS fetch an
                // answer without Access-Control-Allow-Origin.
                var vary = response.Headers.Vary.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToList();
                Assert.True(vary.Count(v => v == "Origin") == 1 && vary.Count(v => v == "Accept-Encoding") == 1,
                    $"{url} ({(int)response.StatusCode}): Vary {string.Join(", ", vary)}");
            }
        }
    }

    [Fact]
    public async Task Each_origin_gets_its_own_CORS_answer_from_the_cache()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        foreach (var origin in new[] { "https://www.example.gov.cn", "http://www.example.gov.cn", "https://www.example.gov.cn" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/footer");
            request.Headers.Add("Origin", origin);
            var response = await Anonymous.SendAsync(request);
            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task Reads_racing_writes_never_see_an_older_version_after_the_write_answered()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "版本0", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{id}";
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => App.CreateClient()).ToArray();
        var hammering = readers.Select(client => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await client.GetAsync(url);
            }
        })).ToArray();

        var etag = ETag(await GetAsync(url));
        for (var i = 1; i <= 20; i++)
        {
            var put = await Admin.SendAsync(HttpMethod.Put, url,
                new { channel = "news", title = $"版本{i}", publishedAt = ContentApi.Published }, etag);
            put.EnsureSuccessStatusCode();
            etag = ETag(put);

            var read = await GetAsync(url);
            Assert.Equal($"版本{i}", (await read.JsonAsync()).Text("title"));
            Assert.Equal(etag, ETag(read));
        }
        await stop.CancelAsync();
        await Task.WhenAll(hammering);
        foreach (var client in readers)
        {
            client.Dispose();
        }
    }
}
