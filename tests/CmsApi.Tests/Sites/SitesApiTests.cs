using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Sites;

public sealed class SitesApiTestsOnSqlite(SqliteDatabase database) : SitesApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class SitesApiTestsOnPostgres(PostgresDatabase database) : SitesApiTests(database), IClassFixture<PostgresDatabase>;

public abstract class SitesApiTests(TestDatabase database) : ApiTest(database)
{
    /// <summary>The fixture page's site, as the issue's example body plus the page's own copyright line.</summary>
    private static object FixtureSite(string key) => new
    {
        key,
        name = "广州市直属机关党建网",
        domains = new[] { "www.gzsjgdj.gov.cn" },
        sponsor = "中共广州市直属机关工作委员会",
        timeZone = "Asia/Shanghai",
        copyright = new
        {
            holder = "中共广州市直属机关工作委员会",
            notice = "版权所有,未经书面授权禁止使用",
            startYear = 2016,
            line = LegacyPage.Line(62),
        },
        icpFiling = "粤ICP备14006357号",
        publicSecurityFiling = "粤公网安备 44010402000201号",
    };

    private static string NewKey() => "s" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_footer_names_the_sponsor_organiser_and_contact_a_government_site_must_print()
    {
        var key = NewKey();
        var site = JsonSerializer.SerializeToNode(FixtureSite(key))!.AsObject();
        site["organiser"] = "广州市政务服务数据管理局";
        site["contact"] = new JsonObject { ["phone"] = "020-83123456", ["email"] = "web@gz.gov.cn", ["address"] = "广州市越秀区府前路1号" };
        await (await Admin.PostJsonAsync("/api/v1/sites", site)).OkJsonAsync(HttpStatusCode.Created);

        var footer = await (await Anonymous.GetAsync($"/api/v1/sites/{key}/footer")).OkJsonAsync();

        Assert.Equal(("中共广州市直属机关工作委员会", "广州市政务服务数据管理局"), (footer.Text("sponsor"), footer.Text("organiser")));
        Assert.True(JsonNode.DeepEquals(site["contact"], footer["contact"]), $"{footer["contact"]}");
    }

