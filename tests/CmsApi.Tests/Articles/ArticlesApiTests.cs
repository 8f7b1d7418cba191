using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Articles;

public sealed class ArticlesApiTestsOnSqlite(SqliteDatabase database) : ArticlesApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class ArticlesApiTestsOnPostgres(PostgresDatabase database) : ArticlesApiTests(database), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_purge_that_meets_a_restore_committed_while_it_ran_purges_nothing()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "正在恢复" })).Id();
        await (await Admin.PostJsonAsync($"{articles}/{id}/trash", new { })).OkJsonAsync();

        // a restore by another instance holds the row, and commits once the purge has read it as trashed
        await using var other = await App.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        await using var restore = await other.BeginTransactionAsync();
        await other.ExecuteAsync("UPDATE articles SET status = 'draft', version = version + 1 WHERE id = @id", new { id }, restore);
        var purging = Admin.DeleteAsync($"{articles}/{id}");
        await Task.Delay(500);
        await restore.CommitAsync();

        await (await purging).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("draft", (await (await Admin.GetAsync($"{articles}/{id}")).OkJsonAsync()).Text("status"));
    }
}

public abstract class ArticlesApiTests(TestDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task The_fixture_article_is_served_back_so_a_front_end_can_redraw_the_page()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var created = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", FixtureArticle.Input(slug: "固堡垒强基层"));
        var draft = await created.OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("draft", draft.Text("status"));
        Assert.Equal($"/api/v1/sites/{site}/articles/{draft.Id()}", created.Headers.Location!.OriginalString);
        Assert.StartsWith("\"1-", created.Headers.ETag!.Tag, StringComparison.Ordinal); // version 1, then what else the JSON shows
        await ContentApi.PublishAsync(Admin, site, draft.Id());

        var article = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{draft.Id()}")).OkJsonAsync();

        Assert.Equal("固堡垒强基层 抓党建促业务", article.Text("title"));
        Assert.Equal(LegacyPage.Line(5)[2..], article.Text("subtitle"));
        Assert.Equal("市生态环境局", article.Text("source"));
        Assert.Equal("刘嘉浩", article.Text("editor"));
        Assert.Equal("2022-05-12T11:23:00+08:00", article.Text("publishedAt"));
        Assert.Equal("published", article.Text("status"));
        var body = article["body"]!;
        Assert.Equal([LegacyPage.Line(8)], body["lead"]!.AsArray().Select(p => p!.GetValue<string>()));
        var sections = body["sections"]!.AsArray();
        Assert.Equal(6, sections.Count);
        for (var i = 0; i < 6; i++)
        {
            var heading = LegacyPage.Line(FixtureArticle.Headings[i]);
            Assert.Equal(heading[..2], sections[i]!.Text("label")); // 一、 … 六、
            Assert.Equal(heading[2..], sections[i]!.Text("title"));
            var subsections = sections[i]!["sections"]!.AsArray();
            Assert.Equal(3, subsections.Count);
            for (var j = 0; j < 3; j++)
            {
                var (title, text) = FixtureArticle.Split(LegacyPage.Line(FixtureArticle.Headings[i] + 2 + 2 * j));
                Assert.Equal($"{i + 1}.{j + 1}", subsections[j]!.Text("path"));
                Assert.Equal(title, subsections[j]!.Text("title"));
                Assert.Equal([text], subsections[j]!["paragraphs"]!.AsArray().Select(p => p!.GetValue<string>()));
            }
        }
        // by slug too
        var bySlug = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{Uri.EscapeDataString("固堡垒强基层")}")).OkJsonAsync();
        Assert.Equal(draft.Id(), bySlug.Id());
    }

    /// <summary>A 办法 as portals publish them: 章 and 节 with titles, 条 numbered through the chapters, their 项 and 目.</summary>
    public static object Regulation => new
    {
        numbering = "regulation",
        lead = new[] { "（2023年5月12日市人民政府第8次常务会议通过）" },
        sections = new object[]
        {
            new { title = "总则", sections = new[] { new { paragraphs = new[] { "为了规范机关事务管理，制定本办法。" } }, new { paragraphs = new[] { "本办法适用于本市各级机关。", "事业单位参照执行。" } } } },
            new
            {
                title = "资产管理",
                sections = new object[]
                {
                    new
                    {
                        title = "一般规定",
                        sections = new[]
                        {
                            new
                            {
                                paragraphs = new[] { "机关不得有下列行为：" },
                                sections = new object[]
                                {
                                    new { paragraphs = new[] { "擅自处置国有资产；" } },
                                    new { paragraphs = new[] { "违规出租、出借办公用房，包括：" }, sections = new[] { new { paragraphs = new[] { "出租给企业；" } }, new { paragraphs = new[] { "出借给个人。" } } } },
                                },
                            },
                        },
                    },
                    new { title = "监督检查", sections = new[] { new { paragraphs = new[] { "主管部门应当加强监督检查。" } } } },
                },
            },
            new { title = "附则", sections = new[] { new { paragraphs = new[] { "本办法自2023年7月1日起施行。" } } } },
        },
    };

    /// <summary>A regulation or code with 编 above its chapters (<paramref name="numbering"/>: <c>regulationInParts</c> or
    /// <c>codeInParts</c>): 第一编 with two 章, 第二编 with one 章 of one 节, whose 条 has a 项 with a 目.</summary>
    public static object InParts(string numbering) => new
    {
        numbering,
        sections = new object[]
        {
            new
            {
                title = "总则",
                sections = new[]
                {
                    new { title = "任务", sections = new[] { new { paragraphs = new[] { "为了维护党的章程，制定本条例。" } } } },
                    new { title = "原则", sections = new[] { new { paragraphs = new[] { "坚持纪严于法。" } } } },
                },
            },
            new
            {
                title = "分则",
                sections = new[]
                {
                    new
                    {
                        title = "对违反政治纪律行为的处分",
                        sections = new[]
                        {
                            new
                            {
                                title = "一般规定",
                                sections = new[]
                                {
                                    new
                                    {
                                        paragraphs = new[] { "有下列行为之一的，给予处分：" },
                                        sections = new[] { new { paragraphs = new[] { "公开发表文章；" }, sections = new[] { new { paragraphs = new[] { "在网络上发表的。" } } } } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    };

    [Fact]
    public async Task A_regulation_is_numbered_as_laws_are_and_its_answer_goes_back_unchanged()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var created = await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "某市机关事务管理办法", body = Regulation });
        var url = $"/api/v1/sites/{site}/articles/{created.Id()}";

        var body = created["body"]!;
        Assert.Equal("regulation", body.Text("numbering"));
        var labels = new List<string>();
        void Collect(JsonNode? sections)
        {
            foreach (var section in sections!.AsArray().Select(s => s!))
            {
                labels.Add(section.Text("path") + " " + section.Text("label"));
                Collect(section["sections"]);
            }
        }
        Collect(body["sections"]);
        Assert.Equal(["1 第一章", "1.1 第一条", "1.2 第二条", "2 第二章", "2.1 第一节", "2.1.1 第三条", "2.1.1.1 （一）", "2.1.1.2 （二）",
            "2.1.1.2.1 1.", "2.1.1.2.2 2.", "2.2 第二节", "2.2.1 第四条", "3 第三章", "3.1 第五条"], labels);
        var outline = await (await Admin.GetAsync($"{url}/sections")).OkJsonAsync();
        Assert.Equal("第二章", outline[1]!.Text("label"));
        var cited = await (await Admin.GetAsync($"{url}/sections/{Uri.EscapeDataString("第三条")}")).OkJsonAsync();
        Assert.Equal(("2.1.1", "机关不得有下列行为："), (cited.Text("path"), cited["paragraphs"]![0]!.GetValue<string>()));
        await (await Admin.GetAsync($"{url}/sections/{Uri.EscapeDataString("第九条")}")).ProblemAsync(HttpStatusCode.NotFound);
        var division = await (await Admin.GetAsync($"{url}/sections/{Uri.EscapeDataString("第二章第二节")}")).OkJsonAsync(); // a 节 with its 章
        Assert.Equal(("2.2", "监督检查"), (division.Text("path"), division.Text("title")));

        // what was read goes back as it is, labels and all, and comes back the same
        var replaced = await (await Admin.SendAsync(HttpMethod.Put, url, new JsonObject
        {
            ["channel"] = "news", ["title"] = "某市机关事务管理办法", ["body"] = body.DeepClone(),
        }, "*")).OkJsonAsync();
        Assert.True(JsonNode.DeepEquals(body, replaced["body"]), $"{body} ≠ {replaced["body"]}");
        // as text and Markdown, printed as laws are: 章 and 节 with their titles, each 条 led by its number
        var markdown = new HttpRequestMessage(HttpMethod.Get, url);
        markdown.Headers.Accept.ParseAdd("text/markdown");
        var md = await (await Admin.SendAsync(markdown)).Content.ReadAsStringAsync();
        Assert.Contains("\n## 第二章　资产管理\n\n### 第一节　一般规定\n\n**第三条**　机关不得有下列行为：\n\n（一）擅自处置国有资产；\n\n" +
                        "（二）违规出租、出借办公用房，包括：\n\n1\\.出租给企业；\n\n", md, StringComparison.Ordinal);
        // a document's body names no numbering, as bodies stored before there was a choice
        var document = await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "通知", body = new { sections = new[] { new { title = "要求" } } } });
        Assert.False(document["body"]!.AsObject().ContainsKey("numbering"));
        Assert.Equal("一、", document["body"]!["sections"]![0]!.Text("label"));
    }

    [Fact]
    public async Task The_outline_and_section_2_1_answer()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, FixtureArticle.Input())).Id();
        await ContentApi.PublishAsync(Admin, site, id);

        var outline = (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/sections")).OkJsonAsync()).AsArray();
        var section = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/sections/2.1")).OkJsonAsync();

        Assert.Equal(["一、", "二、", "三、", "四、", "五、", "六、"], outline.Select(s => s!.Text("label")));
        Assert.Equal(["1.1", "1.2", "1.3"], outline[0]!["sections"]!.AsArray().Select(s => s!.Text("path")));
        Assert.Null(outline[0]!["paragraphs"]);
        Assert.Equal("（一）", section.Text("label"));
        Assert.Equal("用党的创新理论“导航”", section.Text("title"));
        Assert.StartsWith("始终把政治理论学习摆在重要位置", section["paragraphs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var missing in new[] { "7", "2.4", "0", "2.1.1", "x", "1.1.1.1.1" })
        {
            await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/sections/{missing}")).ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Metadata_carries_the_page_head()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, FixtureArticle.Input("departments"))).Id();
        await ContentApi.PublishAsync(Admin, site, id);

        var metadata = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/metadata")).OkJsonAsync();

        Assert.Equal(["news", "departments"], metadata["breadcrumb"]!.AsArray().Select(c => c!.Text("key")));
        // an independent count: CJK characters plus runs of ASCII letters/digits, over every text of the body
        var texts = new List<string> { LegacyPage.Line(8) };
        foreach (var h in FixtureArticle.Headings)
        {
            texts.Add(LegacyPage.Line(h)[2..]);
            texts.AddRange(new[] { h + 2, h + 4, h + 6 }.SelectMany(n => { var (t, x) = FixtureArticle.Split(LegacyPage.Line(n)); return new[] { t, x }; }));
        }
        var expected = texts.Sum(t => System.Text.RegularExpressions.Regex.Count(t, @"\p{IsCJKUnifiedIdeographs}|[A-Za-z0-9]+"));
        Assert.Equal(expected, metadata["wordCount"]!.GetValue<int>());
        Assert.Equal((expected + 399) / 400, metadata["readingMinutes"]!.GetValue<int>());
        Assert.StartsWith("市生态环境局全面贯彻落实", metadata.Text("description"), StringComparison.Ordinal);
        var tags = metadata["metaTags"]!.AsArray().ToDictionary(t => t!.Text("name"), t => t!.Text("content"));
        Assert.Equal("固堡垒强基层 抓党建促业务", tags["ArticleTitle"]);
        Assert.Equal("2022-05-12 11:23", tags["PubDate"]);
        Assert.Equal("市生态环境局", tags["ContentSource"]);
        Assert.Equal("测试网", tags["SiteName"]);
        Assert.Equal("www.example.gov.cn", tags["SiteDomain"]);
        Assert.Equal("部门动态", tags["ColumnName"]);
        Assert.Equal($"https://www.example.gov.cn/articles/{id}", metadata.Text("canonicalUrl"));
    }

    [Fact]
    public async Task Adjacent_articles_are_the_channels_list_around_one_and_move_when_it_changes()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var at = ContentApi.Published;
        var first = await ContentApi.PublishedAsync(Admin, site, "第一篇", at);
        var second = await ContentApi.PublishedAsync(Admin, site, "第二篇", at.AddHours(1));
        var tied = await ContentApi.PublishedAsync(Admin, site, "同时发布", at.AddHours(1)); // the same time: the list orders by id
        var third = await ContentApi.PublishedAsync(Admin, site, "第三篇", at.AddHours(2));
        await ContentApi.PublishedAsync(Admin, site, "别的栏目", at.AddMinutes(90), channel: "notices");
        await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿", publishedAt = at.AddMinutes(30) });
        async Task<string> AdjacentAsync(long id)
        {
            var adjacent = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/adjacent")).OkJsonAsync();
            return $"{adjacent["newer"]?["title"]}|{adjacent["older"]?["title"]}";
        }

        var list = (await ContentApi.PageThroughAsync(Anonymous, $"/api/v1/sites/{site}/articles?channel=news")).Select(a => a.Text("title")).ToList();
        Assert.Equal(["第三篇", "同时发布", "第二篇", "第一篇"], list);
        Assert.Equal("第二篇|", await AdjacentAsync(first));
        Assert.Equal("同时发布|第一篇", await AdjacentAsync(second));
        Assert.Equal("第三篇|第二篇", await AdjacentAsync(tied));
        Assert.Equal("|同时发布", await AdjacentAsync(third));

        // read twice (kept), then an article published between them: the next read shows it
        Assert.Equal("第三篇|第二篇", await AdjacentAsync(tied));
        await ContentApi.PublishedAsync(Admin, site, "插入", at.AddMinutes(90));
        Assert.Equal("插入|第二篇", await AdjacentAsync(tied));
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/999999/adjacent")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Attachments_are_served_in_order_replaced_by_a_patch_and_restored_with_a_revision()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var created = await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "notices", title = "关于申报的通知",
            attachments = new object[]
            {
                new { name = " 附件1：申报表.docx ", url = "https://www.example.gov.cn/files/申报表 (2022).docx", size = 24576 },
                new { name = "附件2：说明.pdf", url = "/files/2.pdf" },
            },
        });
        var id = created.Id();
        var url = $"/api/v1/sites/{site}/articles/{id}";
        static string Files(JsonNode article) =>
            string.Join(" | ", article["attachments"]!.AsArray().Select(a => $"{a!.Text("name")} {a!.Text("url")} {a!["size"]}"));

        Assert.Equal("附件1：申报表.docx https://www.example.gov.cn/files/申报表 (2022).docx 24576 | 附件2：说明.pdf /files/2.pdf ",
            Files(await (await Admin.GetAsync(url)).OkJsonAsync()));
        var markdown = new HttpRequestMessage(HttpMethod.Get, url);
        markdown.Headers.Accept.ParseAdd("text/markdown");
        Assert.Contains("附件：[附件1：申报表.docx](<https://www.example.gov.cn/files/申报表 (2022).docx>)",
            await (await Admin.SendAsync(markdown)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var patched = await (await Admin.SendAsync(HttpMethod.Patch, url, new { attachments = new[] { new { name = "新附件.pdf", url = "/files/3.pdf" } } },
            ifMatch: "*")).OkJsonAsync();
        Assert.Equal("新附件.pdf /files/3.pdf ", Files(patched));
        Assert.Empty((await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "无附件" }))["attachments"]!.AsArray());

        var restored = await (await Admin.PostJsonAsync($"{url}/revisions/1/restore", new { })).OkJsonAsync();
        Assert.Equal(2, restored["attachments"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_disclosed_document_keeps_its_catalogue_fields_and_is_found_by_its_document_number()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        foreach (var (bad, field) in new[]
                 {
                     ("""{"writtenOn":"2022-13-45"}""", "'$.disclosure.writtenOn' should be a date as yyyy-MM-dd (2022-05-12)"),
                     ("""{"writtenOn":"2022-05-12T10:00:00+08:00"}""", "'$.disclosure.writtenOn' should be a date"),
                     ("""{"writtenOn":"1899-12-31"}""", "disclosure.writtenOn"), ("""{"subject":"综合\u0007政务"}""", "disclosure.subject"),
                     ($$"""{"documentNumber":"{{new string('号', 101)}}"}""", "disclosure.documentNumber"), ("""{"validity":7}""", "'$.disclosure.validity' should be a string"),
                 })
        {
            var refused = await (await Admin.PostRawAsync(url, $$"""{"channel":"news","title":"公开","disclosure":{{bad}}}"""))
                .ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(field.StartsWith('\'') // a value of the wrong kind is named by the detail, one that breaks a rule by its field
                ? refused.Text("detail").StartsWith(field, StringComparison.Ordinal)
                : refused["errors"]!.AsObject().Any(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)), $"{bad}: {refused}");
        }
        Assert.Empty((await (await Admin.GetAsync($"{url}?status=draft")).OkJsonAsync())["items"]!.AsArray()); // none written

        var id = (await ContentApi.CreateAsync(Admin, site, new
        {
            channel = "notices", title = "国务院办公厅关于进一步优化营商环境的通知", publishedAt = ContentApi.Published,
            body = new { lead = new[] { "各省、自治区、直辖市人民政府：" } },
            disclosure = new
            {
                indexNumber = " 000014349/2022-00028 ", subject = @"综合政务\政务公开", issuingAgency = "国务院办公厅",
                writtenOn = "2022-05-09", documentNumber = "国办发［２０２２］15号", validity = "有效",
            },
        })).Id();
        await ContentApi.PublishAsync(Admin, site, id);

        var disclosure = (await (await Anonymous.GetAsync($"{url}/{id}")).OkJsonAsync())["disclosure"]!;
        Assert.Equal(("000014349/2022-00028", @"综合政务\政务公开", "国务院办公厅", "2022-05-09", "国办发〔2022〕15号", "有效"),
            (disclosure.Text("indexNumber"), disclosure.Text("subject"), disclosure.Text("issuingAgency"), disclosure.Text("writtenOn"),
             disclosure.Text("documentNumber"), disclosure.Text("validity")));
        // found by its 发文字号 as it is cited, in any of its brackets
        foreach (var q in new[] { "国办发〔2022〕15号", "\"国办发〔2022〕15号\"", "国办发[2022]15号" })
        {
            var found = await (await Anonymous.GetAsync($"{url}?q={Uri.EscapeDataString(q)}")).OkJsonAsync();
            Assert.Equal([id], found["items"]!.AsArray().Select(item => item!.Id()));
        }
        Assert.Empty((await (await Anonymous.GetAsync($"{url}?q={Uri.EscapeDataString("国办发〔2021〕15号")}")).OkJsonAsync())["items"]!.AsArray());
        // the catalogue in Markdown and the page's metadata
        using var asMarkdown = new HttpRequestMessage(HttpMethod.Get, $"{url}/{id}");
        asMarkdown.Headers.Accept.ParseAdd("text/markdown");
        var markdown = await (await Anonymous.SendAsync(asMarkdown)).Content.ReadAsStringAsync();
        Assert.Contains("\n\n- 索引号：000014349/2022-00028\n- 主题分类：综合政务\\\\政务公开\n- 发文机关：国务院办公厅\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- 成文日期：2022年05月09日\n- 发文字号：国办发〔2022〕15号\n- 有效性：有效\n", markdown, StringComparison.Ordinal);
        var metadata = await (await Anonymous.GetAsync($"{url}/{id}/metadata")).OkJsonAsync();
        Assert.Equal("2022-05-09", metadata["disclosure"]!.Text("writtenOn"));

        // a document repealed: a merge patch changes 有效性 alone; blanking every field leaves none
        var current = await Admin.GetAsync($"{url}/{id}");
        var patched = await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{id}", new { disclosure = new { validity = "废止" } },
            current.Headers.ETag!.Tag)).OkJsonAsync();
        Assert.Equal(("废止", "国办发〔2022〕15号", "2022-05-09"),
            (patched["disclosure"]!.Text("validity"), patched["disclosure"]!.Text("documentNumber"), patched["disclosure"]!.Text("writtenOn")));
        var blanked = await (await Admin.SendAsync(HttpMethod.Put, $"{url}/{id}", new
        {
            channel = "notices", title = "通知", disclosure = new { indexNumber = " ", documentNumber = "" },
        }, "*")).OkJsonAsync();
        Assert.Null(blanked["disclosure"]);
        var before = await (await Admin.GetAsync($"{url}/{id}/revisions/{patched["version"]}")).OkJsonAsync();
        Assert.Equal("废止", before["article"]!["disclosure"]!.Text("validity"));
    }

    [Fact]
    public async Task A_disclosure_catalogue_lists_documents_by_agency_subject_number_and_validity()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        async Task<long> DocumentAsync(string title, int day, object disclosure)
        {
            var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title, publishedAt = ContentApi.Published.AddDays(day), disclosure })).Id();
            await ContentApi.PublishAsync(Admin, site, id);
            return id;
        }
        var notice = await DocumentAsync("通知", 1, new { issuingAgency = "市政府办公厅", subject = @"综合政务\政务公开", documentNumber = "某府办〔2022〕1号", validity = "有效" });
        var rules = await DocumentAsync("办法", 2, new { issuingAgency = "市政府办公厅", subject = "综合政务", documentNumber = "某府办〔2022〕2号", validity = "废止" });
        var plan = await DocumentAsync("规划", 3, new { issuingAgency = "市发展改革委", subject = @"综合政务下属", documentNumber = "某发改〔2022〕3号", validity = "有效" });
        var news = await ContentApi.PublishedAsync(Admin, site, "动态", ContentApi.Published.AddDays(4));

        async Task<long[]> Listed(string query) =>
            (await (await Anonymous.GetAsync($"{url}?{query}")).OkJsonAsync())["items"]!.AsArray().Select(item => item!.Id()).ToArray();

        Assert.Equal([plan, rules, notice], await Listed("channel=notices"));
        Assert.Equal([rules, notice], await Listed($"issuingAgency={Uri.EscapeDataString("市政府办公厅")}"));
        // a 主题分类 lists those below it, not another that merely starts alike
        Assert.Equal([rules, notice], await Listed($"subject={Uri.EscapeDataString("综合政务")}"));
        Assert.Equal([notice], await Listed($"subject={Uri.EscapeDataString(@"综合政务\政务公开")}"));
        Assert.Equal([plan, notice], await Listed($"validity={Uri.EscapeDataString("有效")}"));
        Assert.Equal([rules], await Listed($"documentNumber={Uri.EscapeDataString("某府办[2022]2号")}"));
        Assert.Equal([notice], await Listed($"validity={Uri.EscapeDataString("有效")}&issuingAgency={Uri.EscapeDataString("市政府办公厅")}&limit=1"));
        Assert.Empty(await Listed($"issuingAgency={Uri.EscapeDataString("市政府办公厅")}&validity={Uri.EscapeDataString("失效")}"));
        Assert.Equal([news, plan, rules, notice], await Listed("validity=%20")); // a blank filter is none
        // each item carries what the 目录's table prints (the fields, in the article's form); an article that is no
        // document, nothing
        var items = (await (await Anonymous.GetAsync($"{url}?limit=2")).OkJsonAsync())["items"]!.AsArray();
        Assert.Equal((news, null), (items[0]!.Id(), items[0]!["disclosure"]));
        Assert.Equal((await (await Anonymous.GetAsync($"{url}/{plan}")).OkJsonAsync())["disclosure"]!.ToJsonString(), items[1]!["disclosure"]!.ToJsonString());
        // paged by the cursor within the filter
        var first = await (await Anonymous.GetAsync($"{url}?issuingAgency={Uri.EscapeDataString("市政府办公厅")}&limit=1")).OkJsonAsync();
        Assert.Equal(rules, first["items"]![0]!.Id());
        Assert.Equal([notice], await Listed($"issuingAgency={Uri.EscapeDataString("市政府办公厅")}&limit=1&cursor={first.Text("nextCursor")}"));
        var refused = await (await Anonymous.GetAsync($"{url}?subject={new string('类', 101)}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("subject", refused["errors"]!.AsObject().Select(e => e.Key), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_disclosure_catalogue_is_sorted_and_bounded_by_written_on_and_paged_in_that_order()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        async Task<long> DocumentAsync(string title, int day, string? writtenOn, string channel = "notices", string[]? tags = null, bool publish = true)
        {
            var id = (await ContentApi.CreateAsync(Admin, site, new
            {
                channel, title, publishedAt = ContentApi.Published.AddDays(day), tags = tags ?? [],
                body = new { lead = new[] { title + "的导语。" } }, disclosure = new { issuingAgency = "市政府办公厅", writtenOn },
            })).Id();
            if (publish)
            {
                await ContentApi.PublishAsync(Admin, site, id);
            }
            return id;
        }
        // 成文日期 in another order than 发布时间, and a tie (the later id first, as in every list)
        var a = await DocumentAsync("通知", 1, "2022-03-10");
        var b = await DocumentAsync("规划实施办法", 2, "2021-12-31", tags: ["规划"]);
        var c = await DocumentAsync("意见", 3, "2022-03-10");
        var undated = await DocumentAsync("公告", 4, writtenOn: null);
        var e = await DocumentAsync("规划纲要", 5, "2022-04-01", channel: "news", tags: ["规划"]);
        await ContentApi.PublishedAsync(Admin, site, "规划动态", ContentApi.Published.AddDays(6), tags: ["规划"]);
        var scheduled = await DocumentAsync("预告", 30, "2023-01-01");
        var draft = await DocumentAsync("草稿", 1, "2020-01-01", publish: false);

        async Task<long[]> Listed(string query, HttpClient? client = null) =>
            (await (await (client ?? Anonymous).GetAsync($"{url}?{query}")).OkJsonAsync())["items"]!.AsArray().Select(item => item!.Id()).ToArray();
        async Task<long[]> PagedOneByOne(string query) =>
            (await ContentApi.PageThroughAsync(Anonymous, $"{url}?limit=1&{query}")).Select(item => item.Id()).ToArray();

        // only the documents with a 成文日期, newest or oldest first, whole or a page at a time
        Assert.Equal([e, c, a, b], await Listed("sort=newest-written"));
        Assert.Equal([b, a, c, e], await Listed("sort=oldest-written"));
        Assert.Equal([e, c, a, b], await PagedOneByOne("sort=newest-written"));
        Assert.Equal([b, a, c, e], await PagedOneByOne("sort=oldest-written"));
        Assert.Contains(undated, await Listed("sort=newest"));
        // with the filters, a search, a tag and a span of 发布时间 (from and to bound it in every order)
        Assert.Equal([c, a, b], await Listed("channel=notices&sort=newest-written"));
        Assert.Equal([e, b], await Listed($"q={Uri.EscapeDataString("规划")}&sort=newest-written"));
        Assert.Equal([b, e], await PagedOneByOne($"q={Uri.EscapeDataString("规划")}&sort=oldest-written"));
        Assert.Equal([b, e], await PagedOneByOne($"tag={Uri.EscapeDataString("规划")}&sort=oldest-written"));
        Assert.Equal([e, c, b], await Listed("from=2022-05-03&sort=newest-written"));
        Assert.Equal([c, a, b], await Listed("to=2022-05-04&sort=newest-written"));
        // a span of 成文日期 (days, both inclusive) in either order, with a search too
        Assert.Equal([e, c, a], await Listed("writtenFrom=2022-01-01"));
        Assert.Equal([b, a, c], await PagedOneByOne("writtenTo=2022-03-10&sort=oldest-written"));
        Assert.Equal([c, a], await Listed("writtenFrom=2022-03-10&writtenTo=2022-03-10&sort=newest-written"));
        Assert.Equal([b], await Listed($"q={Uri.EscapeDataString("规划")}&writtenTo=2021-12-31"));
        Assert.Empty(await Listed("writtenFrom=2022-04-02"));
        // what only a key sees, in the same order
        Assert.Equal([scheduled], await Listed("status=scheduled&sort=newest-written", Admin));
        Assert.Equal([draft], await Listed("status=draft&sort=oldest-written", Admin));

        // a corrected 成文日期 moves the document, in the cached public list too
        await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{b}", new { disclosure = new { issuingAgency = "市政府办公厅", writtenOn = "2022-04-02" } }, "*")).OkJsonAsync();
        Assert.Equal([b, e, c, a], await Listed("sort=newest-written"));

        // a cursor pages only the order that gave it
        var byTime = (await (await Anonymous.GetAsync($"{url}?sort=newest&limit=1")).OkJsonAsync()).Text("nextCursor");
        var byWritten = (await (await Anonymous.GetAsync($"{url}?sort=newest-written&limit=1")).OkJsonAsync()).Text("nextCursor");
        foreach (var (sort, cursor) in new[] { ("newest-written", byTime), ("newest", byWritten), ("oldest-written", byWritten), ("oldest", byWritten) })
        {
            var refused = await (await Anonymous.GetAsync($"{url}?sort={sort}&cursor={cursor}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("cursor", refused["errors"]!.AsObject().Select(error => error.Key), StringComparer.OrdinalIgnoreCase);
        }
        var unknown = await (await Anonymous.GetAsync($"{url}?sort=written")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("sort", unknown["errors"]!.AsObject().Select(error => error.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var bound in new[] { "writtenFrom=2022-13-01", "writtenTo=2022-5-1", "writtenFrom=2022-05-01T00:00:00%2B08:00" })
        {
            var refused = await (await Anonymous.GetAsync($"{url}?{bound}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(bound.Split('=')[0], refused["errors"]!.AsObject().Select(error => error.Key), StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_list_counts_the_whole_of_itself_when_asked_up_to_the_most_counted()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await ContentApi.PublishedAsync(Admin, site, i != 1 ? $"党建动态{i}" : $"工作简报{i}", ContentApi.Published.AddHours(i),
                channel: i < 4 ? "news" : "notices", tags: i < 3 ? ["专题"] : []));
        }
        await (await Admin.PostJsonAsync($"{url}/{ids[1]}/pin", new { level = 2 })).OkJsonAsync();
        await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "党建草稿" }); // a draft: in no public list
        await ContentApi.PublishedAsync(Admin, site, "党建预告", ContentApi.Published.AddDays(30)); // scheduled

        // the whole list's count on every page, the pinned part and the rest alike, whatever the filters, search or order
        foreach (var query in new[]
                 {
                     "", "channel=news", "sort=oldest", $"tag={Uri.EscapeDataString("专题")}", $"q={Uri.EscapeDataString("党建")}",
                     $"q={Uri.EscapeDataString("党建")}&tag={Uri.EscapeDataString("专题")}&sort=newest", "channel=notices&sort=newest",
                     $"q={Uri.EscapeDataString("无此词")}",
                 })
        {
            var pages = new List<JsonNode>();
            string? cursor = null;
            do
            {
                var page = await (await Anonymous.GetAsync($"{url}?total=true&limit=2&{query}{(cursor is null ? "" : $"&cursor={cursor}")}")).OkJsonAsync();
                pages.Add(page);
                cursor = page["nextCursor"]?.GetValue<string>();
            }
            while (cursor is not null);
            var listed = pages.Sum(page => page["items"]!.AsArray().Count);
            Assert.All(pages, page => Assert.Equal((query, (long)listed, true), (query, page["total"]!.GetValue<long>(), page["totalExact"]!.GetValue<bool>())));
        }
        var drafts = await (await Admin.GetAsync($"{url}?status=draft&total=true")).OkJsonAsync();
        Assert.Equal(1, drafts["total"]!.GetValue<long>());
        Assert.Equal(0, (await (await Anonymous.GetAsync($"{url}?total=true&q=%21%21")).OkJsonAsync())["total"]!.GetValue<long>());
        // not counted unless asked
        var plain = (await (await Anonymous.GetAsync(url)).OkJsonAsync()).AsObject();
        Assert.False(plain.ContainsKey("total") || plain.ContainsKey("totalExact"));

        // beyond the most counted: that many, and not exact
        await using var app = Database.NewApp(a => a.Settings["Search:MostCounted"] = "4");
        using var reader = app.CreateClient();
        var capped = await (await reader.GetAsync($"{url}?total=true")).OkJsonAsync();
        Assert.Equal((4L, false), (capped["total"]!.GetValue<long>(), capped["totalExact"]!.GetValue<bool>()));
        var searched = await (await reader.GetAsync($"{url}?total=true&q={Uri.EscapeDataString("工作简报")}")).OkJsonAsync();
        Assert.Equal((1L, true), (searched["total"]!.GetValue<long>(), searched["totalExact"]!.GetValue<bool>()));
        // a search within filters that pass no more than the most counted: each of those probed for the search
        foreach (var (channel, count) in new[] { ("news", 3L), ("notices", 2L) })
        {
            var within = await (await reader.GetAsync($"{url}?total=true&channel={channel}&q={Uri.EscapeDataString("党建")}")).OkJsonAsync();
            Assert.Equal((channel, count, true), (channel, within["total"]!.GetValue<long>(), within["totalExact"]!.GetValue<bool>()));
        }
        await (await Anonymous.GetAsync($"{url}?total=maybe")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""[{"name":"表","url":"javascript:alert(1)"}]""", "attachments[0].url")]
    [InlineData("""[{"name":"","url":"/a.pdf"}]""", "attachments[0].name")]
    [InlineData("""[{"url":"/a.pdf"}]""", "attachments[0].name")]
    [InlineData("""[{"name":"表","url":"/a.pdf","size":-1}]""", "attachments[0].size")]
    [InlineData("""[null]""", "attachments[0]")]
    public async Task A_bad_attachment_is_refused_by_its_field(string attachments, string field)
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var problem = await (await Admin.PostRawAsync($"/api/v1/sites/{site}/articles",
            $$"""{"channel":"news","title":"附件有误","attachments":{{attachments}}}""")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task More_than_fifty_attachments_are_refused()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var files = Enumerable.Range(0, 51).Select(i => new { name = $"附件{i}", url = $"/files/{i}.pdf" });

        var problem = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "太多附件", attachments = files }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("attachments", problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Text_and_markdown_keep_the_official_numbering()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, FixtureArticle.Input())).Id();
        await ContentApi.PublishAsync(Admin, site, id);

        var plain = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/articles/{id}");
        plain.Headers.Accept.ParseAdd("text/plain");
        var text = await (await Anonymous.SendAsync(plain)).Content.ReadAsStringAsync();
        var markdown = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/articles/{id}");
        markdown.Headers.Accept.ParseAdd("text/markdown");
        var md = await Anonymous.SendAsync(markdown);

        Assert.Contains("\n一、坚定政治立场,始终坚持旗帜鲜明讲政治\n", text, StringComparison.Ordinal);
        Assert.Contains("\n（一）坚决筑牢政治忠诚。坚持以党的政治建设为统领", text, StringComparison.Ordinal);
        Assert.Contains("——" + LegacyPage.Line(5)[2..], text, StringComparison.Ordinal);
        Assert.Contains("发布时间：2022年05月12日 11:23", text, StringComparison.Ordinal);
        Assert.EndsWith("（责任编辑：刘嘉浩）\n", text, StringComparison.Ordinal);
        Assert.Equal("text/markdown", md.Content.Headers.ContentType!.MediaType);
        var mdText = await md.Content.ReadAsStringAsync();
        Assert.StartsWith("# 固堡垒强基层 抓党建促业务\n", mdText, StringComparison.Ordinal);
        Assert.Contains("\n## 六、突出关键重点,推动生态环境工作高质量发展\n", mdText, StringComparison.Ordinal);
        Assert.Contains("\n### （三）耕好机关党建“责任田”\n", mdText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_without_a_publish_line_exports_none()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿", body = new { lead = new[] { "正文。" } } })).Id();

        async Task<string> ExportAsync(string type)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/articles/{id}");
            request.Headers.Accept.ParseAdd(type);
            return await (await Admin.SendAsync(request)).Content.ReadAsStringAsync();
        }

        Assert.Equal("草稿\n\n正文。\n", await ExportAsync("text/plain"));
        Assert.Equal("# 草稿\n\n正文。\n", await ExportAsync("text/markdown"));
    }

    /// <summary>An article with the slug "popular" was made, and GET …/articles/popular answered the ranking instead.</summary>
    [Fact]
    public async Task A_slug_that_another_route_answers_is_refused()
    {
        var routed = Security.Routes.All(App.Services).Where(r => r.Method == "GET")
            .Select(r => System.Text.RegularExpressions.Regex.Match(r.Pattern, @"^/api/v1/sites/\{site\}/articles/([^/{}]+)$"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var site = await ContentApi.NewSiteAsync(Admin);

        Assert.NotEmpty(routed);
        foreach (var slug in routed.Append("Popular"))
        {
            var refused = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "路由", slug });
            Assert.Contains("slug", (await refused.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        }
        // only a GET beside …/{id} hides a slug: import is POST alone, so an article may be called that
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "路由", slug = "import" })).OkJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>A type at q=0 was served all the same, and text/* was answered in JSON.</summary>
    [Theory]
    [InlineData("text/markdown;q=0", "application/json")]
    [InlineData("text/plain;q=0.5, application/json;q=0.9", "application/json")]
    [InlineData("application/json;q=0.1, text/markdown", "text/markdown")]
    [InlineData("Text/Markdown", "text/markdown")]
    [InlineData("text/*", "text/plain")]
    [InlineData("text/*, text/plain;q=0", "text/markdown")]
    [InlineData("text/html, application/xhtml+xml, */*;q=0.8", "application/json")]
    public async Task An_article_answers_in_the_type_the_client_ranks_first(string accept, string expected)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = await ContentApi.PublishedAsync(Admin, site, "协商", ContentApi.Published);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/articles/{id}");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Drafts_scheduled_and_trashed_articles_are_hidden_from_the_public()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿" })).Id();

        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/sections")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/metadata")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("draft", (await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync()).Text("status"));
        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        Assert.Equal([id], drafts["items"]!.AsArray().Select(a => a!.Id()));
        Assert.Empty((await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles")).OkJsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_keys_lists_of_drafts_and_trashed_articles_sort_by_publish_time_else_creation_time_and_page()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        async Task<long> DraftAsync(string title, string channel = "news", DateTimeOffset? publishedAt = null)
        {
            App.Clock.Advance(TimeSpan.FromHours(1)); // each created an hour after the one before
            return (await ContentApi.CreateAsync(Admin, site, new { channel, title, publishedAt })).Id();
        }
        var first = await DraftAsync("一");
        var dated = await DraftAsync("定了发布时间", publishedAt: App.Clock.GetUtcNow().AddDays(-30)); // sorts by that time
        var other = await DraftAsync("通知", "notices");
        var last = await DraftAsync("四");
        var tie = await DraftAsync("同时", publishedAt: App.Clock.GetUtcNow().AddHours(-3)); // the time `first` was created
        var trashed = await DraftAsync("回收");
        await ContentApi.PublishedAsync(Admin, site, "已发布", ContentApi.Published);
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{trashed}/trash", new { })).OkJsonAsync();

        async Task<long[]> ListAsync(string query) =>
            (await ContentApi.PageThroughAsync(Admin, $"/api/v1/sites/{site}/articles?limit=2&{query}")).Select(a => a.Id()).ToArray();
        Assert.Equal([last, other, tie, first, dated], await ListAsync("status=draft"));
        Assert.Equal([dated, first, tie, other, last], await ListAsync("status=draft&sort=oldest"));
        Assert.Equal([last, tie, first, dated], await ListAsync("status=draft&channel=news"));
        Assert.Equal([trashed], await ListAsync("status=trashed"));
    }

    [Fact]
    public async Task A_scheduled_article_appears_when_its_time_comes()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "定时发布" })).Id();
        var at = App.Clock.GetUtcNow().AddHours(2);

        var scheduled = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/schedule", new { publishedAt = at })).OkJsonAsync();

        Assert.Equal("scheduled", scheduled.Text("status"));
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles")).OkJsonAsync())["items"]!.AsArray());

        App.Clock.Advance(TimeSpan.FromHours(2));

        var visible = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync();
        Assert.Equal("published", visible.Text("status"));
        Assert.Equal([id], (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles")).OkJsonAsync())["items"]!.AsArray().Select(a => a!.Id()));
        // scheduling in the past is refused
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/schedule", new { publishedAt = App.Clock.GetUtcNow().AddMinutes(-1) })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_workflow_keeps_first_publication_and_the_trash_is_reversible()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "流程", publishedAt = ContentApi.Published })).Id();
        var first = await ContentApi.PublishAsync(Admin, site, id);
        Assert.Equal(first.Text("publishedAt"), first.Text("firstPublishedAt"));

        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/unpublish", new { })).OkJsonAsync();
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        var again = await ContentApi.PublishAsync(Admin, site, id, new { publishedAt = ContentApi.Published.AddDays(3) });
        Assert.Equal("2022-05-04T09:00:00+08:00", again.Text("publishedAt"));
        Assert.Equal("2022-05-01T09:00:00+08:00", again.Text("firstPublishedAt"));

        await (await Admin.DeleteAsync($"/api/v1/sites/{site}/articles/{id}")).ProblemAsync(HttpStatusCode.Conflict); // not in the trash
        Assert.Equal("trashed", (await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/trash", new { })).OkJsonAsync()).Text("status"));
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/articles/{id}", new { channel = "news", title = "x" }, "\"5\"")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("published", (await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/restore", new { })).OkJsonAsync()).Text("status"));
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync();

        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/trash", new { })).OkJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/sites/{site}/articles/{id}")).StatusCode);
        await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_trash_is_emptied_together_and_a_refused_purge_purges_none()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var otherSite = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        async Task<long> TrashedAsync(string siteKey, string title)
        {
            var id = (await ContentApi.CreateAsync(Admin, siteKey, new { channel = "news", title })).Id();
            await (await Admin.PostJsonAsync($"/api/v1/sites/{siteKey}/articles/{id}/trash", new { })).OkJsonAsync();
            return id;
        }
        var kept = await ContentApi.PublishedAsync(Admin, site, "留下", ContentApi.Published);
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿也留下" })).Id();
        long[] trashed = [await TrashedAsync(site, "一"), await TrashedAsync(site, "二"), await TrashedAsync(site, "三")];
        var elsewhere = await TrashedAsync(otherSite, "别站的");
        async Task<long[]> TrashAsync(string siteKey) =>
            (await ContentApi.PageThroughAsync(Admin, $"/api/v1/sites/{siteKey}/articles?status=trashed")).Select(a => a.Id()).Order().ToArray();

        // one not in the trash, unknown, or of another site: none is purged
        Assert.Contains($"trash {kept} first", (await (await Admin.PostJsonAsync($"{articles}/purge", new { ids = new[] { trashed[0], kept } }))
            .ProblemAsync(HttpStatusCode.Conflict)).Text("detail"), StringComparison.Ordinal);
        await (await Admin.PostJsonAsync($"{articles}/purge", new { ids = new[] { trashed[1], elsewhere } })).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostJsonAsync($"{articles}/purge", new { ids = new[] { trashed[2], 999_999_999L } })).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostJsonAsync("/api/v1/sites/no-such-site/articles/purge", new { wholeTrash = true })).ProblemAsync(HttpStatusCode.NotFound);
        foreach (var bad in new object[]
                 {
                     new { }, new { wholeTrash = false }, new { ids = Array.Empty<long>() }, new { ids = new[] { 0L } },
                     new { ids = new[] { trashed[0] }, wholeTrash = true }, new { ids = Enumerable.Range(1, 1001).ToArray() },
                     new { ids = "1,2" },
                 })
        {
            await (await Admin.PostJsonAsync($"{articles}/purge", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await Anonymous.PostJsonAsync($"{articles}/purge", new { wholeTrash = true })).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(trashed, await TrashAsync(site));

        // 清空回收站: this site's trash, not another's, nor what is not in it
        var emptied = await (await Admin.PostJsonAsync($"{articles}/purge", new { wholeTrash = true })).OkJsonAsync();
        Assert.Equal(trashed, emptied["purged"]!.AsArray().Select(id => id!.GetValue<long>()));
        Assert.Empty(await TrashAsync(site));
        await (await Admin.GetAsync($"{articles}/{trashed[1]}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync($"{articles}/{kept}")).OkJsonAsync();
        Assert.Equal("draft", (await (await Admin.GetAsync($"{articles}/{draft}")).OkJsonAsync()).Text("status"));
        Assert.Equal([elsewhere], await TrashAsync(otherSite));
        Assert.Empty((await (await Admin.PostJsonAsync($"{articles}/purge", new { wholeTrash = true })).OkJsonAsync())["purged"]!.AsArray());
    }

    [Fact]
    public async Task A_batch_step_is_each_article_s_own_step_and_reports_the_refused_ones()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var otherSite = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        async Task<long> DraftAsync(string siteKey, string title) =>
            (await ContentApi.CreateAsync(Admin, siteKey, new { channel = "news", title, publishedAt = ContentApi.Published })).Id();
        var (first, second, third) = (await DraftAsync(site, "一"), await DraftAsync(site, "二"), await DraftAsync(site, "三"));
        var elsewhere = await DraftAsync(otherSite, "别站的");
        await (await Admin.PostJsonAsync($"{articles}/{third}/trash", new { })).OkJsonAsync();
        static string Outcomes(JsonNode answer) => string.Join(' ', answer["items"]!.AsArray().Select(item => item!).Select(item =>
            $"{item.Id()}:{item["status"]}:{item["articleStatus"]?.GetValue<string>() ?? item["code"]?.GetValue<string>()}"));
        async Task<JsonNode> StepAsync(string step, params long[] ids) =>
            await (await Admin.PostJsonAsync($"{articles}/batch/{step}", new { ids })).OkJsonAsync();
        async Task<long[]> PublicAsync() =>
            (await ContentApi.PageThroughAsync(Anonymous, articles)).Select(a => a.Id()).Order().ToArray();

        // in the order asked, once each; the one in the trash, another site's and an unknown one are refused, the rest done
        var published = await StepAsync("publish", second, third, first, elsewhere, second, 999_999_999);
        Assert.Equal($"{second}:200:published {third}:409:article_state {first}:200:published {elsewhere}:404:not_found 999999999:404:not_found",
            Outcomes(published));
        Assert.Equal((2, 3), (published["done"]!.GetValue<int>(), published["failed"]!.GetValue<int>()));
        Assert.Equal(["id", "status", "articleStatus", "version"], published["items"]![0]!.AsObject().Select(p => p.Key)); // no nulls
        Assert.Equal(["id", "status", "code", "detail"], published["items"]![1]!.AsObject().Select(p => p.Key));
        Assert.Equal([first, second], await PublicAsync());
        Assert.Equal("draft", (await (await Admin.GetAsync($"/api/v1/sites/{otherSite}/articles/{elsewhere}")).OkJsonAsync()).Text("status"));
        var revisions = await (await Admin.GetAsync($"{articles}/{first}/revisions")).OkJsonAsync();
        Assert.Equal("publish", revisions["items"]![0]!.Text("action")); // a write of its own, as POST …/publish makes

        foreach (var id in new[] { first, second })
        {
            await (await Admin.PostJsonAsync($"{articles}/{id}/pin", new { })).OkJsonAsync();
        }
        Assert.Equal($"{second}:200:published", Outcomes(await StepAsync("unpin", second)));
        Assert.Equal([(first, 1), (second, 0)], (await ContentApi.PageThroughAsync(Anonymous, articles))
            .Select(a => (a.Id(), a["pinLevel"]?.GetValue<int>() ?? 0)).OrderBy(a => a.Item1));
        Assert.Equal($"{first}:200:trashed {third}:200:trashed", Outcomes(await StepAsync("trash", first, third)));
        Assert.Equal([second], await PublicAsync());
        Assert.Equal($"{first}:200:published {third}:200:draft", Outcomes(await StepAsync("restore", first, third)));
        Assert.Equal($"{first}:200:draft {second}:200:draft {third}:200:draft", Outcomes(await StepAsync("unpublish", first, second, third)));
        Assert.Empty(await PublicAsync());

        // a key without content:publish may trash but not publish; bad lists and an unknown site write nothing
        var (writer, _) = await ClientWithNewKeyAsync(new { name = "编辑", scopes = new[] { CmsApi.Auth.Scopes.ContentWrite } });
        await (await writer.PostJsonAsync($"{articles}/batch/publish", new { ids = new[] { first } })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous.PostJsonAsync($"{articles}/batch/trash", new { ids = new[] { first } })).ProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var bad in new object[] { new { }, new { ids = Array.Empty<long>() }, new { ids = new[] { -1L } }, new { ids = Enumerable.Range(1, 101).ToArray() } })
        {
            await (await Admin.PostJsonAsync($"{articles}/batch/publish", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await Admin.PostJsonAsync("/api/v1/sites/no-such-site/articles/batch/publish", new { ids = new[] { first } }))
            .ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await PublicAsync());
        var trashed = await (await writer.PostJsonAsync($"{articles}/batch/trash", new { ids = new[] { first } })).OkJsonAsync();
        Assert.Equal("trashed", trashed["items"]![0]!.Text("articleStatus"));
    }

    [Fact]
    public async Task Articles_are_published_together_at_one_time_and_until_one_end()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        async Task<long> DraftAsync(string title) => (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title })).Id();
        var (first, second, trashed) = (await DraftAsync("一"), await DraftAsync("二"), await DraftAsync("回收"));
        await (await Admin.PostJsonAsync($"{articles}/{trashed}/trash", new { })).OkJsonAsync();
        async Task<long[]> PublicAsync() => (await ContentApi.PageThroughAsync(Anonymous, articles)).Select(a => a.Id()).Order().ToArray();
        var now = App.Clock.GetUtcNow();
        var ids = new[] { first, second, trashed };

        // times the single route refuses publish none
        foreach (var bad in new object[] { new { ids, publishedAt = "1989-12-31T00:00:00+08:00" }, new { ids, until = now.AddMinutes(-1) },
                     new { ids, publishedAt = now.AddDays(2), until = now.AddDays(1) }, new { publishedAt = now } })
        {
            await (await Admin.PostJsonAsync($"{articles}/batch/publish", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Equal(("draft", "draft"), ((await (await Admin.GetAsync($"{articles}/{first}")).OkJsonAsync()).Text("status"),
            (await (await Admin.GetAsync($"{articles}/{second}")).OkJsonAsync()).Text("status")));

        // a future time schedules each: published, but not public before it
        var tomorrow = now.AddDays(1);
        var scheduled = await (await Admin.PostJsonAsync($"{articles}/batch/publish", new { ids, publishedAt = tomorrow })).OkJsonAsync();
        Assert.Equal([200, 200, 409], scheduled["items"]!.AsArray().Select(item => item!["status"]!.GetValue<int>()));
        Assert.Empty(await PublicAsync());
        Assert.Equal(tomorrow, (await (await Admin.GetAsync($"{articles}/{second}")).OkJsonAsync())["publishedAt"]!.GetValue<DateTimeOffset>());

        // at a past time until one end: public now, and back in the drafts at the end, the clock not moved on after it
        var until = now.AddSeconds(30);
        await (await Admin.PostJsonAsync($"{articles}/batch/publish", new { ids = new[] { first, second }, publishedAt = ContentApi.Published, until }))
            .OkJsonAsync();
        Assert.Equal([first, second], await PublicAsync());
        App.Clock.Advance(until - now);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await PublicAsync() is { Length: > 0 } left)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the publications did not end: {string.Join(',', left)}");
            await Task.Delay(50);
        }
        Assert.Equal("draft", (await (await Admin.GetAsync($"{articles}/{first}")).OkJsonAsync()).Text("status"));
    }

    [Fact]
    public async Task Articles_are_pinned_together_with_one_end_and_level_and_their_pins_end_by_themselves()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var otherSite = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var first = await ContentApi.PublishedAsync(Admin, site, "一", ContentApi.Published, "news", []);
        var second = await ContentApi.PublishedAsync(Admin, site, "二", ContentApi.Published.AddHours(1), "news", []);
        var newest = await ContentApi.PublishedAsync(Admin, site, "最新", ContentApi.Published.AddHours(2), "news", []);
        var trashed = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "回收" })).Id();
        await (await Admin.PostJsonAsync($"{articles}/{trashed}/trash", new { })).OkJsonAsync();
        var elsewhere = await ContentApi.PublishedAsync(Admin, otherSite, "别站的", ContentApi.Published);
        async Task<string> ListedAsync() => string.Join(' ', (await (await Anonymous.GetAsync($"{articles}?channel=news")).OkJsonAsync())["items"]!
            .AsArray().Select(item => item!).Select(item => $"{item.Id()}:{item["pinLevel"]?.GetValue<int>() ?? 0}"));
        Assert.Equal($"{newest}:0 {second}:0 {first}:0", await ListedAsync()); // read once: the cached list must move on

        // a bad end or level, or a bad list, pins none; nor may a key without content:publish, nor anyone on an unknown site
        var now = App.Clock.GetUtcNow();
        var ids = new[] { first, trashed, second, elsewhere };
        foreach (var bad in new object[] { new { ids, until = now.AddMinutes(-1) }, new { ids, level = 10 }, new { ids, level = 0 },
                     new { ids = Array.Empty<long>(), level = 2 }, new { level = 2 } })
        {
            await (await Admin.PostJsonAsync($"{articles}/batch/pin", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }
        var (writer, _) = await ClientWithNewKeyAsync(new { name = "编辑", scopes = new[] { CmsApi.Auth.Scopes.ContentWrite } });
        await (await writer.PostJsonAsync($"{articles}/batch/pin", new { ids })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous.PostJsonAsync($"{articles}/batch/pin", new { ids })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Admin.PostJsonAsync("/api/v1/sites/no-such-site/articles/batch/pin", new { ids })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal($"{newest}:0 {second}:0 {first}:0", await ListedAsync());

        // each pinned as its own route would, the trashed one and another site's refused in their items
        var until = now.AddSeconds(30); // before the sweeper would look again (within a minute) unless told of the ends
        var pinned = await (await Admin.PostJsonAsync($"{articles}/batch/pin", new { ids, until, level = 3 })).OkJsonAsync();
        Assert.Equal([200, 409, 200, 404], pinned["items"]!.AsArray().Select(item => item!["status"]!.GetValue<int>()));
        Assert.Equal($"{second}:3 {first}:3 {newest}:0", await ListedAsync());
        var read = await (await Admin.GetAsync($"{articles}/{first}")).OkJsonAsync();
        Assert.Equal((until, read["version"]!.GetValue<long>()), (read["pinnedUntil"]!.GetValue<DateTimeOffset>(), pinned["items"]![0]!["version"]!.GetValue<long>()));
        Assert.Equal("pin", (await (await Admin.GetAsync($"{articles}/{first}/revisions")).OkJsonAsync())["items"]![0]!.Text("action"));
        Assert.False((await (await Admin.GetAsync($"/api/v1/sites/{otherSite}/articles/{elsewhere}")).OkJsonAsync())["pinned"]!.GetValue<bool>());

        // the service was told of the ends: both pins end at their time, the clock not moved on after it
        App.Clock.Advance(until - now);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await ListedAsync() is var listed && listed != $"{newest}:0 {second}:0 {first}:0")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the pins did not end: {listed}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Articles_are_moved_together_each_as_a_patch_of_its_channel()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var otherSite = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var published = await ContentApi.PublishedAsync(Admin, site, "已发布", ContentApi.Published);
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "departments", title = "草稿" })).Id();
        var trashed = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "回收" })).Id();
        await (await Admin.PostJsonAsync($"{articles}/{trashed}/trash", new { })).OkJsonAsync();
        var elsewhere = await ContentApi.PublishedAsync(Admin, otherSite, "别站的", ContentApi.Published);
        async Task<long[]> InNoticesAsync() =>
            (await ContentApi.PageThroughAsync(Anonymous, $"{articles}?channel=notices")).Select(a => a.Id()).ToArray();
        Assert.Empty(await InNoticesAsync()); // read once: the cached list must move on

        var moved = await (await Admin.PostJsonAsync($"{articles}/batch/move", new { ids = new[] { published, draft, trashed, elsewhere }, channel = "notices" }))
            .OkJsonAsync();
        Assert.Equal([200, 200, 409, 404], moved["items"]!.AsArray().Select(item => item!["status"]!.GetValue<int>()));
        Assert.Equal([published], await InNoticesAsync());
        var movedDraft = await (await Admin.GetAsync($"{articles}/{draft}")).OkJsonAsync();
        Assert.Equal(("notices", "draft", "草稿"), (movedDraft.Text("channel"), movedDraft.Text("status"), movedDraft.Text("title")));
        Assert.Equal(movedDraft["version"]!.GetValue<long>(), moved["items"]![1]!["version"]!.GetValue<long>());
        var revisions = await (await Admin.GetAsync($"{articles}/{published}/revisions")).OkJsonAsync();
        Assert.Equal("patch", revisions["items"]![0]!.Text("action"));
        Assert.Equal("news", (await (await Admin.GetAsync($"{articles}/{trashed}")).OkJsonAsync()).Text("channel"));
        Assert.Equal("news", (await (await Anonymous.GetAsync($"/api/v1/sites/{otherSite}/articles/{elsewhere}")).OkJsonAsync()).Text("channel"));

        // an unknown channel or site, a bad list, a key that may only publish: nothing moves
        await (await Admin.PostJsonAsync($"{articles}/batch/move", new { ids = new[] { published }, channel = "nowhere" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync($"{articles}/batch/move", new { ids = new[] { published } })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync($"{articles}/batch/move", new { ids = Array.Empty<long>(), channel = "news" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync("/api/v1/sites/no-such-site/articles/batch/move", new { ids = new[] { published }, channel = "news" }))
            .ProblemAsync(HttpStatusCode.NotFound);
        var (publisher, _) = await ClientWithNewKeyAsync(new { name = "发布员", scopes = new[] { CmsApi.Auth.Scopes.ContentPublish } });
        await (await publisher.PostJsonAsync($"{articles}/batch/move", new { ids = new[] { published }, channel = "news" })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([published], await InNoticesAsync());
    }

    [Fact]
    public async Task A_workflow_step_taken_again_succeeds_and_writes_nothing()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "重试", publishedAt = ContentApi.Published })).Id();
        var url = $"/api/v1/sites/{site}/articles/{id}";

        foreach (var step in new[] { "publish", "pin", "unpublish", "trash", "restore", "unpin" })
        {
            var first = await (await Admin.PostJsonAsync($"{url}/{step}", new { })).OkJsonAsync();
            var again = await (await Admin.PostJsonAsync($"{url}/{step}", new { })).OkJsonAsync(); // a retry after a lost answer
            Assert.Equal((first.Text("status"), first["pinned"]!.GetValue<bool>(), first["version"]!.GetValue<long>()),
                (again.Text("status"), again["pinned"]!.GetValue<bool>(), again["version"]!.GetValue<long>()));
        }
        var revisions = await (await Admin.GetAsync($"{url}/revisions")).OkJsonAsync();
        Assert.Equal(7, revisions["items"]!.AsArray().Count); // the creation, then one for each step taken once
        // a step that cannot be taken is still refused
        await (await Admin.PostJsonAsync($"{url}/trash", new { })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{url}/pin", new { })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostJsonAsync($"{url}/publish", new { })).ProblemAsync(HttpStatusCode.Conflict);
    }

    /// <summary>
    /// 置顶: a list without a sort shows its pinned articles first, newest first, then the others, and pages through each
    /// exactly once at any page size (the cursor says which part it continues). A sort or a search orders them all alike.
    /// </summary>
    [Fact]
    public async Task Pinned_articles_come_first_in_lists_without_a_sort_and_page_through_once()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var a = new long[6];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = await ContentApi.PublishedAsync(Admin, site, $"置顶测试{i}", ContentApi.Published.AddHours(i),
                i % 2 == 0 ? "news" : "notices", i < 3 ? ["要闻"] : []);
        }
        var draft = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "置顶草稿" })).Id();
        var url = $"/api/v1/sites/{site}/articles";
        foreach (var id in new[] { a[1], a[4], draft })
        {
            Assert.True((await (await Admin.PostJsonAsync($"{url}/{id}/pin", new { })).OkJsonAsync())["pinned"]!.GetValue<bool>());
        }

        async Task<List<long>> PageThrough(string query, int limit) =>
            (await ContentApi.PageThroughAsync(Admin, $"{url}?{query}&limit={limit}")).Select(item => item.Id()).ToList();

        var byTime = a.Reverse().ToList();
        foreach (var limit in new[] { 1, 2, 20 })
        {
            Assert.Equal([a[4], a[1], a[5], a[3], a[2], a[0]], await PageThrough("", limit));
            Assert.Equal([a[4], a[1], a[5], a[3], a[2], a[0]], await PageThrough("status=published", limit));
            Assert.Equal([a[4], a[2], a[0]], await PageThrough("channel=news", limit));
            Assert.Equal([a[1], a[2], a[0]], await PageThrough($"tag={Uri.EscapeDataString("要闻")}", limit));
            Assert.Equal(byTime, await PageThrough("sort=newest", limit));
            Assert.Equal(byTime.AsEnumerable().Reverse(), await PageThrough("sort=oldest", limit));
            Assert.Equal(byTime, await PageThrough($"q={Uri.EscapeDataString("置顶测试")}", limit)); // every title matches: by time
        }
        var first = await (await Anonymous.GetAsync($"{url}?limit=1")).OkJsonAsync();
        Assert.True(first["items"]![0]!["pinned"]!.GetValue<bool>());
        Assert.False((await (await Anonymous.GetAsync($"{url}?limit=1&sort=newest")).OkJsonAsync())["items"]![0]!["pinned"]!.GetValue<bool>());
        // a cursor among the pinned articles belongs to the pinned-first order alone
        await (await Anonymous.GetAsync($"{url}?sort=newest&cursor={first.Text("nextCursor")}")).ProblemAsync(HttpStatusCode.BadRequest);

        // an edit keeps the pin; unpinning puts the article back in its place; the trash keeps it for a restore
        var patched = await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{a[4]}", new { title = "置顶测试4改" }, "*")).OkJsonAsync();
        Assert.True(patched["pinned"]!.GetValue<bool>());
        await (await Admin.PostJsonAsync($"{url}/{a[4]}/unpin", new { })).OkJsonAsync();
        Assert.Equal([a[1], a[5], a[4], a[3], a[2], a[0]], await PageThrough("", 2));
        await (await Admin.PostJsonAsync($"{url}/{a[1]}/trash", new { })).OkJsonAsync();
        Assert.Equal([a[5], a[4], a[3], a[2], a[0]], await PageThrough("", 2));
        await (await Admin.PostJsonAsync($"{url}/{a[1]}/pin", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.True((await (await Admin.PostJsonAsync($"{url}/{a[1]}/restore", new { })).OkJsonAsync())["pinned"]!.GetValue<bool>());
        Assert.Equal([a[1], a[5], a[4], a[3], a[2], a[0]], await PageThrough("", 20));

        await (await Anonymous.PostJsonAsync($"{url}/{a[0]}/pin", new { })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Admin.PostJsonAsync($"{url}/999999999/pin", new { })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pinned_articles_come_by_level_higher_first_then_newest_first_and_page_through_once()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var a = new long[5];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = await ContentApi.PublishedAsync(Admin, site, $"级别{i}", ContentApi.Published.AddHours(i));
        }
        var url = $"/api/v1/sites/{site}/articles";
        foreach (var bad in new object[] { 0, 10, -1, "高", 1.5 })
        {
            await (await Admin.PostJsonAsync($"{url}/{a[0]}/pin", new { level = bad })).ProblemAsync(HttpStatusCode.BadRequest);
        }
        foreach (var (id, level) in new[] { (a[0], 3), (a[1], 1), (a[2], 3) })
        {
            Assert.Equal(level, (await (await Admin.PostJsonAsync($"{url}/{id}/pin", new { level })).OkJsonAsync())["pinLevel"]!.GetValue<int>());
        }
        Assert.Equal(1, (await (await Admin.PostJsonAsync($"{url}/{a[3]}/pin", new { })).OkJsonAsync())["pinLevel"]!.GetValue<int>());

        async Task<List<long>> PageThrough(int limit) =>
            (await ContentApi.PageThroughAsync(Anonymous, $"{url}?limit={limit}")).Select(item => item.Id()).ToList();

        foreach (var limit in new[] { 1, 2, 20 })
        {
            Assert.Equal([a[2], a[0], a[3], a[1], a[4]], await PageThrough(limit)); // 3: newest first; 1: newest first; the rest
        }
        // pinning again sets the level anew; unpinning clears it
        await (await Admin.PostJsonAsync($"{url}/{a[1]}/pin", new { level = 9 })).OkJsonAsync();
        Assert.Equal(0, (await (await Admin.PostJsonAsync($"{url}/{a[2]}/unpin", new { })).OkJsonAsync())["pinLevel"]!.GetValue<int>());
        Assert.Equal([a[1], a[0], a[3], a[4], a[2]], await PageThrough(2));
    }

    [Fact]
    public async Task A_link_article_leads_lists_to_its_address_and_keeps_it_through_edits_and_revisions()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        const string xinhua = "https://www.news.cn/politics/2022-05/12/c_1128643251.htm";
        foreach (var bad in new object[] { "javascript:alert(1)", "ftp://example.gov.cn/a", "//evil.example/a", "news.cn/a",
                     "https://example.gov.cn/" + new string('a', 1000) })
        {
            var refused = await (await Admin.PostJsonAsync(url, new { channel = "news", title = "外链", linkUrl = bad })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("linkUrl", refused["errors"]!.AsObject().Select(e => e.Key));
        }
        await (await Admin.PostJsonAsync(url, new { channel = "news", title = "外链", linkUrl = 7 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await (await Admin.GetAsync($"{url}?status=draft")).OkJsonAsync())["items"]!.AsArray()); // none written

        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "转载：新华社报道", linkUrl = $"  {xinhua} " })).Id();
        await ContentApi.PublishAsync(Admin, site, id);
        var article = await (await Anonymous.GetAsync($"{url}/{id}")).OkJsonAsync();
        Assert.Equal(xinhua, article.Text("linkUrl"));
        var listed = await (await Anonymous.GetAsync($"{url}?channel=news")).OkJsonAsync();
        Assert.Equal(xinhua, listed["items"]![0]!.Text("linkUrl"));
        using var asMarkdown = new HttpRequestMessage(HttpMethod.Get, $"{url}/{id}");
        asMarkdown.Headers.Accept.ParseAdd("text/markdown");
        var markdown = await (await Anonymous.SendAsync(asMarkdown)).Content.ReadAsStringAsync();
        Assert.Contains($"原文链接：[", markdown, StringComparison.Ordinal);
        Assert.Contains($"](<{xinhua}>)", markdown, StringComparison.Ordinal);

        // a patch that leaves it out keeps it; null takes it away, and the revision before brings it back
        var patched = await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{id}", new { title = "转载：新华社报道（更新）" }, "*")).OkJsonAsync();
        Assert.Equal(xinhua, patched.Text("linkUrl"));
        var own = await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{id}", new { linkUrl = (string?)null }, "*")).OkJsonAsync();
        Assert.Null(own["linkUrl"]);
        var back = await (await Admin.PostJsonAsync($"{url}/{id}/revisions/{patched["version"]}/restore", new { })).OkJsonAsync();
        Assert.Equal(xinhua, back.Text("linkUrl"));
        Assert.Equal("/zwgk/tzgg/1.html",
            (await (await Admin.SendAsync(HttpMethod.Patch, $"{url}/{id}", new { linkUrl = "/zwgk/tzgg/1.html" }, "*")).OkJsonAsync()).Text("linkUrl"));
    }

    /// <summary>下线时间: a 公示 is public for its period and then goes back to the drafts by itself, as a write.</summary>
    [Fact]
    public async Task A_publication_with_an_end_goes_back_to_the_drafts_at_that_time()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var url = $"/api/v1/sites/{site}/articles";
        var now = App.Clock.GetUtcNow();
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "notices", title = "拟任职干部任前公示" })).Id();
        var other = await ContentApi.PublishedAsync(Admin, site, "另一篇", now.AddDays(-1), "notices", []);
        foreach (var (step, body) in new (string, object)[]
                 {
                     ("publish", new { until = now.AddMinutes(-1) }), ("publish", new { until = (object)"明天" }),
                     ("publish", new { publishedAt = now.AddHours(-1), until = now.AddHours(-2) }),
                     ("publish", new { until = DateTimeOffset.Parse("2101-01-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture) }),
                     ("schedule", new { publishedAt = now.AddDays(2), until = now.AddDays(1) }),
                 })
        {
            var refused = await (await Admin.PostJsonAsync($"{url}/{id}/{step}", body)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(refused["errors"]?.AsObject().ContainsKey("until") ?? refused.Text("detail").Contains("until", StringComparison.Ordinal), $"{refused}");
        }
        Assert.Equal("draft", (await (await Admin.GetAsync($"{url}/{id}")).OkJsonAsync()).Text("status")); // nothing written

        // an end is shown on the article and in lists; one before a stored later publish time is refused
        var until = now.AddDays(5);
        var published = await (await Admin.PostJsonAsync($"{url}/{id}/publish", new { publishedAt = now, until })).OkJsonAsync();
        Assert.Equal(until, published["publishedUntil"]!.GetValue<DateTimeOffset>());
        async Task<List<long>> Listed() =>
            (await (await Anonymous.GetAsync($"{url}?channel=notices")).OkJsonAsync())["items"]!.AsArray().Select(item => item!.Id()).ToList();
        Assert.Equal([id, other], await Listed()); // cached now, until the end retires it
        var item = (await (await Anonymous.GetAsync($"{url}?channel=notices&limit=1")).OkJsonAsync())["items"]![0]!;
        Assert.Equal(until, item["publishedUntil"]!.GetValue<DateTimeOffset>());
        await (await Admin.PostJsonAsync($"{url}/{other}/schedule", new { publishedAt = now.AddDays(9) })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{url}/{other}/publish", new { until = now.AddDays(8) })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostJsonAsync($"{url}/{other}/publish", new { publishedAt = now.AddDays(-1) })).OkJsonAsync();

        App.Clock.Advance(until - now - TimeSpan.FromSeconds(1));
        await Task.Delay(300); // time for the service to look, and not end it a second early
        Assert.Equal([id, other], await Listed());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await Anonymous.GetAsync($"{url}/{id}")).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the publication did not end");
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
        Assert.Equal([other], await Listed());
        var ended = await (await Admin.GetAsync($"{url}/{id}")).OkJsonAsync();
        Assert.Equal("draft", ended.Text("status"));
        Assert.Null(ended["publishedUntil"]);
        Assert.Equal(now, ended["firstPublishedAt"]!.GetValue<DateTimeOffset>());
        var history = await (await Admin.GetAsync($"{url}/{id}/revisions")).OkJsonAsync();
        Assert.Equal(("publication-ended", null), (history["items"]![0]!.Text("action"), history["items"]![0]!["actor"]));

        // published again without an end, it stays until unpublished; unpublishing clears an end
        var again = await (await Admin.PostJsonAsync($"{url}/{id}/publish", new { })).OkJsonAsync();
        Assert.Equal(("published", null), (again.Text("status"), again["publishedUntil"]));
        await (await Admin.PostJsonAsync($"{url}/{id}/publish", new { until = App.Clock.GetUtcNow().AddDays(1) })).OkJsonAsync();
        Assert.Null((await (await Admin.PostJsonAsync($"{url}/{id}/unpublish", new { })).OkJsonAsync())["publishedUntil"]);
    }

    [Fact]
    public async Task A_pin_with_an_end_ends_by_itself_at_that_time_as_a_write_the_cached_list_sees()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var older = await ContentApi.PublishedAsync(Admin, site, "有效期置顶", ContentApi.Published, "news", []);
        var newer = await ContentApi.PublishedAsync(Admin, site, "最新一篇", ContentApi.Published.AddHours(1), "news", []);
        var url = $"/api/v1/sites/{site}/articles";
        var now = App.Clock.GetUtcNow();
        foreach (var bad in new object[] { now.AddMinutes(-1), now, "明天", "2101-01-01T00:00:00+08:00", 3 })
        {
            await (await Admin.PostJsonAsync($"{url}/{older}/pin", new { until = bad })).ProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.False((await (await Admin.GetAsync($"{url}/{older}")).OkJsonAsync())["pinned"]!.GetValue<bool>());

        // an end is kept and shown; pinning again without one pins until unpinned
        var pinned = await (await Admin.PostJsonAsync($"{url}/{older}/pin", new { until = now.AddDays(1) })).OkJsonAsync();
        Assert.Equal(now.AddDays(1), pinned["pinnedUntil"]!.GetValue<DateTimeOffset>());
        var unending = await (await Admin.PostJsonAsync($"{url}/{older}/pin", new { })).OkJsonAsync();
        Assert.True(unending["pinned"]!.GetValue<bool>());
        Assert.Null(unending["pinnedUntil"]);

        async Task<List<long>> Listed() =>
            (await (await Anonymous.GetAsync($"{url}?channel=news")).OkJsonAsync())["items"]!.AsArray().Select(item => item!.Id()).ToList();

        var until = now.AddHours(1);
        var ending = await (await Admin.PostJsonAsync($"{url}/{older}/pin", new { until })).OkJsonAsync();
        Assert.Equal(until, ending["pinnedUntil"]!.GetValue<DateTimeOffset>());
        Assert.Equal([older, newer], await Listed()); // cached now, until the pin's end retires it
        App.Clock.Advance(until - now - TimeSpan.FromSeconds(1));
        await Task.Delay(300); // time for the service to look, and not end the pin a second early
        Assert.Equal([older, newer], await Listed());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await Listed() is [var first, ..] && first == older)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the pin did not end");
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
        Assert.Equal([newer, older], await Listed());
        var ended = await (await Anonymous.GetAsync($"{url}/{older}")).OkJsonAsync();
        Assert.False(ended["pinned"]!.GetValue<bool>());
        Assert.Null(ended["pinnedUntil"]);
        var history = await (await Admin.GetAsync($"{url}/{older}/revisions")).OkJsonAsync();
        Assert.Equal("pin-ended", history["items"]![0]!.Text("action"));
        Assert.Null(history["items"]![0]!["actor"]);
        Assert.Equal(ending["version"]!.GetValue<long>() + 1, history["items"]![0]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Of_two_editors_with_the_same_etag_exactly_one_wins_and_the_revisions_show_it()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var created = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "原标题" });
        var id = (await created.OkJsonAsync(HttpStatusCode.Created)).Id();
        var etag = created.Headers.ETag!.Tag;

        var answers = await Task.WhenAll(
            Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/articles/{id}", new { channel = "news", title = "甲改的标题" }, etag),
            Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/articles/{id}", new { channel = "news", title = "乙改的标题" }, etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order());
        var winner = await answers.Single(a => a.StatusCode == HttpStatusCode.OK).OkJsonAsync();
        var current = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync();
        Assert.Equal(winner.Text("title"), current.Text("title"));
        var revisions = (await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}/revisions")).OkJsonAsync())["items"]!.AsArray();
        Assert.Equal(["replace", "create"], revisions.Select(r => r!.Text("action")));
        Assert.Equal([2L, 1L], revisions.Select(r => r!["version"]!.GetValue<long>()));
        Assert.Equal("bootstrap", revisions[0]!.Text("actor"));
    }

    [Fact]
    public async Task A_long_history_comes_a_page_at_a_time_and_a_cursor_serves_only_its_article()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "v1" })).Id();
        var other = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "其他" })).Id();
        for (var version = 2; version <= 5; version++)
        {
            (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/articles/{id}", new { channel = "news", title = $"v{version}" }, "*")).EnsureSuccessStatusCode();
        }
        var url = $"/api/v1/sites/{site}/articles/{id}/revisions";

        var pages = new List<long[]>();
        string? cursor = null;
        do
        {
            var page = await (await Admin.GetAsync($"{url}?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}")).OkJsonAsync();
            pages.Add(page["items"]!.AsArray().Select(r => r!["version"]!.GetValue<long>()).ToArray());
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && pages.Count < 5);

        Assert.Equal([[5L, 4L], [3L, 2L], [1L]], pages);
        var first = await (await Admin.GetAsync($"{url}?limit=2")).OkJsonAsync();
        var otherCursor = (await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{other}/revisions?limit=1")).OkJsonAsync())["nextCursor"];
        Assert.Null(otherCursor); // one change only
        var elsewhere = $"/api/v1/sites/{site}/articles/{other}/revisions?cursor={Uri.EscapeDataString(first.Text("nextCursor"))}";
        Assert.Contains("cursor", (await (await Admin.GetAsync(elsewhere)).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("limit", (await (await Admin.GetAsync($"{url}?limit=101")).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(5, (await (await Admin.GetAsync(url)).OkJsonAsync())["items"]!.AsArray().Count); // 50 by default
    }

    [Fact]
    public async Task A_create_sent_again_with_its_idempotency_key_answers_the_article_it_made()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        HttpRequestMessage Create(string title, string key) => new(HttpMethod.Post, $"/api/v1/sites/{site}/articles")
        {
            Content = JsonContent.Create(new { channel = "news", title }),
            Headers = { { "Idempotency-Key", key } },
        };
        var key = Guid.NewGuid().ToString();

        // a client that timed out sends it again, several times at once
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Admin.SendAsync(Create("只建一次", key))));

        var ids = new List<long>();
        foreach (var answer in answers)
        {
            ids.Add((await answer.OkJsonAsync(HttpStatusCode.Created)).Id());
        }
        Assert.Single(ids.Distinct());
        Assert.Equal(3, answers.Count(a => a.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true"));
        var reused = await Admin.SendAsync(Create("另一篇", key));
        Assert.Equal("idempotency_key_reused", (await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Text("code"));
        // the draft form of the key's quoted value (RFC 8941) names the same creation
        var quoted = await Admin.SendAsync(Create("只建一次", $"\"{key}\""));
        Assert.Equal(ids[0], (await quoted.OkJsonAsync(HttpStatusCode.Created)).Id());
        // another API key has keys of its own
        var (other, _) = await ClientWithNewKeyAsync(new { name = "editor", scopes = new[] { "content:write", "content:read-drafts" } });
        using var _1 = other;
        Assert.NotEqual(ids[0], (await (await other.SendAsync(Create("只建一次", key))).OkJsonAsync(HttpStatusCode.Created)).Id());
        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        Assert.Equal(2, drafts["items"]!.AsArray().Count);
        Assert.Equal("invalid_idempotency_key",
            (await (await Admin.SendAsync(Create("t", new string('k', 256)))).ProblemAsync(HttpStatusCode.BadRequest)).Text("code"));
    }

    /// <summary>RFC 9110 13.1.1: If-Match: * is true whenever the article exists; it was a 412 "has changed".</summary>
    [Fact]
    public async Task If_match_star_replaces_whatever_version_is_stored()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "标题", source = "来源" })).Id();
        var url = $"/api/v1/sites/{site}/articles/{id}";

        var patched = await (await Admin.SendAsync(HttpMethod.Patch, url, new { title = "改" }, "*")).OkJsonAsync();
        var replaced = await (await Admin.SendAsync(HttpMethod.Put, url, new { channel = "news", title = "换" }, "*")).OkJsonAsync();

        Assert.Equal(("改", "来源", 2L), (patched.Text("title"), patched.Text("source"), patched["version"]!.GetValue<long>()));
        Assert.Equal(("换", 3L), (replaced.Text("title"), replaced["version"]!.GetValue<long>()));
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/articles/999999", new { channel = "news", title = "无" }, "*"))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.SendAsync(HttpMethod.Put, url, new { channel = "news", title = "旧" }, "W/\"3\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Replace_and_merge_patch_need_a_current_if_match()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "标题", subtitle = "副标题", source = "来源" })).Id();
        var url = $"/api/v1/sites/{site}/articles/{id}";

        await (await Admin.SendAsync(HttpMethod.Put, url, new { channel = "news", title = "新" })).ProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await Admin.SendAsync(HttpMethod.Patch, url, new { title = "新" })).ProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await Admin.SendAsync(HttpMethod.Patch, url, new { title = "新" }, "\"9\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);

        var patched = await (await Admin.SendAsync(HttpMethod.Patch, url, new Dictionary<string, object?> { ["title"] = "新标题", ["subtitle"] = null }, "\"1\"")).OkJsonAsync();

        Assert.Equal("新标题", patched.Text("title"));
        Assert.Null(patched["subtitle"]);
        Assert.Equal("来源", patched.Text("source"));
        Assert.Equal(2, patched["version"]!.GetValue<long>());
        // a patch that makes the article invalid is refused like a PUT would be
        var invalid = await Admin.SendAsync(HttpMethod.Patch, url, new { title = "" }, "\"2\"");
        Assert.Contains("title", (await invalid.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_revision_can_be_restored()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "第一版" })).Id();
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/articles/{id}", new { channel = "notices", title = "第二版" }, "\"1\"")).OkJsonAsync();

        var old = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}/revisions/1")).OkJsonAsync();
        var restored = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/revisions/1/restore", new { })).OkJsonAsync();

        Assert.Equal("第一版", old["article"]!.Text("title"));
        Assert.Equal("第一版", restored.Text("title"));
        Assert.Equal("news", restored.Text("channel"));
        Assert.Equal(3, restored["version"]!.GetValue<long>());
        await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}/revisions/9")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}/revisions")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string> InvalidArticles => new()
    {
        { """{"channel":"news"}""", "title" },
        { """{"channel":"news","title":""}""", "title" },
        { $$"""{"channel":"news","title":"{{new string('长', 201)}}"}""", "title" },
        { $$"""{"channel":"news","title":"t","summary":"{{new string('长', 1001)}}"}""", "summary" },
        { """{"title":"t"}""", "channel" },
        { """{"channel":"no-such-channel","title":"t"}""", "channel" },
        { """{"channel":"news","title":"t","slug":"12345"}""", "slug" },
        { """{"channel":"news","title":"t","slug":"a/b"}""", "slug" },
        { """{"channel":"news","title":"t","coverUrl":"javascript:alert(1)"}""", "coverUrl" },
        { """{"channel":"news","title":"a\u0000b"}""", "title" },
        { """{"channel":"news","title":"t","publishedAt":"1900-01-01T00:00:00+08:00"}""", "publishedAt" },
        { """{"channel":"news","title":"t","body":{"sections":[{"title":"1","sections":[{"title":"2","sections":[{"title":"3","sections":[{"title":"4","sections":[{"title":"5"}]}]}]}]}]}}""", "body.sections[0].sections[0].sections[0].sections[0].sections" },
        { $$$"""{"channel":"news","title":"t","body":{"lead":["{{{new string('长', 20001)}}}"]}}""", "body.lead[0]" },
        // a regulation: 章 → 节 → 条 → 项 → 目, nothing below; only a 章 or 节 has a title
        { """{"channel":"news","title":"t","body":{"numbering":"regulation","sections":[{"title":"章","sections":[{"title":"节","sections":[{"sections":[{"sections":[{"sections":[{}]}]}]}]}]}]}}""", "body.sections[0].sections[0].sections[0].sections[0].sections[0].sections" },
        { """{"channel":"news","title":"t","body":{"numbering":"regulation","sections":[{"title":"章","sections":[{"title":"节","sections":[{"title":"条"}]}]}]}}""", "body.sections[0].sections[0].sections[0].title" },
        { """{"channel":"news","title":"t","body":{"numbering":"regulation","sections":[{"paragraphs":["第一条"],"sections":[{"title":"项"}]}]}}""", "body.sections[0].sections[0].title" },
        // in parts: 编 → 章 → 节 → 条 → 项 → 目, nothing below; a 条 in a 编 has no title either
        { """{"channel":"news","title":"t","body":{"numbering":"codeInParts","sections":[{"title":"编","sections":[{"title":"章","sections":[{"title":"节","sections":[{"sections":[{"sections":[{"sections":[{}]}]}]}]}]}]}]}}""", "body.sections[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections" },
        { """{"channel":"news","title":"t","body":{"numbering":"regulationInParts","sections":[{"title":"编","sections":[{"paragraphs":["第一条"],"sections":[{"title":"项"}]}]}]}}""", "body.sections[0].sections[0].sections[0].title" },
    };

    [Theory]
    [InlineData("2022-05-12T11:23:00")]
    [InlineData("2022-05-12")]
    public async Task A_time_without_its_offset_is_refused_not_read_in_the_servers_zone(string time)
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var problem = await (await Admin.PostRawAsync($"/api/v1/sites/{site}/articles",
            $$"""{"channel":"news","title":"t","publishedAt":"{{time}}"}""")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("'$.publishedAt' is not an ISO-8601 time with its offset, e.g. 2022-05-12T11:23:00+08:00.", problem.Text("detail"));
        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        Assert.Empty(drafts["items"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"channel":"news","title":"t","body":"一、总体要求"}""", "'$.body' should be an object with the fields numbering, lead, sections, closing (line 1, byte 57).")]
    [InlineData("""{"channel":"news","title":"t","body":{"numbering":1}}""", "'$.body.numbering' should be one of document, regulation, regulationInParts, codeInParts (line 1, byte 51).")]
    [InlineData("""{"channel":"news","title":"t","body":{"numbering":"law"}}""", "'$.body.numbering' should be one of document, regulation, regulationInParts, codeInParts (line 1, byte 55).")]
    [InlineData("""{"channel":"news","title":"t","body":{"sections":[{"title":["x"]}]}}""", "'$.body.sections[0].title' should be a string (line 1, byte 60).")]
    [InlineData("""{"channel":"news","title":"t","body":{"sections":[{"text":"x"}]}}""", "'$.body.sections[0].text' is not a field here (line 1, byte 58); the fields of '$.body.sections[0]' are path, label, title, paragraphs, sections.")]
    public async Task A_body_of_the_wrong_shape_is_refused_with_its_whole_path(string json, string detail)
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var problem = await (await Admin.PostRawAsync($"/api/v1/sites/{site}/articles", json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(detail, problem.Text("detail"));
        // the same body in a merge patch: the path is the patch's, without a position in the merged article
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "t" }))["id"]!.GetValue<long>();
        var patch = new JsonObject { ["body"] = JsonNode.Parse(json)!["body"]!.DeepClone() };
        var patched = await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{id}", patch, "*");
        Assert.Equal(System.Text.RegularExpressions.Regex.Replace(detail, @" \(line 1, byte \d+\)", ""),
            (await patched.ProblemAsync(HttpStatusCode.BadRequest)).Text("detail"));
        Assert.Equal(1, (await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync())["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_merge_patch_that_sends_a_field_twice_says_which()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "t" })).Id();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{id}")
        {
            Content = new StringContent("""{"title":"甲","title":"乙"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", "*");

        var problem = await (await Admin.SendAsync(patch)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("The request body sends the field 'title' twice.", problem.Text("detail"));
    }

    [Theory]
    [MemberData(nameof(InvalidArticles))]
    public async Task Invalid_articles_are_refused_with_field_errors_and_nothing_is_written(string json, string field)
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var problem = await (await Admin.PostRawAsync($"/api/v1/sites/{site}/articles", json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        var drafts = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync();
        Assert.Empty(drafts["items"]!.AsArray());
    }

    [Theory]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=eyJzIjoibyIsInQiOjEsImkiOjF9", "cursor")] // made for sort=oldest
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("sort=random", "sort")]
    [InlineData("from=2022-13-01", "from")]
    [InlineData("from=2022-05-12T11:23:00", "from")] // an instant without its offset
    [InlineData("to=yesterday", "to")]
    [InlineData("status=deleted", "status")]
    [InlineData("tag=%00", "tag")] // a NUL in a filter was a 500 on PostgreSQL, which refuses it in a parameter
    [InlineData("source=%E6%96%B0%00", "source")]
    [InlineData("issuingAgency=%00", "issuingAgency")]
    [InlineData("subject=%00", "subject")]
    [InlineData("documentNumber=%00", "documentNumber")]
    [InlineData("indexNumber=%00", "indexNumber")]
    [InlineData("validity=%E6%9C%89%01", "validity")]
    public async Task Bad_list_parameters_are_400(string query, string field)
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var problem = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("tag=a&tag=b", "tag")]       // read as the one tag "a,b" before, which matched nothing
    [InlineData("limit=1&LIMIT=2", "limit")] // names are matched ignoring case
    [InlineData("q=党建&q=作风", "q")]
    public async Task A_query_parameter_given_twice_is_a_400_that_names_it(string query, string name)
    {
        var site = await ContentApi.NewSiteAsync(Admin);

        var problem = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal($"The query parameter '{name}' is given 2 times; each parameter takes one value.", problem.Text("detail"), ignoreCase: true);
    }

    [Fact]
    public async Task An_empty_query_parameter_is_as_if_it_were_not_sent()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.PublishedAsync(Admin, site, "甲", ContentApi.Published);
        await ContentApi.PublishedAsync(Admin, site, "乙", ContentApi.Published.AddDays(1));

        // what a client filling in a URL template sends for the first page
        var first = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?limit=1&cursor=&sort=&status=&channel=&q=")).OkJsonAsync();

        Assert.Equal(["乙"], first["items"]!.AsArray().Select(a => a!.Text("title")));
        var next = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?limit=1&sort=&cursor={Uri.EscapeDataString(first.Text("nextCursor"))}")).OkJsonAsync();
        Assert.Equal(["甲"], next["items"]!.AsArray().Select(a => a!.Text("title")));
    }

    [Fact]
    public async Task A_list_of_a_channel_that_does_not_exist_is_a_404_until_the_channel_is_made()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        string[] urls = [$"/api/v1/sites/{site}/articles?channel=later", $"/api/v1/sites/{site}/articles?channel=later&q=党建",
            $"/api/v1/sites/{site}/articles/popular?channel=later"];

        foreach (var url in urls)
        {
            // an empty list would leave a front end with a mistyped key showing nothing, and no reason
            Assert.Equal("No channel 'later' exists.", (await (await Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound)).Text("detail"));
        }
        // a key no channel can have is a 400, on the ranking as on the list
        foreach (var url in new[] { $"/api/v1/sites/{site}/articles?channel=LATER", $"/api/v1/sites/{site}/articles/popular?channel=LATER" })
        {
            Assert.Contains("channel", (await (await Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        }
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/channels", new { key = "later", name = "稍后" })).OkJsonAsync(HttpStatusCode.Created);
        foreach (var url in urls)
        {
            Assert.Empty((await (await Anonymous.GetAsync(url)).OkJsonAsync())["items"]!.AsArray());
        }
    }

    [Theory]
    [InlineData("GET", "articles?limit=abc", "limit", "limit should be a whole number from -2147483648 to 2147483647.")]
    [InlineData("GET", "articles/1/revisions?limit=1.5", "limit", "limit should be a whole number from -2147483648 to 2147483647.")]
    [InlineData("GET", "articles/popular?limit=abc", "limit", "limit should be a whole number from -2147483648 to 2147483647.")]
    [InlineData("POST", "articles/import?channel=news&publish=maybe", "publish", "publish should be true or false.")]
    public async Task A_query_value_of_the_wrong_kind_is_a_400_that_names_it(string method, string route, string field, string message)
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/sites/{site}/{route}")
        {
            Content = method == "POST" ? new StringContent("标题\n正文", System.Text.Encoding.UTF8, "text/plain") : null,
        };

        // the binder's bare 400 for a record's property said nothing
        var problem = await (await Admin.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([message], problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task Filters_select_by_channel_with_descendants_tag_source_and_dates()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var inNews = await ContentApi.PublishedAsync(Admin, site, "新闻", ContentApi.Published, "news", ["党建"], "市委");
        var inDepartments = await ContentApi.PublishedAsync(Admin, site, "部门", ContentApi.Published.AddDays(1), "departments", ["环保"], "市生态环境局");
        var inNotices = await ContentApi.PublishedAsync(Admin, site, "通知", ContentApi.Published.AddDays(2), "notices", ["党建"], "市委");

        async Task<long[]> Ids(string query) =>
            (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?{query}")).OkJsonAsync())["items"]!.AsArray().Select(a => a!.Id()).ToArray();

        Assert.Equal([inNotices, inDepartments, inNews], await Ids(""));
        Assert.Equal([inNews, inDepartments, inNotices], await Ids("sort=oldest"));
        Assert.Equal([inDepartments, inNews], await Ids("channel=news"));
        Assert.Equal([inDepartments], await Ids("channel=departments"));
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?channel=no-such-channel")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([inNotices, inNews], await Ids($"tag={Uri.EscapeDataString("党建")}"));
        Assert.Equal([inDepartments], await Ids($"source={Uri.EscapeDataString("市生态环境局")}"));
        Assert.Equal([inDepartments], await Ids("from=2022-05-02&to=2022-05-02"));
        Assert.Equal([inNotices, inDepartments], await Ids("from=2022-05-02T00:00:00%2B08:00"));
        await (await Anonymous.GetAsync("/api/v1/sites/no-such-site/articles")).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// 图片新闻: a home page's carousel lists the articles with a cover image, and the text list beside it those without;
    /// each pages through exactly its own, pinned first, however the covers lie (their own listing index, migration 0031).
    /// </summary>
    [Fact]
    public async Task A_list_of_articles_with_a_cover_pages_through_exactly_those_and_the_rest_lists_the_others()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        const int count = 30;
        var ids = new long[count];
        bool Covered(int i) => i % 4 == 0 || i == 29;
        for (var i = 0; i < count; i++)
        {
            var created = await ContentApi.CreateAsync(Admin, site, new
            {
                channel = i % 3 == 0 ? "notices" : "news", title = $"图片新闻{i}", publishedAt = ContentApi.Published.AddHours(i),
                coverUrl = Covered(i) ? $"/images/{i}.jpg" : null,
            });
            ids[i] = created.Id();
            await ContentApi.PublishAsync(Admin, site, ids[i]);
        }
        // pinned: one with a cover, one without; each heads its own list only
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{ids[4]}/pin", new { })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{ids[5]}/pin", new { })).OkJsonAsync();

        async Task<List<long>> PageThrough(string query) =>
            (await ContentApi.PageThroughAsync(Anonymous, $"/api/v1/sites/{site}/articles?{query}&limit=3")).Select(a => a.Id()).ToList();
        List<long> Newest(Func<int, bool> which, int? pinned) =>
            (pinned is { } first ? [ids[first]] : new List<long>())
                .Concat(Enumerable.Range(0, count).Where(i => which(i) && i != pinned).Reverse().Select(i => ids[i])).ToList();

        Assert.Equal(Newest(Covered, pinned: 4), await PageThrough("cover=true"));
        Assert.Equal(Newest(i => !Covered(i), pinned: 5), await PageThrough("cover=false"));
        Assert.Equal(Newest(i => Covered(i) && i % 3 == 0, pinned: null), await PageThrough("cover=true&channel=notices"));
        Assert.Equal(Newest(Covered, pinned: null).AsEnumerable().Reverse(), await PageThrough("cover=true&sort=oldest"));
        var covers = (await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?cover=true&limit=100")).OkJsonAsync())["items"]!.AsArray();
        Assert.All(covers, a => Assert.StartsWith("/images/", a!["coverUrl"]!.GetValue<string>(), StringComparison.Ordinal));

        // a cover taken away takes the article out of the carousel at once
        await (await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{ids[29]}", JsonNode.Parse("""{"coverUrl":null}"""), "*")).OkJsonAsync();
        Assert.DoesNotContain(ids[29], await PageThrough("cover=true"));
        Assert.Equal(ids[29], (await PageThrough("cover=false"))[1]);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?cover=yes")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// A tag's list is paged like a search (a walk of the newest articles, the tag's articles looked up, or their ids kept
    /// while walking), chosen by how many have it and where they lie; every way must page through exactly the tagged
    /// articles in order. The tags here differ in both, and each is paged by 1 and by 20.
    /// </summary>
    [Fact]
    public async Task A_tag_pages_through_exactly_its_articles_however_many_and_wherever_they_are()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        const int count = 160;
        var ids = new long[count];
        var tags = new Dictionary<string, Func<int, bool>>
        {
            ["每隔一篇"] = i => i % 2 == 0,  // everywhere
            ["早年专题"] = i => i < 80,      // the older half only
            ["罕见"] = i => i is 3 or 77 or 150,
        };
        for (var i = 0; i < count; i++)
        {
            ids[i] = await ContentApi.PublishedAsync(Admin, site, $"第{i}篇", ContentApi.Published.AddHours(i),
                i % 3 == 0 ? "notices" : "news", tags.Where(t => t.Value(i)).Select(t => t.Key).ToArray());
        }

        async Task<List<long>> PageThrough(string query, int limit) =>
            (await ContentApi.PageThroughAsync(Anonymous, $"/api/v1/sites/{site}/articles?{query}&limit={limit}")).Select(a => a.Id()).ToList();

        foreach (var (tag, has) in tags)
        {
            var newestFirst = Enumerable.Range(0, count).Where(has).Reverse().Select(i => ids[i]).ToList();
            var inNotices = Enumerable.Range(0, count).Where(i => has(i) && i % 3 == 0).Reverse().Select(i => ids[i]).ToList();
            foreach (var limit in new[] { 1, 20 })
            {
                Assert.Equal(newestFirst, await PageThrough($"tag={Uri.EscapeDataString(tag)}", limit));
                Assert.Equal(newestFirst.AsEnumerable().Reverse(), await PageThrough($"tag={Uri.EscapeDataString(tag)}&sort=oldest", limit));
                Assert.Equal(inNotices, await PageThrough($"tag={Uri.EscapeDataString(tag)}&channel=notices", limit));
            }
        }
        Assert.Empty(await PageThrough("tag=nosuch", 20));
    }

    /// <summary>
    /// A day's <c>to</c> ends at the next midnight in the site's zone, and no bound shows an article before its publish
    /// time (the list gives SQLite the tighter of "published by now" and <c>to</c> as one bound).
    /// </summary>
    [Fact]
    public async Task The_to_day_ends_at_midnight_and_never_shows_a_scheduled_article()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var lastMoment = await ContentApi.PublishedAsync(Admin, site, "当天最后", new DateTimeOffset(2022, 5, 2, 23, 59, 59, 999, TimeSpan.FromHours(8)));
        var nextDay = await ContentApi.PublishedAsync(Admin, site, "次日零点", new DateTimeOffset(2022, 5, 3, 0, 0, 0, TimeSpan.FromHours(8)));
        var scheduled = await ContentApi.PublishedAsync(Admin, site, "定时发布", new DateTimeOffset(2099, 1, 1, 9, 0, 0, TimeSpan.FromHours(8)));

        async Task<long[]> Ids(HttpClient client, string query) =>
            (await (await client.GetAsync($"/api/v1/sites/{site}/articles?{query}")).OkJsonAsync())["items"]!.AsArray().Select(a => a!.Id()).ToArray();

        Assert.Equal([lastMoment], await Ids(Anonymous, "to=2022-05-02"));
        Assert.Equal([lastMoment], await Ids(Anonymous, "to=2022-05-03T00:00:00%2B08:00"));
        Assert.Equal([nextDay], await Ids(Anonymous, "from=2022-05-03"));
        Assert.Equal([nextDay, lastMoment], await Ids(Anonymous, "to=2100-01-01"));
        Assert.Equal([nextDay, lastMoment], await Ids(Anonymous, "from=2022-05-01&to=2099-01-01"));
        // the calendar's first and last days are days too (east of UTC the first starts before the year 1 there)
        Assert.Equal([nextDay, lastMoment], await Ids(Anonymous, "from=0001-01-01&to=9999-12-31"));
        Assert.Empty(await Ids(Anonymous, "to=0001-01-01"));
        Assert.Empty(await Ids(Anonymous, "from=9999-12-31"));
        Assert.Equal([scheduled], await Ids(Admin, "status=scheduled&to=2100-01-01"));
        Assert.Empty(await Ids(Admin, "status=scheduled&to=2098-12-31"));
    }

    [Fact]
    public async Task Content_with_injection_strings_is_stored_and_returned_verbatim()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        const string title = "'; DROP TABLE articles; -- <script>alert('x')</script>";

        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title, body = new { lead = new[] { "\" OR 1=1 --" } } })).Id();

        var read = await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync();
        Assert.Equal(title, read.Text("title"));
        Assert.Equal("\" OR 1=1 --", read["body"]!["lead"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_stored_body_is_answered_escaped_like_the_rest_of_the_answer()
    {
        // The body is copied into the answer as stored: it must be escaped as the serializer escapes the title.
        var site = await ContentApi.NewSiteAsync(Admin);
        const string text = "<script>alert('x & y')</script> \"引号\" 𠀀 第二行";
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = text, body = new { lead = new[] { text } } })).Id();
        await ContentApi.PublishAsync(Admin, site, id);

        var raw = await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).Content.ReadAsStringAsync();
        var read = JsonNode.Parse(raw)!;

        Assert.Equal(text, read.Text("title"));
        Assert.Equal(text, read["body"]!["lead"]![0]!.GetValue<string>());
        Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("'", raw, StringComparison.Ordinal);
        var escapedTitle = raw[(raw.IndexOf("\"title\":", StringComparison.Ordinal) + 8)..].Split(',')[0];
        Assert.Equal(2, raw.Split(escapedTitle).Length - 1); // the title's exact bytes appear twice: as the title and in the lead
    }
    [Fact]
    public async Task Writes_need_a_key() 
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await (await Anonymous.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "t" })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Anonymous.PostJsonAsync($"/api/v1/sites/{site}/articles/1/publish", new { })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await Anonymous.DeleteAsync($"/api/v1/sites/{site}/articles/1")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
