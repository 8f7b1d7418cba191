using System.Text;
using CsCheck;
using CmsApi.Articles;
using CmsApi.Sections;
using CmsApi.Terms;

namespace CmsApi.Tests.Terms;

public sealed class TermMatcherTests
{
    private static readonly TermMatcher Matcher = new(
    [
        new TermEntry("中华", null, TermSeverity.Warn),
        new TermEntry("中华人名共和国", "中华人民共和国", TermSeverity.Block),
        new TermEntry("近日", "写明日期"),
    ], 7);

    [Fact]
    public void The_longest_term_at_a_place_is_the_one_found_and_every_place_is_found()
    {
        var check = Matcher.Check([("text", "中华人名共和国成立；中华文化。近日，近日")]);

        Assert.True(check.Blocked);
        Assert.Equal(7, check.Version);
        Assert.Equal([("中华人名共和国", 0), ("中华", 10), ("近日", 15), ("近日", 18)], check.Hits.Select(h => (h.Term, h.Offset)));
        Assert.Equal("中华人民共和国", check.Hits[0].Suggestion);
        Assert.Equal("中华人名共和国成立；中华文化。近日", check.Hits[0].Context); // up to 10 characters either side
        Assert.Equal("立；中华文化。近日，近日", check.Hits[3].Context);
    }

    [Fact]
    public void Warn_terms_alone_do_not_block_and_an_empty_list_finds_nothing()
    {
        Assert.False(Matcher.Check([("text", "近日，某局召开会议。")]).Blocked);
        Assert.Single(Matcher.Check([("text", "近日，某局召开会议。")]).Hits);
        Assert.Empty(TermMatcher.Empty.Check([("text", "中华人名共和国")]).Hits);
    }

    [Fact]
    public void A_hit_names_its_field_as_validation_errors_do()
    {
        var body = new ArticleBody(["导语"],
            [new Section(null, null, "一", ["第一段"], null), new Section(null, null, "二", ["甲", "乙"], [new Section(null, null, null, ["丙", "近日丁"], null)])],
            ["中华人名共和国万岁"]);
        var input = new ArticleInput("news", "近日标题", null, null, null, null, null, null, null, null, null, null, null, null, null, body,
            [new Attachment("附件：近日通知.pdf", "/1.pdf")], null);

        var fields = Matcher.Check(input).Hits.Select(h => h.Field).ToList();

        Assert.Equal(["title", "body.sections[1].sections[0].paragraphs[1]", "body.closing[0]", "attachments[0].name"], fields);
    }

    [Fact]
    public void Terms_are_found_as_a_reader_sees_them_with_spaces_inside_full_width_or_in_other_case()
    {
        var matcher = new TermMatcher(
        [
            new TermEntry("中华人名共和国", "中华人民共和国", TermSeverity.Block),
            new TermEntry("中华人 名共和国"), // the same once folded: the first listed is the one
            new TermEntry("CPC"),
        ], 1);

        var check = matcher.Check([("text", "庆祝中华人　名共\n和国成立，ｃｐｃ与Cpc。😀中华人名共和国\ud800")]);

        Assert.Equal([("中华人名共和国", 2, 9), ("CPC", 14, 3), ("CPC", 18, 3), ("中华人名共和国", 24, 7)],
            check.Hits.Select(h => (h.Term, h.Offset, h.Length)));
        Assert.Equal(TermSeverity.Block, check.Hits[0].Severity);
        Assert.Equal("庆祝中华人　名共\n和国成立，ｃｐｃ与Cpc", check.Hits[0].Context); // the text as written, 10 either side
    }

    [Fact]
    public void Spaces_still_separate_Latin_words()
    {
        var matcher = new TermMatcher([new TermEntry("CPC"), new TermEntry("Xi Jinping"), new TermEntry("ab")], 1);

        var check = matcher.Check([("text", "c pc，Xi\u3000 jinping，XiJinping，党 CPC 党，a\nb")]);

        Assert.Equal([("Xi Jinping", 5, 11), ("CPC", 29, 3)], check.Hits.Select(h => (h.Term, h.Offset, h.Length)));
    }

    /// <summary>Pieces where folding goes wrong: forms longer (…, ㈠, ℃, ﬁ) or other than their characters, whitespace of
    /// several kinds, surrogate pairs and lone surrogates, letters that change length in lower case.</summary>
    private static readonly Gen<string> TrickyText = Gen.OneOf(
            "…", "……", "㈠", "℃", "ﬁ", "Ａ", "ｃ", "豈", "党", "近日", "a", "B", "1", " ", "\u3000", "\t", "\n", "\u00A0", "𠀀", "\ud800",
            "\udc00", "İ", "，", "¨", "😀", "國", "臺", "乾")
        .Array[0, 30].Select(pieces => string.Concat(pieces));