    [Fact]
    public async Task The_fixture_footer_is_served_back_exactly_with_both_links()
    {
        var key = NewKey();
        await (await Admin.PostJsonAsync("/api/v1/sites", FixtureSite(key))).OkJsonAsync(HttpStatusCode.Created);

        var footer = await (await Anonymous.GetAsync($"/api/v1/sites/{key}/footer")).OkJsonAsync();

        Assert.Equal("中共广州市直属机关工作委员会", footer["copyright"]!["holder"]!.GetValue<string>());
        Assert.Equal("版权所有,未经书面授权禁止使用", footer["copyright"]!["notice"]!.GetValue<string>());
        Assert.Equal("Copyright © 2016 by www.gzsjgdj.gov.cn. all rights reserved", footer["copyright"]!["line"]!.GetValue<string>());
        Assert.Equal("中共广州市直属机关工作委员会", footer.Text("sponsor")); // 主办单位, which a government site's footer names
        // the footer lines of the legacy page, in its order
        Assert.Equal([LegacyPage.Line(60), LegacyPage.Line(62), LegacyPage.Line(64), LegacyPage.Line(66)],
            footer["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        var filings = footer["filings"]!.AsArray();
        Assert.Equal("publicSecurity", filings[0]!["kind"]!.GetValue<string>());
        Assert.Equal("粤公网安备 44010402000201号", filings[0]!["number"]!.GetValue<string>());
        Assert.Equal("https://beian.mps.gov.cn/#/query/webSearch?code=44010402000201", filings[0]!["url"]!.GetValue<string>());
        Assert.Equal("icp", filings[1]!["kind"]!.GetValue<string>());
        Assert.Equal("粤ICP备14006357号", filings[1]!["number"]!.GetValue<string>());
        Assert.Equal("https://beian.miit.gov.cn/", filings[1]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_its_own_copyright_line_the_footer_composes_one()
    {
        var key = NewKey();
        var body = new
        {
            key, name = "测试网", domains = new[] { "www.example.gov.cn" }, sponsor = "某局",
            copyright = new { holder = "某局", startYear = 2020 }, siteCode = "4401000001",
        };
        await (await Admin.PostJsonAsync("/api/v1/sites", body)).OkJsonAsync(HttpStatusCode.Created);

        var footer = await (await Anonymous.GetAsync($"/api/v1/sites/{key}/footer")).OkJsonAsync();

        Assert.Equal("Copyright © 2020 by www.example.gov.cn. All rights reserved", footer["copyright"]!["line"]!.GetValue<string>());
        Assert.Equal("4401000001", footer["siteCode"]!.GetValue<string>());
        Assert.Equal("网站标识码：4401000001", footer["lines"]!.AsArray().Last()!.GetValue<string>());
        Assert.Empty(footer["filings"]!.AsArray());
    }

    [Fact]
    public async Task Filings_in_real_world_forms_are_stored_canonical()
    {
        var key = NewKey();
        var body = new
        {
            key, name = "湖南测试", domains = new[] { "WWW.Example.gov.cn" }, sponsor = "某厅",
            copyright = new { holder = "某厅" },
            icpFiling = "湘ＩＣＰ备２０２６０３７５０８号－１",
            icpLicence = "湘ICP证 030173号",
            publicSecurityFiling = "湘公网安备\u00a043010002000001号",
            siteCode = "BM09000001",
        };

        var site = await (await Admin.PostJsonAsync("/api/v1/sites", body)).OkJsonAsync(HttpStatusCode.Created);

        Assert.Equal("湘ICP备2026037508号-1", site["icpFiling"]!.GetValue<string>());
        Assert.Equal("湘ICP证030173号", site["icpLicence"]!.GetValue<string>());
        Assert.Equal("湘公网安备 43010002000001号", site["publicSecurityFiling"]!.GetValue<string>());
        Assert.Equal("bm09000001", site["siteCode"]!.GetValue<string>());
        Assert.Equal("www.example.gov.cn", site["domains"]![0]!.GetValue<string>());
        Assert.Equal("Asia/Shanghai", site["timeZone"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(InvalidFilings.All), MemberType = typeof(InvalidFilings))]
    public async Task Invalid_filings_are_refused_with_a_field_error_and_nothing_is_written(string field, string value)
    {
        var key = NewKey();
        var body = new Dictionary<string, object?>
        {
            ["key"] = key, ["name"] = "测试网", ["domains"] = new[] { "www.example.gov.cn" }, ["sponsor"] = "某局",
            ["copyright"] = new { holder = "某局" }, [field] = value,
        };

        var problem = await (await Admin.PostJsonAsync("/api/v1/sites", body)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        // the message names the expected form, the province the division code belongs to, or (for the other ICP
        // number) the field it goes in
        var message = errors[field]![0]!.GetValue<string>();
        Assert.Matches("^Expected .+ \\(e\\.g\\. |belongs to|is not a province code|; it goes in (icpLicence|icpFiling)\\.$", message);
        if ((field, value) is ("icpFiling", "京ICP证030173号") or ("icpLicence", "京ICP备030173号"))
        {
            Assert.EndsWith(field == "icpFiling" ? "it goes in icpLicence." : "it goes in icpFiling.", message);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync($"/api/v1/sites/{key}")).StatusCode);
    }

    [Fact]
    public async Task Missing_and_malformed_fields_are_named()
    {
        var problem = await (await Admin.PostJsonAsync("/api/v1/sites", new { key = "Bad Key!", domains = new[] { "not a host" }, timeZone = "Mars/Base", copyright = new { holder = "", startYear = 1800 } }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "key", "name", "sponsor", "domains[0]", "timeZone", "copyright.holder", "copyright.startYear" }, errors);
        // messages name the field as the client sent it, as the keys do
        Assert.Equal("'copyright.holder' must not be empty.", problem["errors"]!["copyright.holder"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"key\":\"abc\",", "The request body is not valid JSON (line 1, byte 12).")]
    [InlineData("{\"key\":\"abc\",\"name\":5}", "'$.name' should be a string (line 1, byte 21).")]
    [InlineData("{\"key\":\"abc\",\"domains\":\"a.gov.cn\"}", "'$.domains' should be an array of strings (line 1, byte 33).")]
    [InlineData("{\"key\":\"abc\",\"copyright\":{\"startYear\":\"x\"}}", "'$.copyright.startYear' should be a whole number from -2147483648 to 2147483647 (line 1, byte 41).")]
    [InlineData("{\"key\":\"abc\",\"copyright\":{\"startYear\":\"2008\"}}", "'$.copyright.startYear' should be a whole number from -2147483648 to 2147483647 (line 1, byte 44).")]
    [InlineData("{\"key\":\"abc\",\"unknown\":1}", "'$.unknown' is not a field here (line 1, byte 23); the fields are key, name, domains, ")]
    [InlineData("{\"key\":\"abc\",\"contact\":{\"fax\":\"1\"}}", "'$.contact.fax' is not a field here (line 1, byte 30); the fields of '$.contact' are phone, email, address.")]
    [InlineData("{\"key\":\"abc\",\"it's\":1}", "'$['it's']' is not a field here (line 1, byte 20); the fields are key, name, ")]
    [InlineData("{\"key\":\"abc\",\"key\":\"abd\"}", "'$.key' is sent twice")]
    [InlineData("{\"key\":\"abc\",\"name\":\"a\\ud800b\"}", "'$.name' holds half of a UTF-16 surrogate pair (an escape such as \\ud800 without its other half): not text (line 1, byte ")]
    [InlineData("[1,2,3]", "The request body should be an object with the fields key, name, domains, ")]
    public async Task Malformed_json_is_a_400_problem_that_says_where_and_what_was_expected(string json, string detail)
    {
        var problem = await (await Admin.PostRawAsync("/api/v1/sites", json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("malformed_json", problem["code"]!.GetValue<string>());
        Assert.StartsWith(detail, problem.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("america/new_york", "America/New_York")]
    [InlineData(" ASIA/SHANGHAI ", "Asia/Shanghai")]
    [InlineData("Asia/Urumqi", "Asia/Urumqi")]
    public async Task A_time_zone_in_any_case_is_stored_as_its_own_id(string sent, string stored)
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        // a lowercase id is found only after the OS has listed its zones, so it would not be found after a restart
        await ContentApi.ReplaceSiteAsync(Admin, site, timeZone: sent);

        Assert.Equal(stored, (await (await Admin.GetAsync($"/api/v1/sites/{site}")).OkJsonAsync()).Text("timeZone"));
    }

    [Fact]
    public async Task Every_route_under_a_site_that_does_not_exist_says_so()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "公开", ContentApi.Published);
        var routes = Security.Routes.All(App.Services).Where(r => r.Pattern.StartsWith("/api/v1/sites/{site}/", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count > 25, $"only {routes.Count} routes found");
        var siteMissing = 0;

        foreach (var route in routes)
        {
            // the article and the channel exist in another site, so only the site can be what is missing
            var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(name => name switch
            {
                "site" => "nosuch-" + site, "channel" => "news", "path" => "1", "version" => "1", _ => $"{id}",
            }))
            {
                Content = route.Method is "GET" or "HEAD" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, route.ContentType),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            var response = await Admin.SendAsync(request);

            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.NotFound && route.Method != "HEAD")
            {
                Assert.Equal($"No site 'nosuch-{site}' exists.", (await response.ProblemAsync(HttpStatusCode.NotFound)).Text("detail"));
                siteMissing++;
            }
        }
        Assert.True(siteMissing > 20, $"only {siteMissing} routes answered 404");
    }

    [Fact]
    public async Task Create_read_replace_and_delete_with_etags()
    {
        var key = NewKey();
        var created = await Admin.PostJsonAsync("/api/v1/sites", FixtureSite(key));
        await created.OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/sites/{key}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);

        // a second site with the same key
        var again = await Admin.PostJsonAsync("/api/v1/sites", FixtureSite(key));
        Assert.Equal("site_key_taken", (await again.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());

        // conditional read
        var read = await Anonymous.GetAsync($"/api/v1/sites/{key}");
        var etag = read.Headers.ETag!.Tag;
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{key}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await Anonymous.SendAsync(conditional)).StatusCode);

        // replace: If-Match is required and must be current
        var renamed = new Dictionary<string, object?>(ToDictionary(FixtureSite(key))) { ["name"] = "新名称" };
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{key}", renamed)).ProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{key}", renamed, "\"7\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        var replaced = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{key}", renamed, etag);
        var site = await replaced.OkJsonAsync();
        Assert.Equal("新名称", site["name"]!.GetValue<string>());
        Assert.Equal(2, site["version"]!.GetValue<long>());
        Assert.Equal("\"2\"", replaced.Headers.ETag!.Tag);
        // the old ETag is now stale, and the old If-None-Match no longer matches
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{key}", renamed, etag)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        // * is true whenever the site exists (RFC 9110 13.1.1)
        Assert.Equal(3, (await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{key}", renamed, "*")).OkJsonAsync())["version"]!.GetValue<long>());

        // the key cannot change through PUT
        var moved = new Dictionary<string, object?>(renamed) { ["key"] = key + "x" };
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{key}", moved, "\"2\"")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{key}")).StatusCode);
        await (await Anonymous.GetAsync($"/api/v1/sites/{key}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.DeleteAsync($"/api/v1/sites/{key}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A new filing number or telephone is one field: a merge patch changes it alone, and is refused as a PUT would be.</summary>
    [Fact]
    public async Task A_merge_patch_changes_the_fields_it_names_and_leaves_the_rest()
    {
        var key = NewKey();
        var url = $"/api/v1/sites/{key}";
        var site = new Dictionary<string, object?>(ToDictionary(FixtureSite(key)))
        {
            ["organiser"] = "市直机关工委宣传部", ["contact"] = new { phone = "020-83123000", email = "web@gzsjgdj.gov.cn" }, ["reviewSteps"] = 1,
        };
        await (await Admin.PostJsonAsync("/api/v1/sites", site)).OkJsonAsync(HttpStatusCode.Created);

        var patch = JsonNode.Parse("""{"icpFiling":"粤ICP备14006357号-2","organiser":null,"contact":{"phone":"020-83123456"}}""");
        await (await Admin.SendAsync(HttpMethod.Patch, url, patch)).ProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await Admin.SendAsync(HttpMethod.Patch, url, patch, "\"7\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        var patched = await Admin.SendAsync(HttpMethod.Patch, url, patch, "\"1\"");

        var changed = await patched.OkJsonAsync();
        Assert.Equal("\"2\"", patched.Headers.ETag!.Tag);
        Assert.Equal(("粤ICP备14006357号-2", "020-83123456", "web@gzsjgdj.gov.cn", null, 2L),
            (changed.Text("icpFiling"), changed["contact"]!.Text("phone"), changed["contact"]!.Text("email"), changed["organiser"], changed["version"]!.GetValue<long>()));
        Assert.Equal(("广州市直属机关党建网", "www.gzsjgdj.gov.cn", LegacyPage.Line(62), "粤公网安备 44010402000201号", 1),
            (changed.Text("name"), changed["domains"]![0]!.GetValue<string>(), changed["copyright"]!.Text("line"), changed.Text("publicSecurityFiling"),
             changed["reviewSteps"]!.GetValue<int>()));
        Assert.Contains("粤ICP备14006357号-2", await (await Anonymous.GetAsync($"{url}/footer")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // refused, and the site as it was: a new key, a field made invalid, a wrong type, no object, no such site
        Assert.Equal("site_key_mismatch", (await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse($$"""{"key":"{{key}}x"}"""), "*"))
            .ProblemAsync(HttpStatusCode.BadRequest)).Text("code"));
        var invalid = await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"name":"","sponsor":null}"""), "*")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["name", "sponsor"], invalid["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Contains("copyright.startYear", (await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""{"copyright":{"startYear":"二〇一六"}}"""), "*"))
            .ProblemAsync(HttpStatusCode.BadRequest)).Text("detail"), StringComparison.Ordinal);
        await (await Admin.SendAsync(HttpMethod.Patch, url, JsonNode.Parse("""["name"]"""), "*")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.SendAsync(HttpMethod.Patch, $"{url}x", patch, "*")).ProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await (await Anonymous.GetAsync(url)).OkJsonAsync();
        Assert.Equal((2L, "广州市直属机关党建网"), (unchanged["version"]!.GetValue<long>(), unchanged.Text("name")));
    }

