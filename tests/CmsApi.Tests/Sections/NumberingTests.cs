using CmsApi.Articles;
using CmsApi.Sections;

namespace CmsApi.Tests.Sections;

public sealed class NumberingTests
{
    [Theory]
    [InlineData(1, 1, "一、")]
    [InlineData(1, 10, "十、")]
    [InlineData(1, 11, "十一、")]
    [InlineData(1, 20, "二十、")]
    [InlineData(1, 21, "二十一、")]
    [InlineData(1, 105, "一百零五、")]
    [InlineData(2, 1, "（一）")]
    [InlineData(2, 3, "（三）")]
    [InlineData(3, 2, "2.")]
    [InlineData(4, 12, "（12）")]
    public void Labels_follow_GB_T_9704(int level, int position, string label) =>
        Assert.Equal(label, Numbering.Label(level, position));

    [Fact]
    public void Paths_and_labels_follow_from_position_and_ignore_what_was_sent()
    {
        var body = new ArticleBody(["导语"], [
            new Section("9", "九、", "甲", [], [new Section("x", "bad", "甲一", ["正文"], [new Section(null, null, "甲一1", [], [new Section(null, null, "甲一1a", ["p"], null)])])]),
            new Section(null, null, "乙", ["乙正文"], null),
        ], null);

        var numbered = Numbering.Number(body);

        Assert.Equal(("1", "一、"), (numbered.Sections![0].Path, numbered.Sections[0].Label));
        Assert.Equal(("1.1", "（一）"), (numbered.Sections[0].Sections![0].Path, numbered.Sections[0].Sections![0].Label));
        var third = numbered.Sections[0].Sections![0].Sections![0];
        Assert.Equal(("1.1.1", "1."), (third.Path, third.Label));
        Assert.Equal(("1.1.1.1", "（1）"), (third.Sections![0].Path, third.Sections![0].Label));
        Assert.Equal(("2", "二、"), (numbered.Sections[1].Path, numbered.Sections[1].Label));
        Assert.Empty(numbered.Closing!);
    }

    [Theory]
    [InlineData(RegulationPart.Part, 2, "第二编")]
    [InlineData(RegulationPart.Chapter, 1, "第一章")]
    [InlineData(RegulationPart.Division, 2, "第二节")]
    [InlineData(RegulationPart.Provision, 105, "第一百零五条")]
    [InlineData(RegulationPart.Item, 3, "（三）")]
    [InlineData(RegulationPart.Subitem, 2, "2.")]
    public void A_regulations_labels(RegulationPart part, int number, string label) =>
        Assert.Equal(label, Numbering.Label(part, number));

    private static Section Part(string title, params Section[] sections) => new(null, null, title, [], sections);

    private static Section Untitled(string text, params Section[] sections) => new(null, null, null, [text], sections);

