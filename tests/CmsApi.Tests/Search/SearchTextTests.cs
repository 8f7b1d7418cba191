using CmsApi.Search;

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
        Assert.Equal(tokens.Split(' '), term.Tokens);
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

        Assert.All(parsed.Terms, t => Assert.All(t.Tokens, token => Assert.Matches(@"^[\p{L}\p{Nd}.]+$", token)));
    }

    [Fact]
    public void Snippets_escape_the_text_and_mark_the_match()
    {
        var article = new CmsApi.Articles.Article(1, "s", "news", null, CmsApi.Articles.ArticleStatus.Published,
            "<b>抓党建</b>促业务", null, null, null, null, null, null, [], null, null, null, null, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, CmsApi.Sections.ArticleBody.Empty);

        Assert.Equal("&lt;b&gt;抓<mark>党建</mark>&lt;/b&gt;促业务", Snippet.Build("党建", article));
    }
}
