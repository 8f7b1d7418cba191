using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Import;

public sealed class ImportApiTestsOnSqlite(SqliteDatabase database) : ImportApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class ImportApiTestsOnPostgres(PostgresDatabase database) : ImportApiTests(database), IClassFixture<PostgresDatabase>;

public abstract class ImportApiTests(TestDatabase database) : ApiTest(database)
{
    private static readonly string Page = string.Join("\r\n", LegacyPage.Lines);

    private Task<HttpResponseMessage> ImportText(string site, string text, string query = "channel=news") =>
        Admin.PostAsync($"/api/v1/sites/{site}/articles/import?{query}", new StringContent(text, Encoding.UTF8, "text/plain"));

    [Fact]
    public async Task The_fixture_imports_field_for_field()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var response = await ImportText(site, Page);

        var result = await response.OkJsonAsync(HttpStatusCode.Created);
        var article = result["article"]!;
        Assert.Equal($"/api/v1/sites/{site}/articles/{article.Id()}", response.Headers.Location!.OriginalString);
        Assert.Equal("draft", article.Text("status"));
        Assert.Equal("固堡垒强基层 抓党建促业务", article.Text("title"));
        Assert.Equal(LegacyPage.Line(5)[2..], article.Text("subtitle"));
        Assert.Equal("2022-05-12T11:23:00+08:00", article.Text("publishedAt"));
        Assert.Equal("市生态环境局", article.Text("source"));
        Assert.Equal("刘嘉浩", article.Text("editor"));
        Assert.Equal(1560, result["report"]!["viewCount"]!.GetValue<long>());
        Assert.Equal(LegacyPage.Line(8), article["body"]!["lead"]![0]!.GetValue<string>());
        var sections = article["body"]!["sections"]!.AsArray();
        Assert.Equal(6, sections.Count);
        Assert.All(sections, s => Assert.Equal(3, s!["sections"]!.AsArray().Count));
        var report = result["report"]!;
        Assert.Equal(6, report["sections"]!["level1"]!.GetValue<int>());
        Assert.Equal(18, report["sections"]!["level2"]!.GetValue<int>());
        Assert.Equal("粤ICP备14006357号", report["footer"]!.Text("icpFiling"));
        Assert.Equal("粤公网安备 44010402000201号", report["footer"]!.Text("publicSecurityFiling"));
        Assert.Equal(1, report["headerDate"]!["line"]!.GetValue<int>());
        Assert.Empty(report["warnings"]!.AsArray());
    }

    [Theory]
    [InlineData("gb18030")]
    [InlineData("GBK")]
    [InlineData("gb2312")]
    public async Task A_page_in_a_gb_charset_imports_like_its_utf8_text(string charset)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        // GBK and GB2312 lack © and the no-break space of the fixture; pages written in them had neither.
        var text = charset == "gb18030" ? Page : Page.Replace("©", "(c)", StringComparison.Ordinal).Replace('\u00A0', ' ');
        var gb = CodePagesEncodingProvider.Instance.GetEncoding(charset)!;
        var content = new ByteArrayContent(gb.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"text/plain; charset={charset}");

        var fromGb = (await (await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news", content)).OkJsonAsync(HttpStatusCode.Created))["article"]!;
        var fromUtf8 = (await (await ImportText(await ContentApi.NewSiteAsync(Admin), text)).OkJsonAsync(HttpStatusCode.Created))["article"]!;

        Assert.Equal("固堡垒强基层 抓党建促业务", fromGb.Text("title"));
        foreach (var field in new[] { "subtitle", "source", "editor", "publishedAt", "body" })
        {
            Assert.Equal(fromUtf8[field]!.ToJsonString(), fromGb[field]!.ToJsonString());
        }
    }

    [Fact]
    public async Task The_same_page_imported_many_times_at_once_is_one_article()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        // A scraper run twice, or a retry after a timeout while the first request still runs.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ImportText(site, Page)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        Assert.Single(drafts["items"]!.AsArray());
    }

    [Fact]
    public async Task Json_import_can_publish_and_re_import_is_a_conflict_or_an_update()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var first = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/import", new { text = Page, channel = "news", publish = true }))
            .OkJsonAsync(HttpStatusCode.Created);
        var id = first["article"]!.Id();
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync();

        var again = await (await ImportText(site, Page)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(id, again["existingId"]!.GetValue<long>());

        var changed = Page.Replace(LegacyPage.Line(8), "修改后的导语。", StringComparison.Ordinal).Replace("浏览次数:1560", "浏览次数:9999", StringComparison.Ordinal);
        var updated = await (await ImportText(site, changed, "channel=news&mode=update")).OkJsonAsync();
        Assert.Equal(id, updated["article"]!.Id());
        Assert.Equal("修改后的导语。", updated["article"]!["body"]!["lead"]![0]!.GetValue<string>());
        Assert.Equal(1560, await ContentApi.ViewCountAsync(Anonymous, site, id)); // the starting count is set once
        var list = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=published")).OkJsonAsync();
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact]
    public async Task The_footer_is_applied_to_the_site_on_request()
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var result = await (await ImportText(site, Page, "channel=news&applyFooter=true")).OkJsonAsync(HttpStatusCode.Created);

        Assert.True(result["report"]!["footer"]!["appliedToSite"]!.GetValue<bool>());
        var footer = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/footer")).OkJsonAsync();
        Assert.Equal([LegacyPage.Line(60), LegacyPage.Line(62), LegacyPage.Line(64), LegacyPage.Line(66)],
            footer["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public async Task A_footer_written_by_an_import_shows_at_once_in_every_article_of_the_site()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var other = await ContentApi.PublishedAsync(Admin, site, "别的文章", ContentApi.Published);
        var url = $"/api/v1/sites/{site}/articles/{other}/metadata";
        async Task<string> SiteCodeAsync() =>
            (await (await Anonymous.GetAsync(url)).OkJsonAsync())["metaTags"]!.AsArray().Single(t => t!.Text("name") == "SiteIDCode")!.Text("content");
        Assert.Equal("", await SiteCodeAsync());
        Assert.Equal("", await SiteCodeAsync()); // asked twice: now kept in memory
        var page = Page.Replace(LegacyPage.Line(66), LegacyPage.Line(66) + "\r\n\r\n网站标识码：4401000041", StringComparison.Ordinal);

        var result = await (await ImportText(site, page, "channel=news&applyFooter=true")).OkJsonAsync(HttpStatusCode.Created);

        Assert.Equal("4401000041", result["report"]!["footer"]!.Text("siteCode"));
        Assert.Equal("4401000041", await SiteCodeAsync());
    }

    [Fact]
    public async Task Export_as_text_then_import_gives_an_equal_article()
    {
        var from = await ContentApi.NewSiteAsync(Admin);
        var to = await ContentApi.NewSiteAsync(Admin);
        var original = (await (await ImportText(from, Page)).OkJsonAsync(HttpStatusCode.Created))["article"]!;
        var export = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{from}/articles/{original.Id()}");
        export.Headers.Accept.ParseAdd("text/plain");
        var text = await (await Admin.SendAsync(export)).Content.ReadAsStringAsync();

        var copy = (await (await ImportText(to, text)).OkJsonAsync(HttpStatusCode.Created))["article"]!;

        foreach (var field in new[] { "title", "subtitle", "source", "editor", "publishedAt", "channel", "status" })
        {
            Assert.True(JsonNode.DeepEquals(original[field], copy[field]), $"{field}: {original[field]} ≠ {copy[field]}");
        }
        Assert.True(JsonNode.DeepEquals(original["body"], copy["body"]), "the bodies differ");
    }

    [Fact]
    public async Task A_regulation_exports_as_text_and_imports_back_equal()
    {
        var (text, original, imported) = await ExportAndImportAsync(Articles.ArticlesApiTests.Regulation);

        Assert.Contains("\n\n第二章　资产管理\n\n第一节　一般规定\n\n第三条　机关不得有下列行为：\n\n（一）擅自处置国有资产；\n\n", text, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(original["body"], imported["body"]), $"the bodies differ: {original["body"]} ≠ {imported["body"]}");
    }

    [Theory]
    [InlineData("regulationInParts", "第三章")] // 第二编's chapter goes on from 第一编's
    [InlineData("codeInParts", "第一章")]       // it starts again
    public async Task A_regulation_in_parts_exports_as_text_and_imports_back_equal(string numbering, string chapter)
    {
        var (text, original, imported) = await ExportAndImportAsync(Articles.ArticlesApiTests.InParts(numbering));

        Assert.Contains($"\n\n第二编　分则\n\n{chapter}　对违反政治纪律行为的处分\n\n第一节　一般规定\n\n第三条　有下列行为之一的，给予处分：\n\n", text, StringComparison.Ordinal);
        Assert.Equal(numbering, imported["body"]!.Text("numbering"));
        Assert.True(JsonNode.DeepEquals(original["body"], imported["body"]), $"the bodies differ: {original["body"]} ≠ {imported["body"]}");
    }

    [Fact]
    public async Task A_disclosed_document_exports_as_text_and_imports_back_with_its_catalogue()
    {
        var from = await ContentApi.NewSiteAsync(Admin);
        var to = await ContentApi.NewSiteAsync(Admin);
        var original = await ContentApi.CreateAsync(Admin, from, new
        {
            channel = "news", title = "国务院办公厅关于进一步优化营商环境的通知", publishedAt = ContentApi.Published,
            body = new { lead = new[] { "各省、自治区、直辖市人民政府：" }, sections = new[] { new { title = "总体要求", paragraphs = new[] { "坚持市场化原则。" } } } },
            disclosure = new
            {
                indexNumber = "000014349/2022-00028", subject = @"综合政务\政务公开", issuingAgency = "国务院办公厅", writtenOn = "2022-05-09",
                documentNumber = "国办发〔2022〕15号", validity = "有效",
            },
        });
        var export = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{from}/articles/{original.Id()}");
        export.Headers.Accept.ParseAdd("text/plain");
        var text = await (await Admin.SendAsync(export)).Content.ReadAsStringAsync();

        Assert.Contains("\n\n索引号：000014349/2022-00028\n\n主题分类：综合政务\\政务公开\n\n发文机关：国务院办公厅\n\n成文日期：2022年05月09日\n\n", text, StringComparison.Ordinal);
        var imported = await (await ImportText(to, text)).OkJsonAsync(HttpStatusCode.Created);
        Assert.True(JsonNode.DeepEquals(original["disclosure"], imported["article"]!["disclosure"]), $"{original["disclosure"]} ≠ {imported["article"]!["disclosure"]}");
        Assert.True(JsonNode.DeepEquals(original["body"], imported["article"]!["body"]), "the bodies differ");
        Assert.Equal(6, imported["report"]!["catalogue"]!.AsArray().Count);
    }

    /// <summary>Creates an article of <paramref name="body"/> on one site, exports it as text, and imports that into another.</summary>
    private async Task<(string Text, JsonNode Original, JsonNode Imported)> ExportAndImportAsync(object body)
    {
        var from = await ContentApi.NewSiteAsync(Admin);
        var to = await ContentApi.NewSiteAsync(Admin);
        var original = await ContentApi.CreateAsync(Admin, from, new
        {
            channel = "news", title = "某市机关事务管理办法", editor = "王五", publishedAt = ContentApi.Published, body,
        });
        var export = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{from}/articles/{original.Id()}");
        export.Headers.Accept.ParseAdd("text/plain");
        var text = await (await Admin.SendAsync(export)).Content.ReadAsStringAsync();
        return (text, original, (await (await ImportText(to, text)).OkJsonAsync(HttpStatusCode.Created))["article"]!);
    }

    [Theory]
    [InlineData(true, "附件：1.清单|2.表格|市应急管理局|二〇二三年二月一日|（此件公开发布）")] // printed before the editor line
    [InlineData(false, "欢迎批评指正。|某局办公室")]                                    // not recognisable: after it
    public async Task A_closing_exports_as_text_and_imports_back(bool beforeEditor, string closing)
    {
        var from = await ContentApi.NewSiteAsync(Admin);
        var to = await ContentApi.NewSiteAsync(Admin);
        var original = await ContentApi.CreateAsync(Admin, from, new
        {
            channel = "news", title = "通知", editor = "张三", publishedAt = ContentApi.Published,
            body = new { lead = new[] { "各单位：" }, sections = new[] { new { title = "要求", paragraphs = new[] { "按时报送。" } } }, closing = closing.Split('|') },
        });
        var export = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{from}/articles/{original.Id()}");
        export.Headers.Accept.ParseAdd("text/plain");
        var text = await (await Admin.SendAsync(export)).Content.ReadAsStringAsync();

        Assert.Equal(beforeEditor, text.IndexOf(closing.Split('|')[^1], StringComparison.Ordinal) < text.IndexOf("责任编辑", StringComparison.Ordinal));
        var copy = (await (await ImportText(to, text)).OkJsonAsync(HttpStatusCode.Created))["article"]!;
        Assert.True(JsonNode.DeepEquals(original["body"], copy["body"]), $"the bodies differ: {original["body"]} ≠ {copy["body"]}");
    }

    [Fact]
    public async Task An_article_imported_from_a_long_page_can_be_replaced_with_what_was_read()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var page = new StringBuilder("一部长篇报告\n发布时间：2023-02-01 09:30 来源：市统计局\n");
        for (var section = 1; section <= 200; section++)
        {
            page.Append(section).Append(".第").Append(section).Append("部分\n");
            for (var paragraph = 0; paragraph < 5; paragraph++)
            {
                page.Append(new string('统', 399)).Append("。\n"); // 400,000 characters in all, within an article's 500,000
            }
        }
        var imported = (await (await ImportText(site, page.ToString())).OkJsonAsync(HttpStatusCode.Created))["article"]!;
        var url = $"/api/v1/sites/{site}/articles/{imported.Id()}";
        var read = await (await Admin.GetAsync(url)).OkJsonAsync();
        var input = new JsonObject();
        foreach (var field in new[] { "channel", "title", "source", "publishedAt", "body" })
        {
            input[field] = read[field]!.DeepClone();
        }

        // 1.2 MB of JSON: more than other routes take, and it must go back in
        var replaced = await Admin.SendAsync(HttpMethod.Put, url, input, $"\"{read["version"]}\"");

        Assert.True(JsonNode.DeepEquals(read["body"], (await replaced.OkJsonAsync())["body"]), "the body changed");
    }

    [Fact]
    public async Task A_batch_imports_each_page_on_its_own()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var good = new JsonObject { ["text"] = Page, ["channel"] = "news" }.ToJsonString();
        var other = new JsonObject { ["text"] = "另一篇文章\n发布时间：2022-01-02 10:00 来源：某局\n正文。", ["channel"] = "notices", ["publish"] = true }.ToJsonString();
        var untitled = new JsonObject { ["text"] = "发布时间：2023-01-02\n正文", ["channel"] = "news" }.ToJsonString();
        var unknownChannel = new JsonObject { ["text"] = "第三篇\n正文", ["channel"] = "nowhere" }.ToJsonString();
        var body = string.Join('\n', good, "{not json", untitled, "", other, unknownChannel);

        var response = await Admin.PostAsync($"/api/v1/sites/{site}/articles/import/batch", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        var result = await response.OkJsonAsync();
        Assert.Equal([201, 400, 400, 201, 400], result["items"]!.AsArray().Select(i => i!["status"]!.GetValue<int>()));
        Assert.Equal([1, 2, 3, 5, 6], result["items"]!.AsArray().Select(i => i!["line"]!.GetValue<int>()));
        Assert.Equal((2, 0, 3), (result["created"]!.GetValue<int>(), result["updated"]!.GetValue<int>(), result["failed"]!.GetValue<int>()));
        Assert.Equal("This line is not valid JSON.", result["items"]![1]!.Text("detail"));
        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        var published = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles")).OkJsonAsync();
        Assert.Equal(["固堡垒强基层 抓党建促业务"], drafts["items"]!.AsArray().Select(a => a!.Text("title")));
        Assert.Equal(["另一篇文章"], published["items"]!.AsArray().Select(a => a!.Text("title")));
    }

    [Fact]
    public async Task Bad_imports_are_4xx_and_write_nothing()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var invalidUtf8 = new ByteArrayContent([0xE5, 0x9B, 0xFF, 0xFE, 0x0A]);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        Assert.Equal("invalid_utf8", (await (await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news", invalidUtf8)).ProblemAsync(HttpStatusCode.BadRequest)).Text("code"));
        var invalidGb = new ByteArrayContent([0xB9, 0xCC, 0xFF, 0x0A]); // 固, then a byte GB18030 does not begin a character with
        invalidGb.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; charset=GBK");
        Assert.Equal("invalid_gb18030", (await (await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news", invalidGb)).ProblemAsync(HttpStatusCode.BadRequest)).Text("code"));
        var big5 = new ByteArrayContent(Encoding.UTF8.GetBytes(Page));
        big5.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; charset=big5");
        Assert.Equal("unsupported_charset", (await (await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news", big5)).ProblemAsync(HttpStatusCode.UnsupportedMediaType)).Text("code"));
        await (await Admin.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news", new StringContent(Page, Encoding.UTF8, "application/xml"))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("channel", (await (await ImportText(site, Page, "channel=nowhere")).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("channel", (await (await ImportText(site, Page, "")).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        await (await ImportText(site, Page, "channel=news&mode=merge")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await ImportText(site, "   \n\n")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await ImportText("no-such-site", Page)).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostRawAsync($"/api/v1/sites/{site}/articles/import", "{\"text\":5}")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Anonymous.PostAsync($"/api/v1/sites/{site}/articles/import?channel=news", new StringContent(Page, Encoding.UTF8, "text/plain"))).ProblemAsync(HttpStatusCode.Unauthorized);

        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        Assert.Empty(drafts["items"]!.AsArray());
    }
}
