using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;
using CmsApi.Text;

namespace CmsApi.Tests.Search;

/// <summary>The same generated articles in SQLite and in PostgreSQL; the same queries must find the same articles.</summary>
public sealed class SearchEquivalenceTests(SqliteDatabase sqlite, PostgresDatabase postgres)
    : IClassFixture<SqliteDatabase>, IClassFixture<PostgresDatabase>
{
    private const int Articles = 2000;

    [Fact]
    public async Task The_same_queries_find_the_same_articles_on_both_engines()
    {
        postgres.SkipWhenUnavailable();
        // Sentences of the reference page, recombined into articles by a fixed seed.
        var sentences = LegacyPage.Lines.Skip(7).Take(49).SelectMany(l => l.Split('。', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var random = new Random(20221);
        var pages = new StringBuilder();
        var articles = new List<(string Title, string Body)>();
        for (var i = 0; i < Articles; i++)
        {
            var body = string.Join('\n', Enumerable.Range(0, 3).Select(_ => sentences[random.Next(sentences.Length)] + "。"));
            if (i % 12 < 3)
            {
                // A word of the oldest quarter only (January to March): its first page lies behind 1,500 newer
                // articles, more than one slice of the listing walk expects to read.
                body += "\n甲辰年春。";
            }
            var headline = sentences[random.Next(sentences.Length)];
            var title = $"第{i}篇 {headline[..Math.Min(12, headline.Length)]}";
            articles.Add((title, body));
            var text = $"{title}\n发布时间：2021-{1 + i % 12:00}-{1 + i % 28:00} 10:00 来源：测试\n{body}\n";
            pages.Append(new JsonObject { ["text"] = text, ["channel"] = "news", ["publish"] = true }.ToJsonString()).Append('\n');
        }
        var vocabulary = sentences.SelectMany(s => SearchWords(s)).Distinct().OrderBy(w => w, StringComparer.Ordinal).ToArray();
        var queries = Enumerable.Range(0, 40).Select(_ => vocabulary[random.Next(vocabulary.Length)])
            // Several words: each must occur somewhere, and a title match has them all in the title.
            .Concat(Enumerable.Range(0, 10).Select(i => string.Join(' ', Enumerable.Range(0, 2 + i % 2).Select(_ => vocabulary[random.Next(vocabulary.Length)]))))
            .Concat(["甲辰", "党建", "党", "生态环境局", "PM2.5", "\"高质量发展\"", "党建 赶考精神", "党建 生态", "区块链", "\"党建抓\"", "2022"])
            // The same words typed in traditional characters (繁简通搜)
            .Concat(["黨建", "黨", "生態環境局", "\"高質量發展\"", "黨建 生態"])
            // Three words of an article's title and one of its body only: the article is no title match, although
            // every word but one is in its title.
            .Concat(Enumerable.Range(0, 8).Select(k => TitleWordsAndABodyWord(articles[k * 97])).OfType<string>()).ToList();

        var onSqlite = await ResultsAsync(sqlite, pages.ToString(), queries);
        var onPostgres = await ResultsAsync(postgres, pages.ToString(), queries);

        Assert.True(onSqlite.Values.Sum(r => r.Count) > 1000, "the query set should find many articles");
        Assert.NotEmpty(onSqlite["党建"]);
        Assert.Equal(onSqlite["党建"], onSqlite["黨建"]);
        Assert.Equal(onSqlite["\"高质量发展\""], onSqlite["\"高質量發展\""]);
        foreach (var q in queries)
        {
            Assert.True(onSqlite[q].SequenceEqual(onPostgres[q]), $"'{q}': {onSqlite[q].Count} on SQLite, {onPostgres[q].Count} on PostgreSQL, or in another order");
        }
        // An oracle for plain Chinese words: an article matches when each word is in its title or a body line; title
        // matches (every word in the title) come first, each part newest first (publish date, then the later import).
        // This catches what both engines could get wrong alike (paging, the search strategy).
        foreach (var q in queries.Where(q => q.All(c => c is (>= '\u4E00' and <= '\u9FFF') or ' ')))
        {
            // a word in any of its forms (国务院 for 國務院)
            var words = q.Split(' ').Select(ChineseScripts.SearchForms).ToList();
            static bool In(string text, IReadOnlyList<string> word) => word.Any(form => text.Contains(form, StringComparison.Ordinal));
            bool Has(string text) => words.All(w => In(text, w));
            var expected = articles.Select((a, i) => (a.Title, a.Body, Date: (1 + i % 12) * 100 + 1 + i % 28, Index: i))
                .Where(a => words.All(w => In(a.Title, w) || In(a.Body, w)))
                .OrderByDescending(a => Has(a.Title)).ThenByDescending(a => a.Date).ThenByDescending(a => a.Index)
                .Select(a => a.Title).ToList();
            Assert.True(expected.SequenceEqual(onSqlite[q]), $"'{q}': expected {expected.Count}, found {onSqlite[q].Count}, or in another order");
        }
    }

    /// <summary>Three words of the title's Chinese text (2, 3 and 2 characters) and a 2-character word of the body not in the title.</summary>
    private static string? TitleWordsAndABodyWord((string Title, string Body) article)
    {
        var title = string.Concat(article.Title.Where(c => c is >= '\u4E00' and <= '\u9FFF').Skip(2)); // past 第…篇
        var body = string.Concat(article.Body.Where(c => c is >= '\u4E00' and <= '\u9FFF'));
        var bodyWord = Enumerable.Range(0, Math.Max(0, body.Length - 1)).Select(i => body.Substring(i, 2))
            .FirstOrDefault(w => !article.Title.Contains(w, StringComparison.Ordinal));
        return title.Length < 7 || bodyWord is null ? null : $"{title[..2]} {title[2..5]} {title[5..7]} {bodyWord}";
    }

    /// <summary>Words as a reader would type them: 2 to 4 characters of a sentence.</summary>
    private static IEnumerable<string> SearchWords(string sentence)
    {
        for (var i = 0; i + 4 <= sentence.Length; i += 7)
        {
            yield return sentence.Substring(i, 2 + i % 3);
        }
    }

    private static async Task<Dictionary<string, List<string>>> ResultsAsync(TestDatabase database, string pages, IReadOnlyList<string> queries)
    {
        using var admin = database.App.AdminClient();
        var site = await ContentApi.NewSiteAsync(admin);
        var batch = await (await admin.PostAsync($"/api/v1/sites/{site}/articles/import/batch",
            new StringContent(pages, Encoding.UTF8, "application/x-ndjson"))).OkJsonAsync();
        Assert.Equal(Articles, batch["created"]!.GetValue<int>());
        var results = new Dictionary<string, List<string>>();
        foreach (var q in queries)
        {
            var titles = (await ContentApi.PageThroughAsync(admin, $"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString(q)}&limit=100"))
                .Select(item => item.Text("title")).ToList();
            Assert.Equal(titles.Count, titles.Distinct().Count()); // no article on two pages
            results[q] = titles;
        }
        return results;
    }
}