    [Fact]
    public void A_regulation_numbers_its_provisions_through_the_chapters_and_its_chapters_and_divisions_among_themselves()
    {
        var body = new ArticleBody([], [
            Part("总则", Untitled("为了……，制定本办法。"), Untitled("本办法适用于……")),
            Part("管理",
                Part("一般规定", Untitled("下列行为禁止：", Untitled("擅自改变用途：", Untitled("出租；"), Untitled("出借。")), Untitled("损坏设施。"))),
                Part("监督检查", Untitled("主管部门应当……"))),
            Part("附则", Untitled("本办法自发布之日起施行。")),
        ], [], BodyNumbering.Regulation);

        var numbered = Numbering.Number(body);

        string Label(string path) => Numbering.Find(numbered, path)!.Label!;
        Assert.Equal(BodyNumbering.Regulation, numbered.Numbering);
        Assert.Equal(["第一章", "第一条", "第二条", "第二章", "第一节", "第三条", "（一）", "1.", "2.", "（二）", "第二节", "第四条", "第三章", "第五条"],
            new[] { "1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.1.1", "2.1.1.1.1", "2.1.1.1.2", "2.1.1.2", "2.2", "2.2.1", "3", "3.1" }.Select(Label));
        Assert.Equal("", Numbering.Find(numbered, "3.1")!.Title); // a 条 has no title: its text is its paragraphs

        // as laws are cited: a 章 or 条 by its label, which no other section of the body has
        Assert.Same(Numbering.Find(numbered, "3.1"), Numbering.Find(numbered, "第五条"));
        Assert.Same(Numbering.Find(numbered, "2"), Numbering.Find(numbered, "第二章"));
        Assert.Null(Numbering.Find(numbered, "第一节")); // 第二章 has two; another chapter could have its own
        Assert.Same(Numbering.Find(numbered, "2.2"), Numbering.Find(numbered, "第二章第二节")); // … so it is cited with its 章
        Assert.Same(Numbering.Find(numbered, "2.1.1"), Numbering.Find(numbered, "第二章第一节第三条"));
        Assert.Null(Numbering.Find(numbered, "第一章第一节"));
        // a 项 as laws cite it, with its 条 (and the 款 it follows, a paragraph, passed over)
        Assert.Equal([Numbering.Find(numbered, "2.1.1.2")], new[] { "第三条第（二）项", "第三条第二项", "第三条第(二)项", "第三条第一款第（二）项" }
            .Select(cited => Numbering.Find(numbered, cited)).Distinct());
        Assert.Null(Numbering.Find(numbered, "第二章第（一）项")); // a 项 is its 条's own
        Assert.Null(Numbering.Find(numbered, "第三条第三项"));
        Assert.Null(Numbering.Find(numbered, "第三条第一款")); // a 款 is a paragraph, not a section
        Assert.All(new[] { "第三条项", "项", "第三条款第（二）项", "第三条第项" }, cited => Assert.Null(Numbering.Find(numbered, cited)));
        Assert.Null(Numbering.Find(numbered, "第六条"));
        Assert.Null(Numbering.Find(Numbering.Number(new ArticleBody([], [Untitled("第一条")], [])), "第一条")); // a document's labels are 一、
    }

    // 第一编 总则 (第一章, 第二章), 第二编 分则 (one 章 of two 节): as 《中国共产党纪律处分条例》 and 刑法 are built
    private static ArticleBody InParts(BodyNumbering numbering) => new([], [
        Part("总则", Part("原则", Untitled("为了……，制定本条例。")), Part("适用", Untitled("本条例适用于……"))),
        Part("分则", Part("对违反政治纪律行为的处分",
            Part("一般规定", Untitled("有下列行为之一的，给予处分：", Untitled("公开发表……的；", Untitled("文章；")))),
            Part("其他规定", Untitled("本条例自发布之日起施行。")))),
    ], [], numbering);

    private static readonly string[] PathsInParts = ["1", "1.1", "1.1.1", "1.2", "1.2.1", "2", "2.1", "2.1.1", "2.1.1.1", "2.1.1.1.1", "2.1.1.1.1.1", "2.1.2", "2.1.2.1"];

    [Theory]
    [InlineData(BodyNumbering.RegulationInParts, "第三章")] // party regulations: 章 through the whole body
    [InlineData(BodyNumbering.CodeInParts, "第一章")]       // codes: 章 again in each 编
    public void A_body_in_parts_numbers_its_chapters_as_its_numbering_says_and_its_provisions_through(BodyNumbering numbering, string chapterOfPartTwo)
    {
        var numbered = Numbering.Number(InParts(numbering));

        Assert.Equal(["第一编", "第一章", "第一条", "第二章", "第二条", "第二编", chapterOfPartTwo, "第一节", "第三条", "（一）", "1.", "第二节", "第四条"],
            PathsInParts.Select(path => Numbering.Find(numbered, path)!.Label));
        Assert.Same(Numbering.Find(numbered, "2"), Numbering.Find(numbered, "第二编"));
        Assert.Same(Numbering.Find(numbered, "2.1.2.1"), Numbering.Find(numbered, "第四条"));
        // a 章 by its label alone only where no other has it; with its 编 always, as laws cite a code's chapters
        Assert.Same(numbering == BodyNumbering.CodeInParts ? null : Numbering.Find(numbered, "2.1"), Numbering.Find(numbered, chapterOfPartTwo));
        Assert.Same(Numbering.Find(numbered, "2.1"), Numbering.Find(numbered, "第二编" + chapterOfPartTwo));
        Assert.Same(Numbering.Find(numbered, "1.2"), Numbering.Find(numbered, "第一编第二章"));
        Assert.Same(Numbering.Find(numbered, "2.1.2"), Numbering.Find(numbered, $"第二编{chapterOfPartTwo}第二节"));
        Assert.Same(Numbering.Find(numbered, "2.1.2.1"), Numbering.Find(numbered, "第二编第四条"));
        Assert.Null(Numbering.Find(numbered, "第一编第四条")); // 第四条 is in 第二编
        Assert.Null(Numbering.Find(numbered, "第二编第九章"));
        Assert.Null(Numbering.Find(numbered, "第二编第一章（一）"));
    }

