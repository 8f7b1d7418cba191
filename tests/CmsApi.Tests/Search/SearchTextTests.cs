using System.Text;
using CmsApi.Search;
using CmsApi.Text;
using CsCheck;

namespace CmsApi.Tests.Search;

public sealed class SearchTextTests
{
    [Fact]
    public void Chinese_is_indexed_as_bigrams_and_single_characters_Latin_as_lowercase_words()
    {
        var (unigrams, bigrams) = SearchText.Tokens("抓党建促业务,PM2.5平均 ICP备");

        Assert.Equal(["抓", "党", "建", "促", "业", "务", "平", "均", "备"], unigrams);
        Assert.Equal(["抓党", "党建", "建促", "促业", "业务", "pm2.5", "平均", "icp", "备"], bigrams);
    }

    [Fact]
    public void Tokens_are_written_as_plain_ascii_words() =>
        Assert.Matches("^t[0-9a-f]+$", SearchText.Encode("党建"));

    [Theory]
    [InlineData("党建", false, "党建")]
    [InlineData("党", true, "党")]
    [InlineData("生态环境局", false, "生态 态环 环境 境局")]
    [InlineData("PM2.5", false, "pm2.5")]
    [InlineData("\"抓党建促业务\"", false, "抓党 党建 建促 促业 业务")]
    public void A_query_term_is_a_token_sequence(string query, bool unigram, string tokens)
    {
        var term = Assert.Single(SearchQuery.Parse(query).Terms);

        Assert.Equal(unigram, term.Unigram);
        Assert.Equal(tokens.Split(' '), term.Forms[0]); // as typed first
    }

    [Theory]
    [InlineData("国务院", "國務院")]
    [InlineData("國務院", "国务院")]
    [InlineData("关于", "關於")]     // 於 is simplified text too, which the 错敏词 check leaves alone; search does not
    [InlineData("台湾", "臺灣 台灣")] // 台 is traditional text too
    [InlineData("发展", "發展 髮展")]
    [InlineData("乾隆", "干隆")]
    public void Chinese_is_looked_for_in_both_scripts(string typed, string others)
    {
        var forms = ChineseScripts.SearchForms(typed);

        Assert.Equal(typed, forms[0]);
        Assert.Superset(others.Split(' ').ToHashSet(), forms.ToHashSet());
        var term = Assert.Single(SearchQuery.Parse(typed).Terms);
        Assert.Equal(forms.Select(form => SearchText.Tokens(form).Bigrams), term.Forms);
    }

    [Fact]
    public void A_word_has_few_forms_and_one_without_Chinese_just_itself()
    {
        Assert.Equal(["PM2.5"], ChineseScripts.SearchForms("PM2.5"));
        Assert.Equal(["中共中央"], ChineseScripts.SearchForms("中共中央"));
        // Many characters of several traditional forms (台 臺 檯 颱, 发 發 髮, 干 幹 乾 榦, 复 復 複 覆): still at most eight.
        var forms = ChineseScripts.SearchForms("台发干复台发干复");
        Assert.Equal(ChineseScripts.MaxSearchForms, forms.Count);
        Assert.Equal(forms.Count, forms.Distinct().Count());
        Assert.Equal("臺發幹復臺發幹復", forms[1]); // simplified as typed, then each character's commonest traditional form
    }

