using CmsApi.Import;
using CmsApi.Sections;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Import;

public sealed class LegacyPageParserTests
{
    private static readonly string Fixture = string.Join('\n', LegacyPage.Lines);

    [Fact]
    public void The_fixture_page_reads_field_for_field()
    {
        var page = LegacyPageParser.Parse(Fixture);

        Assert.Equal("固堡垒强基层 抓党建促业务", page.Title);
        Assert.Equal("市生态环境局推动生态环境工作高质量发展,以优异成绩迎接党的二十大胜利召开", page.Subtitle);
        Assert.Equal(new DateTimeOffset(2022, 5, 12, 11, 23, 0, TimeSpan.FromHours(8)), page.PublishedAt);
        Assert.Equal("市生态环境局", page.Source);
        Assert.Equal(1560, page.ViewCount);
        Assert.Equal("刘嘉浩", page.Editor);
        Assert.Equal([LegacyPage.Line(8)], page.Body.Lead);
        Assert.Equal(6, page.Body.Sections!.Count);
        Assert.All(page.Body.Sections, s => Assert.Equal(3, s.Sections!.Count));
        Assert.Equal("坚决筑牢政治忠诚", page.Body.Sections[0].Sections![0].Title);
        Assert.StartsWith("坚持以党的政治建设为统领", page.Body.Sections[0].Sections![0].Paragraphs![0], StringComparison.Ordinal);
        Assert.Empty(page.Body.Closing!);

        var report = page.Report;
        Assert.Equal(1, report.HeaderDate!.Line);
        Assert.Equal((3, 5, 6, 58), (report.Title!.Line, report.Subtitle!.Line, report.MetaLine!.Line, report.Editor!.Line));
        Assert.Equal(new SectionCounts(6, 18, 0, 0, 0, 0), report.Sections);
        Assert.Equal("粤ICP备14006357号", report.Footer.IcpFiling);
        Assert.Equal("粤公网安备 44010402000201号", report.Footer.PublicSecurityFiling);
        Assert.Equal("中共广州市直属机关工作委员会", report.Footer.CopyrightHolder);
        Assert.Equal("版权所有,未经书面授权禁止使用", report.Footer.CopyrightNotice);
        Assert.Equal(LegacyPage.Line(62), report.Footer.CopyrightLine);
        Assert.Equal(2016, report.Footer.CopyrightStartYear);
        Assert.Empty(report.Warnings);
    }

    /// <summary>A 政府信息公开 page as gov.cn prints it: the catalogue's box above the title, two fields to a line.</summary>
    [Fact]
    public void A_disclosure_pages_catalogue_becomes_the_articles_disclosure()
    {
        const string text =
            "索  引  号：000014349/2022-00028　　主题分类：综合政务\\政务公开\n" +
            "发文机关：国务院办公厅　　成文日期：2022年05月09日\n" +
            "标　　题：国务院办公厅关于进一步优化营商环境的通知\n" +
            "发文字号：国办发[2022]15号　　发布日期：2022年05月13日\n" +
            "主  题  词：营商环境\n" +
            "有 效 性：有效\n" +
            "国务院办公厅关于进一步优化营商环境的通知\n" +
            "国办发〔2022〕15号\n" +
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n" +
            "一、总体要求\n坚持市场化、法治化、国际化原则。\n" +
            "国务院办公厅\n2022年5月9日\n（此件公开发布）\n";

        var page = LegacyPageParser.Parse(text);

        Assert.Equal("国务院办公厅关于进一步优化营商环境的通知", page.Title);
        Assert.Equal(new CmsApi.Articles.Disclosure("000014349/2022-00028", @"综合政务\政务公开", "国务院办公厅", new DateOnly(2022, 5, 9),
            "国办发〔2022〕15号", "有效"), page.Disclosure);
        Assert.Equal(new DateTimeOffset(2022, 5, 13, 0, 0, 0, TimeSpan.FromHours(8)), page.PublishedAt); // from the box: no publish line
        Assert.Equal(["各省、自治区、直辖市人民政府，国务院各部委、各直属机构："], page.Body.Lead);
        Assert.Equal("总体要求", Assert.Single(page.Body.Sections!).Title);
        Assert.Equal(["国务院办公厅", "2022年5月9日", "（此件公开发布）"], page.Body.Closing!);
        Assert.Equal([1, 2, 3, 4, 5, 6, 8], page.Report.Catalogue.Select(line => line.Line));
        Assert.Equal(7, page.Report.Title!.Line);
        Assert.Equal((5, "主题词 of the disclosure catalogue is not kept."), (Assert.Single(page.Report.Warnings).Line, page.Report.Warnings[0].Message));
    }