    [Fact]
    public void A_regulation_without_chapters_numbers_its_provisions_from_the_top()
    {
        var numbered = Numbering.Number(new ArticleBody(["（2023年5月12日市政府第8次常务会议通过）"],
            [Untitled("为了……"), Untitled("下列单位适用：", Untitled("机关；"), Untitled("事业单位。"))], null, BodyNumbering.Regulation));

        Assert.Equal(["第一条", "第二条", "（一）", "（二）"],
            new[] { "1", "2", "2.1", "2.2" }.Select(path => Numbering.Find(numbered, path)!.Label));
    }

    [Fact]
    public void Moving_a_section_renumbers_it()
    {
        var a = new Section(null, null, "甲", [], null);
        var b = new Section(null, null, "乙", [], null);

        var moved = Numbering.Number(new ArticleBody([], [b, a], []));

        Assert.Equal("乙", Numbering.Find(moved, "1")!.Title);
        Assert.Equal("二、", Numbering.Find(moved, "2")!.Label);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("1.2")]
    [InlineData("01")]
    [InlineData("1..1")]
    [InlineData("a")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public void Paths_that_do_not_exist_find_nothing(string path)
    {
        var body = Numbering.Number(new ArticleBody([], [new Section(null, null, "甲", [], [new Section(null, null, "甲一", [], null)]), new Section(null, null, "乙", [], null)], []));

        Assert.Null(Numbering.Find(body, path));
    }

    [Fact]
    public void Depth_counts_levels() =>
        Assert.Equal(3, Numbering.Depth([new Section(null, null, "a", null, [new Section(null, null, "b", null, [new Section(null, null, "c", null, null)])])]));

    [Theory]
    [InlineData("抓党建促业务", 6)]
    [InlineData("PM2.5平均浓度", 6)]           // PM2 and 5 are runs; 平均浓度 four characters
    [InlineData("Copyright © 2016 by www", 4)]
    [InlineData("“两个确立”,", 4)]
    [InlineData("", 0)]
    public void Word_count_counts_CJK_characters_and_Latin_runs(string text, int words) =>
        Assert.Equal(words, Metadata.CountWords(text));

    [Fact]
    public void Cursors_round_trip_and_forgeries_are_refused()
    {
        var cursor = new Cursor(true, 1652325780000, 42);
        Assert.Equal(cursor, Cursor.Decode(cursor.Encode(), newest: true));
        Assert.Null(Cursor.Decode(cursor.Encode(), newest: false)); // made for the other sort
        Assert.Null(Cursor.Decode("not-a-cursor", newest: true));
        Assert.Null(Cursor.Decode("eyJzIjoibiIsInQiOjEsImkiOjB9", newest: true)); // {"s":"n","t":1,"i":0}
        Assert.Null(Cursor.Decode("eyJzIjoibiIsInQiOjEsImkiOjEsIngiOjF9", newest: true)); // an extra member
        Assert.Null(Cursor.Decode(new string('A', 500), newest: true));
    }
}
