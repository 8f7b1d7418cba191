using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Security;

public sealed class SecurityTestsOnSqlite(SqliteDatabase database) : SecurityTests(database), IClassFixture<SqliteDatabase>;

public sealed class SecurityTestsOnPostgres(PostgresDatabase database) : SecurityTests(database), IClassFixture<PostgresDatabase>;

public abstract class SecurityTests(TestDatabase database) : ApiTest(database)
{
    /// <summary>The only routes that write without a key: counting a page view.</summary>
    private static readonly string[] AnonymousWrites = ["CountArticleView"];

    private async Task<(string Key, string Prefix)> NewKeyAsync(object body)
    {
        var created = await (await Admin.PostJsonAsync("/api/v1/keys", body)).OkJsonAsync(HttpStatusCode.Created);
        return (created.Text("key"), created["info"]!.Text("prefix"));
    }

    private HttpClient With(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    [Fact]
    public async Task Every_non_public_route_answers_401_without_a_key_and_403_without_its_scope()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "公开", ContentApi.Published);
        var (reader, _) = await NewKeyAsync(new { name = "reader", scopes = new[] { Scopes.ReadDrafts } });
        var (keyAdmin, _) = await NewKeyAsync(new { name = "key admin", scopes = new[] { Scopes.KeysAdmin } });
        string Value(string name) => name switch
        {
            "site" => site, "channel" => "news", "date" => "2022-06-28", "prefix" => "abcdefghij", "path" => "1",
            _ => $"{id}",
        };
        var routes = Routes.All(App.Services);
        Assert.True(routes.Count > 30, $"only {routes.Count} routes found");