    /// <summary>The pairs of the table the matcher reads traditional characters by, as the service has it.</summary>
    private static readonly Dictionary<char, char> Simplified = ReadSimplified();

    private static Dictionary<char, char> ReadSimplified()
    {
        using var reader = new StreamReader(typeof(TermMatcher).Assembly.GetManifestResourceStream("CmsApi.Text.traditional-simplified.txt")!);
        return reader.ReadToEnd().Split('\n').Where(line => line.Length == 2).ToDictionary(line => line[0], line => line[1]);
    }

    [Fact]
    public void Traditional_characters_read_as_simplified_ones_both_in_terms_and_in_texts()
    {
        Assert.True(Simplified.Count > 2900, $"{Simplified.Count} pairs");
        // 乾 is simplified text too (乾坤, 乾隆): a wrong form listed as 干隆 must not flag 乾隆.
        Assert.Empty(new TermMatcher([new TermEntry("干隆", "乾隆")], 1).Check([("text", "乾隆年间")]).Hits);
        var matcher = new TermMatcher([new TermEntry("中华人名共和国", "中华人民共和国", TermSeverity.Block), new TermEntry("臺獨")], 1);

        var check = matcher.Check([("text", "反对台独，慶祝中華人名共和國成立")]);

        Assert.Equal([("臺獨", 2, 2), ("中华人名共和国", 7, 7)], check.Hits.Select(h => (h.Term, h.Offset, h.Length)));
        Assert.Equal("反对台独，慶祝中華人名共和國成立", check.Hits[1].Context); // as written
    }

    [Fact]
    public void Folding_any_text_reads_each_character_in_its_plain_form_in_order() =>
        TrickyText.Sample(text =>
        {
            var (folded, origin) = TermMatcher.Fold(text);

            // Without its spaces, the folded text is each character's plain form, lower case, without whitespace.
            var plain = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                var pair = char.IsSurrogatePair(text, i);
                var character = text.Substring(i, pair ? 2 : 1);
                var form = char.IsSurrogate(text[i]) && !pair ? character : character.Normalize(NormalizationForm.FormKC); // a lone one stays
                plain.Append(string.Concat(form.Where(c => !char.IsWhiteSpace(c)).Select(c => Simplified.GetValueOrDefault(char.ToLowerInvariant(c), char.ToLowerInvariant(c)))));
                i += pair ? 1 : 0;
            }
            Assert.Equal(plain.ToString(), folded.Replace(" ", "", StringComparison.Ordinal));
            Assert.DoesNotContain("  ", folded, StringComparison.Ordinal);
            for (var i = 0; i < folded.Length; i++)
            {
                Assert.InRange(origin[i], i == 0 ? 0 : origin[i - 1], text.Length - 1);
            }
            new TermMatcher([new TermEntry("近日"), new TermEntry("ab")], 1).Check([("text", text)]);
        }, iter: 5_000);

    [Fact]
    public void A_hits_context_never_cuts_a_character_beyond_the_BMP_in_two()
    {
        var matcher = new TermMatcher([new TermEntry("近日")], 1);

        // ten characters either side would start in the middle of 𠀀 and end in the middle of 😀
        var hit = Assert.Single(matcher.Check([("text", "𠀀" + new string('字', 9) + "近日" + new string('字', 9) + "😀")]).Hits);

        Assert.Equal(new string('字', 9) + "近日" + new string('字', 9) + "😀", hit.Context);
    }

    [Fact]
    public void Folding_keeps_where_each_character_came_from()
    {
        var (text, origin) = TermMatcher.Fold("Ａ ㈠\u3000b");

        Assert.Equal("a(一)b", text);
        Assert.Equal([0, 2, 2, 2, 4], origin);

        // Forms longer than their characters at the start, then plain characters on past the text's own length.
        var (longer, longerOrigin) = TermMatcher.Fold("㈠ab");
        Assert.Equal("(一)ab", longer);
        Assert.Equal([0, 0, 0, 1, 2], longerOrigin[..5]);
        // A run of whitespace between two Latin words is one space, from where the run began.
        var (words, wordsOrigin) = TermMatcher.Fold("X \t Y");
        Assert.Equal("x y", words);
        Assert.Equal([0, 1, 4], wordsOrigin[..3]);
    }
}
