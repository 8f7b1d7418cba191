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