    [Fact]
    public void Several_words_mean_all_of_them_and_mixed_words_split_into_their_parts() =>
        Assert.Equal(3, SearchQuery.Parse("党建 2022年").Terms.Count); // 党建, 2022, 年

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("AND OR NOT")]
    [InlineData("*:^()-+{}[]~")]
    [InlineData("' OR 1=1 --")]
    [InlineData("\"未闭合的引号")]
    public void Query_syntax_from_users_is_never_syntax(string query)
    {
        var parsed = SearchQuery.Parse(query);

        Assert.All(parsed.Terms, t => Assert.All(t.Forms.SelectMany(form => form), token => Assert.Matches(@"^[\p{L}\p{Nd}.]+$", token)));
    }

    /// <summary>Text from pieces where tokenizers go wrong: CJK inside and beyond the BMP, compatibility forms that
    /// NFKC changes, case changes that change length, dots between and beside digits, marks, emoji, separators.</summary>
    internal static readonly Gen<string> TrickyText = Gen.OneOf(
            "党", "建", "抓", "促", "业务", "𠀀", "𪚥", "豈", "Ａ", "１", "．", "ﬁ", "①", "²", "A", "z", "İ", "ß", "Σ", "Д",
            "あ", "한", "e\u0301", "😀", "2", "5", ".", "..", " ", ",", "，", "“", "（", "\n", "\t", "-", "_", "'", "\"")
        .Array[0, 40].Select(pieces => string.Concat(pieces));

    [Fact]
    public void The_tokenizer_agrees_with_the_plain_reference_on_any_text() =>
        TrickyText.Sample(text =>
        {
            var (unigrams, bigrams) = SearchText.Tokens(text);
            var (expectedUnigrams, expectedBigrams) = ReferenceTokenizer.Tokens(text);
            Assert.Equal(expectedUnigrams, unigrams);
            Assert.Equal(expectedBigrams, bigrams);
            Assert.Equal(ReferenceTokenizer.Runs(text), SearchText.Runs(text));

            var (indexedUnigrams, indexedBigrams) = SearchText.Indexed(text);
            Assert.Equal(string.Join(' ', expectedUnigrams.Select(ReferenceTokenizer.Encode)), indexedUnigrams);
            Assert.Equal(string.Join(' ', expectedBigrams.Select(ReferenceTokenizer.Encode)), indexedBigrams);
        }, iter: 20_000);

    /// <summary>The tokenizer as first written, one string per character and per token: the oracle for the one in use.</summary>
    private static class ReferenceTokenizer
    {
        public static (List<string> Unigrams, List<string> Bigrams) Tokens(string text)
        {
            var unigrams = new List<string>();
            var bigrams = new List<string>();
            foreach (var run in Runs(text))
            {
                if (!run.IsCjk)
                {
                    bigrams.Add(run.Text);
                    continue;
                }
                var chars = run.Text.EnumerateRunes().Select(r => r.ToString()).ToList();
                unigrams.AddRange(chars);
                if (chars.Count == 1)
                {
                    bigrams.Add(chars[0]);
                }
                for (var i = 0; i + 1 < chars.Count; i++)
                {
                    bigrams.Add(chars[i] + chars[i + 1]);
                }
            }
            return (unigrams, bigrams);
        }

        public static string Encode(string token) => "t" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(token));

        public static List<SearchText.Run> Runs(string text)
        {
            var runs = new List<SearchText.Run>();
            var current = new StringBuilder();
            bool? cjk = null;
            var runes = text.Normalize(NormalizationForm.FormKC).EnumerateRunes().ToList();
            for (var i = 0; i < runes.Count; i++)
            {
                var rune = runes[i];
                bool? kind = SearchText.IsCjk(rune) ? true
                    : Rune.IsLetterOrDigit(rune) ? false
                    : rune.Value == '.' && cjk == false && i + 1 < runes.Count && Rune.IsLetterOrDigit(runes[i + 1]) && !SearchText.IsCjk(runes[i + 1]) ? false
                    : null;
                if (kind != cjk && current.Length > 0)
                {
                    runs.Add(new SearchText.Run(current.ToString(), cjk == true));
                    current.Clear();
                }
                cjk = kind;
                if (kind is not null)
                {
                    current.Append(kind == true ? rune.ToString() : Rune.ToLowerInvariant(rune).ToString());
                }
            }
            if (current.Length > 0)
            {
                runs.Add(new SearchText.Run(current.ToString(), cjk == true));
            }
            return runs;
        }
    }

    [Fact]
    public void Snippets_escape_the_text_and_mark_the_match()
    {
        var article = new CmsApi.Articles.Article(1, "s", "news", null, CmsApi.Articles.ArticleStatus.Published, false, null, 0,
            "<b>抓党建</b>促业务", null, null, null, null, null, null, [], null, null, null, null, null, null, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, CmsApi.Sections.ArticleBody.Empty, [], []);

        Assert.Equal("&lt;b&gt;抓<mark>党建</mark>&lt;/b&gt;促业务", Snippet.Build("党建", article));
        Assert.Equal("&lt;b&gt;抓<mark>党建</mark>&lt;/b&gt;促业务", Snippet.Build("黨建", article)); // found in either script, marked as written
    }

    [Fact]
    public void Snippets_keep_characters_beyond_the_BMP_whole_and_never_cut_one_in_two()
    {
        static CmsApi.Articles.Article Titled(string title) => new(1, "s", "news", null, CmsApi.Articles.ArticleStatus.Published, false, null, 0,
            title, null, null, null, null, null, null, [], null, null, null, null, null, null, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, CmsApi.Sections.ArticleBody.Empty, [], []);

        Assert.Equal("𪚥<mark>党建</mark>😀", Snippet.Build("党建", Titled("𪚥党建😀")));
        // found as search finds it, in plain form and any case, and marked as written
        Assert.Equal("空气质量<mark>ＰＭ２．５</mark>达标", Snippet.Build("pm2.5", Titled("空气质量ＰＭ２．５达标")));
        Assert.Equal("<mark>２０２２</mark><mark>年</mark>", Snippet.Build("2022年", Titled("２０２２年")));
        Assert.Equal("<mark>Xi</mark>", Snippet.Build("xI", Titled("Xi")));
        // 40 characters of context before the match would start inside 𠀀 (its second half): the snippet starts after it.
        var cut = Snippet.Build("党建", Titled("𠀀" + new string('字', 39) + "党建"))!;
        Assert.Equal("…" + new string('字', 39) + "<mark>党建</mark>", cut);
    }
}