    [Theory]
    [InlineData("某局关于某事的通知\n发布时间：2023-02-01 09:30　来源：某局\n索引号：11440100/2023-00001\n发文字号：穗府办函（2023）3号\n有效性：有效\n各单位：\n",
        "某局关于某事的通知", "穗府办函〔2023〕3号")] // under the publish line, as this service prints its text
    [InlineData("标题：某局关于某事的通知\n文号：某发〔2023〕1号\n各单位：\n", "某局关于某事的通知", "某发〔2023〕1号")] // the box's 标题 is the only title
    [InlineData("某局关于某事的通知\n各单位：\n文号：某发〔2023〕1号\n", "某局关于某事的通知", null)] // in the body: a paragraph
    public void A_catalogue_is_read_where_pages_print_it_and_nowhere_else(string text, string title, string? documentNumber)
    {
        var page = LegacyPageParser.Parse(text);

        Assert.Equal(title, page.Title);
        Assert.Equal(documentNumber, page.Disclosure?.DocumentNumber);
        Assert.Contains("各单位：", page.Body.Lead!);
        Assert.Empty(page.Report.Warnings);
    }

    [Fact]
    public void A_page_with_full_width_brackets_four_levels_and_other_line_forms()
    {
        const string text =
            "\uFEFF今天是2023年3月5日 星期日\r\n\r\n" +
            "关于开展2023年度机关党建工作的通知\r\n" +
            "发布日期：2023-03-01 09:30\u3000\u3000作者：张三\u00a0\u00a0点击数：88\r\n" +
            "——2023年第1号\r\n\r\n\r\n" +
            "各支部：\r\n" +
            "现将有关事项通知如下。\r\n" +
            "一、总体要求\r\n" +
            "（一）指导思想。以习近平新时代中国特色社会主义思想为指导。\r\n" +
            "1．学习教育\r\n" +
            "（1）集中学习。每月至少一次。\r\n" +
            "（2）个人自学。\r\n" +
            "2、调查研究\r\n" +
            "（二）工作目标。全面提升。\r\n" +
            "二、时间安排。3月至12月。\r\n" +
            "【打印本页】\r\n" +
            "责任编辑：李四\r\n" +
            "主办：中共某市委直属机关工作委员会\r\n" +
            "京ICP备11017824号-4 京公网安备 11010802020326号\r\n" +
            "网站标识码：bm09000001\r\n";

        var page = LegacyPageParser.Parse(text);

        Assert.Equal("关于开展2023年度机关党建工作的通知", page.Title);
        Assert.Equal("2023年第1号", page.Subtitle);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 9, 30, 0, TimeSpan.FromHours(8)), page.PublishedAt);
        Assert.Equal("张三", page.Author);
        Assert.Equal(88, page.ViewCount);
        Assert.Equal("李四", page.Editor);
        Assert.Equal(["各支部：", "现将有关事项通知如下。"], page.Body.Lead);
        var body = Numbering.Number(page.Body);
        Assert.Equal("总体要求", Numbering.Find(body, "1")!.Title);
        Assert.Equal(("指导思想", "以习近平新时代中国特色社会主义思想为指导。"), (Numbering.Find(body, "1.1")!.Title, Numbering.Find(body, "1.1")!.Paragraphs![0]));
        Assert.Equal("学习教育", Numbering.Find(body, "1.1.1")!.Title);
        Assert.Equal(("集中学习", "（1）"), (Numbering.Find(body, "1.1.1.1")!.Title, Numbering.Find(body, "1.1.1.1")!.Label));
        Assert.Equal("个人自学", Numbering.Find(body, "1.1.1.2")!.Title);
        Assert.Equal("调查研究", Numbering.Find(body, "1.1.2")!.Title);
        Assert.Equal("工作目标", Numbering.Find(body, "1.2")!.Title);
        Assert.Equal(("时间安排", "3月至12月。"), (Numbering.Find(body, "2")!.Title, Numbering.Find(body, "2")!.Paragraphs![0]));
        Assert.Equal(new SectionCounts(2, 2, 2, 2, 0, 0), page.Report.Sections);
        Assert.Equal("京ICP备11017824号-4", page.Report.Footer.IcpFiling);
        Assert.Equal("京公网安备 11010802020326号", page.Report.Footer.PublicSecurityFiling);
        Assert.Equal("bm09000001", page.Report.Footer.SiteCode);
        Assert.Equal(1, page.Report.HeaderDate!.Line);
        Assert.Contains(page.Report.Warnings, w => w.Line == 18 && w.Message.Contains("chrome", StringComparison.Ordinal));
    }

    [Fact]
    public void A_regulation_is_read_into_chapters_divisions_provisions_and_their_items()
    {
        const string text =
            "某市机关事务管理办法\n" +
            "发布时间：2023-06-01 10:00　来源：市机关事务管理局\n" +
            "（2023年5月12日市人民政府第8次常务会议通过）\n" +
            "第一章　总则\n" +
            "第一条　为了规范机关事务管理，保障机关正常运行，制定本办法。\n" +
            "第二条　本办法适用于本市各级机关。\n" +
            "事业单位参照本办法执行。\n" +
            "第二章　资产管理\n" +
            "第一节　一般规定\n" +
            "第三条　机关不得有下列行为：\n" +
            "（一）擅自处置国有资产；\n" +
            "（二）违规出租、出借办公用房，包括：\n" +
            "1.出租给企业；\n" +
            "2.出借给个人。\n" +
            "(三)其他违反规定的行为。\n" +
            "第二节 监督检查\n" +
            "第四条 市机关事务主管部门应当加强监督检查。\n" +
            "第三章　附则\n" +
            "第五条本办法自2023年7月1日起施行。\n" +
            "（责任编辑：王五）\n";

        var page = LegacyPageParser.Parse(text);

        Assert.Equal(BodyNumbering.Regulation, page.Body.Numbering);
        Assert.Equal(["（2023年5月12日市人民政府第8次常务会议通过）"], page.Body.Lead);
        var body = Numbering.Number(page.Body);
        Section At(string path) => Numbering.Find(body, path)!;
        Assert.Equal([("第一章", "总则"), ("第二章", "资产管理"), ("第一节", "一般规定"), ("第二节", "监督检查"), ("第三章", "附则")],
            new[] { "1", "2", "2.1", "2.2", "3" }.Select(path => (At(path).Label, At(path).Title)));
        Assert.Equal(["本办法适用于本市各级机关。", "事业单位参照本办法执行。"], At("1.2").Paragraphs); // a 条's second 款
        Assert.Equal(("第三条", "机关不得有下列行为："), (At("2.1.1").Label, At("2.1.1").Paragraphs!.Single()));
        Assert.Equal([("（一）", "擅自处置国有资产；"), ("（二）", "违规出租、出借办公用房，包括："), ("（三）", "其他违反规定的行为。")],
            At("2.1.1").Sections!.Select(item => (item.Label, item.Paragraphs!.Single())));
        Assert.Equal(["1.", "2."], At("2.1.1.2").Sections!.Select(subitem => subitem.Label));
        Assert.Equal(("第四条", "市机关事务主管部门应当加强监督检查。"), (At("2.2.1").Label, At("2.2.1").Paragraphs!.Single()));
        Assert.Equal(("第五条", "本办法自2023年7月1日起施行。"), (At("3.1").Label, At("3.1").Paragraphs!.Single()));
        Assert.Equal(new SectionCounts(3, 5, 2, 3, 2, 0), page.Report.Sections);
        Assert.Equal("王五", page.Editor);
        Assert.Empty(page.Report.Warnings);
    }

    [Fact]
    public void A_long_regulations_table_of_contents_is_dropped_and_its_text_read()
    {
        const string text =
            "某市档案管理条例\n发布时间：2023-06-01　来源：市档案局\n" +
            "目　　录\n第一章　总则\n第二章　档案管理\n第一节　收集\n第二节　利用\n第三章　附则\n" +
            "第一章　总则\n第一条　为了加强档案管理，制定本条例。\n" +
            "第二章　档案管理\n第一节　收集\n第二条　机关应当收集档案。\n第二节　利用\n第三条　档案应当依法利用。\n" +
            "第三章　附则\n第四条　本条例自2024年1月1日起施行。\n";

        var page = LegacyPageParser.Parse(text);

        var body = Numbering.Number(page.Body);
        Assert.Empty(body.Lead!);
        Assert.Equal(["第一章", "第二章", "第三章"], body.Sections!.Select(chapter => chapter.Label));
        Assert.Equal("第四条", Numbering.Find(body, "3.1")!.Label);
        var warning = Assert.Single(page.Report.Warnings);
        Assert.Equal((3, "A table of contents (6 lines): dropped; the body's own headings follow it."), (warning.Line, warning.Message));
    }

    [Fact]
    public void A_regulation_in_parts_numbers_its_chapters_through_as_the_party_discipline_regulation_prints_them()
    {
        var page = LegacyPageParser.Parse("某纪律处分条例\n发布时间：2023-06-01　来源：某委\n" +
                                          "目录\n第一编　总则\n第一章　任务\n第二章　原则\n第二编　分则\n第三章　处分\n" +
                                          "第一编　总则\n第一章　任务\n第一条　甲。\n第二章　原则\n第二条　乙。\n" +
                                          "第二编　分则\n第三章　处分\n第一节　一般规定\n第三条　有下列行为之一的：\n（一）丙；\n1.丁。\n");

        Assert.Equal(BodyNumbering.RegulationInParts, page.Body.Numbering);
        var body = Numbering.Number(page.Body);
        Assert.Empty(body.Lead!);
        Assert.Equal([("第一编", "总则"), ("第二编", "分则")], body.Sections!.Select(part => (part.Label, part.Title)));
        Assert.Equal(["第一章", "第二章"], body.Sections![0].Sections!.Select(chapter => chapter.Label));
        Assert.Equal(("第三章", "处分"), (Numbering.Find(body, "2.1")!.Label, Numbering.Find(body, "2.1")!.Title));
        Assert.Equal(["第三条", "（一）", "1."], new[] { "2.1.1.1", "2.1.1.1.1", "2.1.1.1.1.1" }.Select(path => Numbering.Find(body, path)!.Label));
        Assert.Equal(new SectionCounts(2, 3, 3, 1, 1, 1), page.Report.Sections);
        var warning = Assert.Single(page.Report.Warnings);
        Assert.Equal((3, "A table of contents (6 lines): dropped; the body's own headings follow it."), (warning.Line, warning.Message));
    }

    [Fact]
    public void A_code_in_parts_starts_its_chapters_again_in_each_part_and_keeps_a_subpart_as_a_paragraph()
    {
        var page = LegacyPageParser.Parse("某法典\n发布时间：2023-06-01　来源：某委\n" +
                                          "第一编　总则\n第一章　任务\n第一条　甲。\n第二章　原则\n第二条　乙。\n" +
                                          "第二编　分则\n第一分编　通则\n第一章　罪名\n第三条　丙。\n第三章　其他\n第四条　丁。\n");

        Assert.Equal(BodyNumbering.CodeInParts, page.Body.Numbering);
        var body = Numbering.Number(page.Body);
        Assert.Equal(["第一编", "第二编"], body.Sections!.Select(part => part.Label));
        Assert.Equal(["第一章", "第二章"], body.Sections![1].Sections!.Select(chapter => chapter.Label)); // renumbered by position
        Assert.Equal(["第三条", "第四条"], new[] { "2.1.1", "2.2.1" }.Select(path => Numbering.Find(body, path)!.Label));
        Assert.Equal(["第一分编　通则"], body.Sections![1].Paragraphs);
        Assert.Equal([(9, "A 分编 (a part within a 编): kept as a paragraph; a code is numbered from 编 and 章 down."),
                      (12, "Numbered 3 where 2 was expected: renumbered by position.")],
            page.Report.Warnings.Select(w => (w.Line, w.Message)));
    }

    [Fact]
    public void Provisions_numbered_in_digits_are_read_and_numbered_as_laws_are()
    {
        var page = LegacyPageParser.Parse("某单位财务管理制度\n发布时间：2023-06-01　来源：办公室\n第1条 为了规范财务管理，制定本制度。\n" +
                                          "第2条 本制度适用于本单位。\n第3条 本制度自发布之日起施行。\n");

        Assert.Equal(BodyNumbering.Regulation, page.Body.Numbering);
        Assert.Equal(["第一条", "第二条", "第三条"], Numbering.Number(page.Body).Sections!.Select(provision => provision.Label));
        Assert.Equal("本制度适用于本单位。", page.Body.Sections![1].Paragraphs!.Single());
        Assert.Empty(page.Report.Warnings);
    }

    [Theory]
    [InlineData("第一条地铁线路今天开通。|第二条线路明年开工。")]                 // two in order: news, not a regulation
    [InlineData("一、总体要求|第一条为了……|第二条适用于……|第三条本办法自发布之日起施行。")] // a document's heading comes first
    public void A_page_is_a_regulation_only_when_its_lines_number_three_provisions_before_any_heading(string lines)
    {
        var page = LegacyPageParser.Parse("标题\n发布时间：2023-06-01　来源：某局\n" + lines.Replace('|', '\n') + "\n");

        Assert.Equal(BodyNumbering.Document, page.Body.Numbering);
        Assert.DoesNotContain(Numbering.Texts(page.Body), text => text.StartsWith("为了", StringComparison.Ordinal));
    }

    [Fact]
    public void Half_width_forms_and_an_editor_in_brackets()
    {
        const string text =
            "标题\n时间:2021/5/12  来源:新华社\n导语。\n" +
            "一、第一部分\n(一)第一节。正文一。\n(二)这是一段很长的第一句话它远远超过了一个小标题应有的长度所以应当被当作正文而不是标题来读取。后面还有。\n" +
            "1.98亿吨的成交量位居全国首位。\n【编辑：王五】\n";

        var page = LegacyPageParser.Parse(text);

        Assert.Equal(new DateTimeOffset(2021, 5, 12, 0, 0, 0, TimeSpan.FromHours(8)), page.PublishedAt);
        Assert.Equal("新华社", page.Source);
        Assert.Equal("王五", page.Editor);
        var sections = page.Body.Sections![0].Sections!;
        Assert.Equal(("第一节", "正文一。"), (sections[0].Title, sections[0].Paragraphs![0]));
        // a long first sentence is text, not a heading
        Assert.Equal("", sections[1].Title);
        Assert.StartsWith("这是一段很长的第一句话", sections[1].Paragraphs![0], StringComparison.Ordinal);
        // a decimal number at the start of a paragraph is not a level-3 heading
        Assert.Equal("1.98亿吨的成交量位居全国首位。", sections[1].Paragraphs![1]);
    }

    [Fact]
    public void A_notice_keeps_its_attachment_note_signature_date_and_notes_as_the_closing()
    {
        const string text =
            "关于做好安全生产工作的通知\n发布时间：2023-02-01 09:30 来源：市应急管理局\n各区应急管理局：\n" +
            "一、总体要求\n坚持安全第一。\n二、有关要求\n请于3月1日前报送。\n" +
            "附件：1.安全生产责任清单\n2.隐患排查表\n市应急管理局\n市公安局\n2023年2月1日\n（此件公开发布）\n（责任编辑：张三）\n";

        var page = LegacyPageParser.Parse(text);

        // "2.隐患排查表" is the note's second attachment, not a level-3 heading of 二、
        Assert.Equal(["请于3月1日前报送。"], page.Body.Sections![1].Paragraphs!);
        Assert.Empty(page.Body.Sections[1].Sections!);
        Assert.Equal(["附件：1.安全生产责任清单", "2.隐患排查表", "市应急管理局", "市公安局", "2023年2月1日", "（此件公开发布）"], page.Body.Closing!);
        Assert.Equal([8, 9, 10, 11, 12, 13], page.Report.Closing.Select(l => l.Line));
        Assert.Equal("张三", page.Editor);
    }

    [Theory]
    [InlineData("市应急管理局")]              // a signature without its date
    [InlineData("附件材料请按时报送。")]        // a paragraph that merely starts with 附件
    [InlineData("2023年2月1日前完成。")]        // a sentence that starts with a date
    public void A_body_that_merely_ends_like_a_closing_keeps_its_last_paragraph(string last)
    {
        var page = LegacyPageParser.Parse($"标题\n一、要求\n正文。\n{last}\n");

        Assert.Equal(["正文。", last], page.Body.Sections![0].Paragraphs!);
        Assert.Empty(page.Body.Closing!);
    }

    [Fact]
    public void Skipped_levels_and_wrong_numbers_are_reported()
    {
        var page = LegacyPageParser.Parse("标题\n一、甲\n（1）跳过了两级\n三、乙\n");

        Assert.Equal("跳过了两级", page.Body.Sections![0].Sections![0].Title);
        Assert.Contains(page.Report.Warnings, w => w.Line == 3 && w.Message.Contains("level-4 heading directly under level 1", StringComparison.Ordinal));
        Assert.Contains(page.Report.Warnings, w => w.Line == 4 && w.Message.Contains("Numbered 3 where 2 was expected", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2022年05月12日 11:23", 2022, 5, 12, 11, 23)]
    [InlineData("2022-05-12 11:23:45", 2022, 5, 12, 11, 23)]
    [InlineData("2022/5/12", 2022, 5, 12, 0, 0)]
    [InlineData("2022.5.12 8:05", 2022, 5, 12, 8, 5)]
    [InlineData("２０２２年５月１２日", 2022, 5, 12, 0, 0)]
    public void Publish_times_in_their_common_forms_are_Beijing_time(string text, int y, int m, int d, int h, int min) =>
        Assert.Equal(new DateTimeOffset(y, m, d, h, min, 0, TimeSpan.FromHours(8)), LegacyPageParser.ParseTime(text)?.AddSeconds(-LegacyPageParser.ParseTime(text)!.Value.Second));

    [Theory]
    [InlineData("2022-13-45")]
    [InlineData("昨天")]
    public void Impossible_dates_are_not_read(string text) => Assert.Null(LegacyPageParser.ParseTime(text));

    [Fact]
    public void A_page_without_a_title_says_so()
    {
        var page = LegacyPageParser.Parse("发布时间：2022-05-12 来源：某局\n正文\n");

        Assert.Null(page.Title);
        Assert.Contains(page.Report.Warnings, w => w.Message.Contains("No title", StringComparison.Ordinal));
    }
}