    [Fact]
    public async Task A_site_with_articles_cannot_be_deleted()
    {
        var key = NewKey();
        await (await Admin.PostJsonAsync("/api/v1/sites", FixtureSite(key))).OkJsonAsync(HttpStatusCode.Created);
        await InsertArticleAsync(key);

        var problem = await (await Admin.DeleteAsync($"/api/v1/sites/{key}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("site_has_content", problem["code"]!.GetValue<string>());
        await (await Anonymous.GetAsync($"/api/v1/sites/{key}")).OkJsonAsync();
    }

    [Fact]
    public async Task Writes_need_a_key()
    {
        var key = NewKey();
        await (await Anonymous.PostJsonAsync("/api/v1/sites", FixtureSite(key))).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Anonymous.SendAsync(HttpMethod.Put, $"/api/v1/sites/{key}", FixtureSite(key), "\"1\"")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Anonymous.DeleteAsync($"/api/v1/sites/{key}")).ProblemAsync(HttpStatusCode.Unauthorized);

        using var wrongKey = App.CreateClient();
        wrongKey.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-key-of-ours-at-all");
        await (await wrongKey.PostJsonAsync("/api/v1/sites", FixtureSite(key))).ProblemAsync(HttpStatusCode.Unauthorized);

        await (await Anonymous.GetAsync($"/api/v1/sites/{key}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_sites_are_404_problems()
    {
        await (await Anonymous.GetAsync("/api/v1/sites/no-such-site")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync("/api/v1/sites/no-such-site/footer")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync("/api/v1/sites/%27%20OR%201%3D1--/footer")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task InsertArticleAsync(string siteKey)
    {
        var database = App.Services.GetRequiredService<CmsApi.Data.Database>();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO channels (site_id, key, name, created_at, updated_at) SELECT id, 'news', '工作动态', 0, 0 FROM sites WHERE key = @siteKey;
            INSERT INTO articles (site_id, channel_id, title, body, created_at, updated_at)
            SELECT s.id, c.id, '固堡垒强基层 抓党建促业务', '{}', 0, 0 FROM sites s JOIN channels c ON c.site_id = s.id WHERE s.key = @siteKey;
            """,
            new { siteKey });
    }

    private static Dictionary<string, object?> ToDictionary(object value) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(System.Text.Json.JsonSerializer.Serialize(value))!;
}