        foreach (var route in routes)
        {
            if (route.Scope is null)
            {
                Assert.True(route.Method is "GET" or "HEAD" || AnonymousWrites.Contains(route.Name),
                    $"{route} writes but demands no scope: give it RequireScope(...)");
                continue;
            }
            HttpRequestMessage Request(string? key)
            {
                var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(Value))
                {
                    Content = route.Method is "GET" or "HEAD" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, route.ContentType),
                };
                if (key is not null)
                {
                    request.Headers.Authorization = new("Bearer", key);
                }
                return request;
            }
            var anonymous = await Anonymous.SendAsync(Request(null));
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{route} without a key: {(int)anonymous.StatusCode}");
            if (route.Method != "HEAD") // a HEAD's answer has no body to describe the problem
            {
                await anonymous.ProblemAsync(HttpStatusCode.Unauthorized);
            }
            var lacking = route.Scope == Scopes.ReadDrafts ? keyAdmin : reader;
            var forbidden = await Anonymous.SendAsync(Request(lacking));
            Assert.True(forbidden.StatusCode == HttpStatusCode.Forbidden, $"{route} with a key lacking {route.Scope}: {(int)forbidden.StatusCode}");
            if (route.Method != "HEAD")
            {
                await forbidden.ProblemAsync(HttpStatusCode.Forbidden);
            }
        }
    }

    [Fact]
    public async Task A_key_is_shown_once_works_within_its_sites_and_stops_on_expiry_or_revocation()
    {
        var mine = await ContentApi.NewSiteAsync(Admin);
        var other = await ContentApi.NewSiteAsync(Admin);
        var created = await (await Admin.PostJsonAsync("/api/v1/keys", new
        {
            name = "宣传部发布脚本", scopes = new[] { Scopes.ContentWrite, Scopes.ContentPublish, Scopes.ReadDrafts }, sites = new[] { mine },
            expiresAt = App.Clock.GetUtcNow().AddHours(1),
        })).OkJsonAsync(HttpStatusCode.Created);
        var key = created.Text("key");
        var prefix = created["info"]!.Text("prefix");
        Assert.Matches("^cms_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$", key);
        Assert.StartsWith($"cms_{prefix}_", key, StringComparison.Ordinal);

        var list = await (await Admin.GetAsync("/api/v1/keys")).Content.ReadAsStringAsync();
        Assert.Contains(prefix, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key[^20..], list, StringComparison.Ordinal);

        using var client = With(key);
        var article = (await ContentApi.CreateAsync(client, mine, new { channel = "news", title = "本站文章" })).Id();
        await (await client.PostJsonAsync($"/api/v1/sites/{other}/articles", new { channel = "news", title = "他站" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostJsonAsync("/api/v1/sites", new { key = "x" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/keys")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("draft", (await (await client.GetAsync($"/api/v1/sites/{mine}/articles/{article}")).OkJsonAsync()).Text("status"));
        await (await client.GetAsync($"/api/v1/sites/{other}/articles?status=draft")).ProblemAsync(HttpStatusCode.Forbidden);

        App.Clock.Advance(TimeSpan.FromHours(2));
        await (await client.PostJsonAsync($"/api/v1/sites/{mine}/articles", new { channel = "news", title = "过期" })).ProblemAsync(HttpStatusCode.Unauthorized);

        var (second, secondPrefix) = await NewKeyAsync(new { name = "to revoke", scopes = new[] { Scopes.ContentWrite } });
        using var revoked = With(second);
        await (await revoked.PostJsonAsync($"/api/v1/sites/{mine}/articles", new { channel = "news", title = "撤销前" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/keys/{secondPrefix}")).StatusCode);
        await (await revoked.PostJsonAsync($"/api/v1/sites/{mine}/articles", new { channel = "news", title = "撤销后" })).ProblemAsync(HttpStatusCode.Unauthorized);
        // on public routes too: a revoked key is told so, not served the public's answer without a word
        await (await revoked.GetAsync($"/api/v1/sites/{mine}/articles")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync($"/api/v1/sites/{mine}/footer")).ProblemAsync(HttpStatusCode.Unauthorized); // expired
        await (await Anonymous.GetAsync($"/api/v1/sites/{mine}/articles")).OkJsonAsync();
        await (await Admin.DeleteAsync("/api/v1/keys/nosuchkey0")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"x","scopes":["root"]}""", "scopes[0]")]
    [InlineData("""{"name":"x","scopes":[]}""", "scopes")]
    [InlineData("""{"scopes":["content:write"]}""", "name")]
    [InlineData("""{"name":"x","scopes":["content:write"],"sites":["../etc"]}""", "sites[0]")]
    [InlineData("""{"name":"x","scopes":["content:write"],"expiresAt":"2000-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"name":"x","scopes":["keys:admin"],"sites":["demo"]}""", "sites")]
    public async Task Bad_key_requests_are_refused(string json, string field)
    {
        var problem = await (await Admin.PostRawAsync("/api/v1/keys", json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_key_for_a_site_that_does_not_exist_is_refused_and_not_made()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var before = (await (await Admin.GetAsync("/api/v1/keys")).OkJsonAsync())["items"]!.AsArray().Count;

        var problem = await (await Admin.PostJsonAsync("/api/v1/keys", new
        {
            name = "错字", scopes = new[] { Scopes.ContentWrite }, sites = new[] { site, "no-such-site", site },
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["sites[1]"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("no-such-site", problem["errors"]!["sites[1]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, (await (await Admin.GetAsync("/api/v1/keys")).OkJsonAsync())["items"]!.AsArray().Count);
        await NewKeyAsync(new { name = "本站", scopes = new[] { Scopes.ContentWrite }, sites = new[] { site, site } });
    }

    /// <summary>A keys:admin key limited to a site was made, and then every keys route refused it with a bare 403.</summary>
    [Fact]
    public async Task A_key_that_manages_keys_cannot_be_limited_to_sites()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        Assert.All(Routes.All(App.Services).Where(r => r.Scope == Scopes.KeysAdmin), r => Assert.DoesNotContain("{site}", r.Pattern, StringComparison.Ordinal));
        var before = (await (await Admin.GetAsync("/api/v1/keys")).OkJsonAsync())["items"]!.AsArray().Count;

        var problem = await (await Admin.PostJsonAsync("/api/v1/keys", new
        {
            name = "本站密钥管理", scopes = new[] { Scopes.KeysAdmin, Scopes.ContentWrite }, sites = new[] { site },
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["sites"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, (await (await Admin.GetAsync("/api/v1/keys")).OkJsonAsync())["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_deleted_site_is_taken_out_of_the_keys_limited_to_it()
    {
        var gone = await ContentApi.NewSiteAsync(Admin);
        var kept = await ContentApi.NewSiteAsync(Admin);
        var (key, prefix) = await NewKeyAsync(new { name = "旧站脚本", scopes = new[] { Scopes.ContentWrite }, sites = new[] { gone, kept } });
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{gone}")).StatusCode);

        // Later, someone else's new site gets the freed key: the old script's key must not act on it.
        await (await Admin.PostJsonAsync("/api/v1/sites", new
        {
            key = gone, name = "新站", domains = new[] { "new.example.gov.cn" }, sponsor = "另一局", copyright = new { holder = "另一局" },
        })).OkJsonAsync(HttpStatusCode.Created);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{gone}/channels", new { key = "news", name = "新闻" })).OkJsonAsync(HttpStatusCode.Created);
        using var client = With(key);
        await (await client.PostJsonAsync($"/api/v1/sites/{gone}/articles", new { channel = "news", title = "旧钥匙" })).ProblemAsync(HttpStatusCode.Forbidden);
        await ContentApi.CreateAsync(client, kept, new { channel = "news", title = "另一站照旧" });
        var listed = (await (await Admin.GetAsync("/api/v1/keys")).OkJsonAsync())["items"]!.AsArray().Single(k => k!.Text("prefix") == prefix)!;
        Assert.Equal([kept], listed["sites"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer cms_abcdefghij_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer test-admin-key-0123456789abcdeX")]
    public async Task Malformed_or_unknown_keys_are_401(string header)
    {
        var write = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sites") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var publicRead = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites");
        foreach (var request in new[] { write, publicRead })
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);

            await (await Anonymous.SendAsync(request)).ProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Public_and_key_traffic_are_rate_limited_with_retry_after()
    {
        await using var limited = Database.NewApp(a =>
        {
            a.Settings["RateLimiting:Enabled"] = "true";
            a.Settings["RateLimiting:PublicPerMinute"] = "5";
            a.Settings["RateLimiting:KeyPerMinute"] = "3";
        });
        using var anonymous = limited.CreateClient();
        using var admin = limited.AdminClient();

        for (var n = 0; n < 5; n++)
        {
            (await anonymous.GetAsync("/api/v1/calendar/2022-06-28")).EnsureSuccessStatusCode();
        }
        var refused = await anonymous.GetAsync("/api/v1/calendar/2022-06-28");
        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);

        for (var n = 0; n < 3; n++)
        {
            (await admin.GetAsync("/api/v1/keys")).EnsureSuccessStatusCode();
        }
        await (await admin.GetAsync("/api/v1/keys")).ProblemAsync(HttpStatusCode.TooManyRequests);
        // health checks are never limited
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Browsers_may_call_from_the_sites_own_domains_only()
    {
        var site = await ContentApi.NewSiteAsync(Admin); // domain www.example.gov.cn

        HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/sites/{site}/articles/1/views");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "x-visitor-id");
            return request;
        }
        var allowed = await Anonymous.SendAsync(Preflight("https://www.example.gov.cn"));
        var refused = await Anonymous.SendAsync(Preflight("https://evil.example.com"));
        var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/footer");
        get.Headers.Add("Origin", "http://www.example.gov.cn");
        var simple = await Anonymous.SendAsync(get);

        Assert.Equal("https://www.example.gov.cn", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("http://www.example.gov.cn", simple.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_sites_allowed_origins_follow_its_domains_as_they_change()
    {
        // the policies are kept in memory: a change to the site must reach them at once
        var site = await ContentApi.NewSiteAsync(Admin); // domain www.example.gov.cn
        async Task<string?> AllowedOrigin(string path, string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", origin);
            var response = await Anonymous.SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }
        var footer = $"/api/v1/sites/{site}/footer";
        var moved = $"{site}.example.gov.cn"; // no other site of the shared database has it
        const string calendar = "/api/v1/calendar/2022-06-28"; // a route of no site: every site's domains
        Assert.Equal("https://www.example.gov.cn", await AllowedOrigin(footer, "https://www.example.gov.cn"));
        Assert.Null(await AllowedOrigin(calendar, $"https://{moved}"));

        var current = await (await Admin.GetAsync($"/api/v1/sites/{site}")).OkJsonAsync();
        var replaced = new JsonObject
        {
            ["key"] = site, ["name"] = "测试网", ["domains"] = new JsonArray(moved), ["sponsor"] = "某局",
            ["copyright"] = new JsonObject { ["holder"] = "某局" },
        };
        (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}", replaced, $"\"{current["version"]}\"")).EnsureSuccessStatusCode();

        Assert.Null(await AllowedOrigin(footer, "https://www.example.gov.cn"));
        Assert.Equal($"https://{moved}", await AllowedOrigin(footer, $"https://{moved}"));
        Assert.Equal($"https://{moved}", await AllowedOrigin(calendar, $"https://{moved}"));
    }

    [Fact]
    public async Task An_editing_ui_at_a_configured_origin_may_patch_with_if_match_and_a_public_domain_may_not()
    {
        var site = await ContentApi.NewSiteAsync(Admin); // domain www.example.gov.cn
        await using var app = Database.NewApp(a => a.Settings["Cors:AllowedOrigins:0"] = "https://editor.example.gov.cn");
        using var client = app.CreateClient();
        async Task<HttpResponseMessage> Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/sites/{site}/articles/1");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "PATCH");
            request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, if-match");
            return await client.SendAsync(request);
        }

        var editor = await Preflight("https://editor.example.gov.cn");
        var frontEnd = await Preflight("https://www.example.gov.cn");

        Assert.Equal("https://editor.example.gov.cn", editor.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PATCH", editor.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("if-match", editor.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        // a public front end reads and counts views: the browser refuses it the PATCH
        Assert.DoesNotContain("PATCH", frontEnd.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    /// <summary>
    /// 政务 and 公益 are the top-level domains of government bodies and public institutions; a site named by one was a
    /// 400 "not a host name", and browsers send it in Origin in its ASCII form.
    /// </summary>
    [Fact]
    public async Task A_site_on_a_chinese_domain_is_made_and_called_from_it()
    {
        var site = ContentApi.NewKey();
        var created = await (await Admin.PostJsonAsync("/api/v1/sites", new
        {
            key = site, name = "测试网", domains = new[] { "广州市人民政府.政务", "XN--FIQS8SIRGFMHQ98A.xn--fiqs8s", "www.example.gov.cn" },
            sponsor = "某局", copyright = new { holder = "某局" },
        })).OkJsonAsync(HttpStatusCode.Created);
        var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/footer");
        get.Headers.Add("Origin", "https://xn--gmqx28addpvues12bg4l.xn--zfr164b");

        var answer = await Anonymous.SendAsync(get);

        Assert.Equal(["广州市人民政府.政务", "中国政府网.中国", "www.example.gov.cn"], created["domains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("https://xn--gmqx28addpvues12bg4l.xn--zfr164b", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var refused = await Admin.PostJsonAsync("/api/v1/sites", new
        {
            key = ContentApi.NewKey(), name = "测试网", domains = new[] { "广州..政务" }, sponsor = "某局", copyright = new { holder = "某局" },
        });
        Assert.Contains("domains[0]", (await refused.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        foreach (var response in new[]
                 {
                     await Anonymous.GetAsync("/api/v1/calendar/2022-06-28"),
                     await Anonymous.GetAsync("/api/v1/sites/no-such-site"),
                     await Anonymous.PostAsync("/api/v1/sites", null),
                     await Anonymous.GetAsync("/api/v1/calendar/bad"),
                 })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task Oversized_bodies_are_413_but_article_writes_and_import_take_larger_ones()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        string Article(int characters) => "{\"channel\":\"news\",\"title\":\"t\",\"body\":{\"lead\":[\"" + new string('长', characters) + "\"]}}";

        var channel = await Admin.PostRawAsync($"/api/v1/sites/{site}/channels", "{\"key\":\"big\",\"name\":\"" + new string('长', 400_000) + "\"}");
        var article = await Admin.PostRawAsync($"/api/v1/sites/{site}/articles", Article(700_000)); // 2.1 MB
        var hugeArticle = await Admin.PostRawAsync($"/api/v1/sites/{site}/articles", Article(1_500_000)); // 4.5 MB
        var import = await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news",
            new StringContent("标题\n" + new string('长', 500_000), Encoding.UTF8, "text/plain"));

        await channel.ProblemAsync(HttpStatusCode.RequestEntityTooLarge); // 1.2 MB, over the 1 MB of most routes
        Assert.Equal(HttpStatusCode.BadRequest, article.StatusCode); // read, then refused for its paragraph's length
        await hugeArticle.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, import.StatusCode);
    }

    [Fact]
    public async Task A_gzip_or_brotli_body_is_read_decompressed_within_the_routes_limit_and_other_codings_are_415()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        HttpRequestMessage Compressed(string url, string json, string coding, byte[]? bytes = null)
        {
            if (bytes is null)
            {
                using var packed = new MemoryStream();
                using (Stream packer = coding == "br"
                           ? new System.IO.Compression.BrotliStream(packed, System.IO.Compression.CompressionLevel.Fastest)
                           : new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest))
                {
                    packer.Write(Encoding.UTF8.GetBytes(json));
                }
                bytes = packed.ToArray();
            }
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/json");
            content.Headers.ContentEncoding.Add(coding);
            return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        }
        var articles = $"/api/v1/sites/{site}/articles";

        foreach (var coding in new[] { "gzip", "br" })
        {
            var created = await Admin.SendAsync(Compressed(articles, $$"""{"channel":"news","title":"压缩的正文 {{coding}}"}""", coding));
            var bomb = await Admin.SendAsync(Compressed($"/api/v1/sites/{site}/channels", $$"""{"key":"big","name":"{{new string('x', 3_000_000)}}"}""", coding));
            var broken = await Admin.SendAsync(Compressed(articles, "", coding, Encoding.UTF8.GetBytes($"not {coding} at all, 不是压缩的")));
            var whole = await Compressed(articles, """{"channel":"news","title":"截断"}""", coding).Content!.ReadAsByteArrayAsync();
            var cut = await Admin.SendAsync(Compressed(articles, "", coding, whole[..(whole.Length / 2)]));

            Assert.Equal($"压缩的正文 {coding}", (await created.OkJsonAsync(HttpStatusCode.Created)).Text("title"));
            await bomb.ProblemAsync(HttpStatusCode.RequestEntityTooLarge); // a few KB on the wire, 3 MB once decompressed
            Assert.Equal("invalid_compressed_body", (await broken.ProblemAsync(HttpStatusCode.BadRequest)).Text("code"));
            await cut.ProblemAsync(HttpStatusCode.BadRequest); // cut short: the JSON or the stream ends early
        }
        var zstd = await Admin.SendAsync(Compressed(articles, "", "zstd", [0x28, 0xb5, 0x2f, 0xfd]));
        await zstd.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("gzip, deflate, br", zstd.Headers.GetValues("Accept-Encoding").Single());
        var drafts = await (await Admin.GetAsync($"{articles}?status=draft")).OkJsonAsync();
        Assert.Equal(2, drafts["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("application/json; charset=gbk")]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/merge-patch+json; charset=utf-16")]
    public async Task A_json_body_in_a_charset_other_than_utf8_is_a_415(string contentType)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        HttpContent Body(string type)
        {
            var content = new StringContent("""{"channel":"news","title":"字符集"}""");
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            return content;
        }

        var refused = await Admin.PostAsync($"/api/v1/sites/{site}/articles", Body(contentType));

        Assert.Equal("unsupported_media_type", (await refused.ProblemAsync(HttpStatusCode.UnsupportedMediaType)).Text("code"));
        await (await Admin.PostAsync($"/api/v1/sites/{site}/articles", Body("application/json; charset=UTF-8"))).OkJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>
    /// The framework looks a charset name up as it is sent: quoted (as RFC 9110 allows), spelt utf8 or empty it was a
    /// 500, and us-ascii turned each Chinese character into '?'.
    /// </summary>
    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=UTF8")]
    [InlineData("application/json; charset=us-ascii")]
    [InlineData("application/json; charset=\"US-ASCII\"")]
    [InlineData("application/json; charset=")]
    [InlineData("application/json; charset=\"\"")]
    public async Task A_json_body_naming_utf8_or_ascii_in_any_spelling_is_read_as_utf8(string contentType)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"channel":"news","title":"字符集"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var created = await (await Admin.PostAsync($"/api/v1/sites/{site}/articles", content)).OkJsonAsync(HttpStatusCode.Created);

        Assert.Equal("字符集", created.Text("title"));
        var stored = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{created.Id()}")).OkJsonAsync();
        Assert.Equal("字符集", stored.Text("title"));
    }

    /// <summary>
    /// The framework's problem writer declines a client whose Accept leaves JSON out: a refused key was a bare 500, a
    /// refused charset an empty 415, an unknown route a plain-text 404, an unknown article a problem without traceId.
    /// </summary>
    [Theory]
    [InlineData("text/markdown")]
    [InlineData("text/html")]
    [InlineData("image/*;q=1, application/json;q=0")]
    public async Task An_error_is_problem_json_whatever_the_client_accepts(string accept)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        async Task<string?> Send(HttpMethod method, string url, HttpStatusCode status, string? key = null, string? contentType = null)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            if (key is not null)
            {
                request.Headers.Authorization = new("Bearer", key);
            }
            if (contentType is not null)
            {
                request.Content = new StringContent("""{"channel":"news","title":"接受"}""");
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            return (await (await Anonymous.SendAsync(request)).ProblemAsync(status)).Text("code");
        }

        Assert.Equal("unauthorized", await Send(HttpMethod.Post, $"/api/v1/sites/{site}/articles", HttpStatusCode.Unauthorized, "not-a-key-of-this-service"));
        Assert.Equal("unsupported_media_type", await Send(HttpMethod.Post, $"/api/v1/sites/{site}/articles", HttpStatusCode.UnsupportedMediaType,
            CmsAppFactory.AdminKey, "application/json; charset=gbk"));
        Assert.Equal("not_found", await Send(HttpMethod.Get, $"/api/v1/sites/{site}/articles/999999", HttpStatusCode.NotFound));
        Assert.Equal("not_found", await Send(HttpMethod.Get, "/api/v1/no-such-route", HttpStatusCode.NotFound));
        Assert.Equal("method_not_allowed", await Send(HttpMethod.Delete, $"/api/v1/sites/{site}/footer", HttpStatusCode.MethodNotAllowed));
    }
}
