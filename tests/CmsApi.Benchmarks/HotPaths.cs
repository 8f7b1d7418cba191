using BenchmarkDotNet.Attributes;
using CmsApi.Articles;
using CmsApi.Calendar;
using CmsApi.Import;
using CmsApi.Search;
using CmsApi.Sections;
using CmsApi.Terms;

namespace CmsApi.Benchmarks;

/// <summary>The pure code on hot paths, on the reference page: its parser, the search tokenizer, numbering, the lunar
/// calendar, the cursor codec and the 错敏词 check.</summary>
[MemoryDiagnoser]
public class HotPaths
{
    private readonly string _page;
    private readonly ArticleBody _body;
    private readonly string _bodyText;
    private readonly Cursor _cursor = new(Newest: true, At: 1_652_325_780_000, Id: 123_456, Rank: 1);
    private readonly string _encodedCursor;
    private readonly ArticleInput _article;
    private readonly TermEntry[] _manyTerms;
    private readonly TermMatcher _oneTerm;
    private readonly TermMatcher _fiveThousandTerms;

    public HotPaths()
    {
        using var stream = typeof(Demo.DemoContent).Assembly.GetManifestResourceStream("CmsApi.Demo.legacy-article-page.txt")!;
        using var reader = new StreamReader(stream);
        _page = reader.ReadToEnd();
        _body = LegacyPageParser.Parse(_page).Body;
        _bodyText = string.Join('\n', Numbering.Texts(_body));
        _encodedCursor = _cursor.Encode();
        _article = new ArticleInput("news", "固堡垒强基层 抓党建促业务", null, null, null, "市生态环境局", null, "刘嘉浩", null, null, null, null,
            null, null, null, _body);
        // 5,000 terms of 2 to 5 common characters, as a site's list would hold; a few occur in the page
        var random = new Random(9704);
        var characters = _bodyText.Where(c => c > 0x4E00).Distinct().ToArray();
        _manyTerms = Enumerable.Range(0, 5000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(2, 6)).Select(_ => characters[random.Next(characters.Length)]).ToArray()))
            .Distinct().Select(term => new TermEntry(term)).ToArray();
        _oneTerm = new TermMatcher([new TermEntry("中华人名共和国", "中华人民共和国", TermSeverity.Block)], 1);
        _fiveThousandTerms = new TermMatcher(_manyTerms, 1);
    }

    [Benchmark(Description = "check the page against 1 term (错敏词)")]
    public object CheckOneTerm() => _oneTerm.Check(_article);

    [Benchmark(Description = "check the page against 5,000 terms")]
    public object CheckFiveThousandTerms() => _fiveThousandTerms.Check(_article);

    [Benchmark(Description = "make the matcher of 5,000 terms (once per list version)")]
    public object MakeMatcher() => new TermMatcher(_manyTerms, 1);

    [Benchmark(Description = "parse the legacy page (66 lines)")]
    public object ParseLegacyPage() => LegacyPageParser.Parse(_page);

    [Benchmark(Description = "tokenize the page's body for search")]
    public object TokenizeBody() => SearchText.Tokens(_bodyText);

    [Benchmark(Description = "the page's body as indexed text (tokens, encoded)")]
    public object IndexBody() => SearchText.Indexed(_bodyText);

    [Benchmark(Description = "the page's body as PostgreSQL tsvector literals")]
    public object VectorBody() => SearchText.Vectors(_bodyText);

    [Benchmark(Description = "number the page's 24 sections")]
    public object NumberSections() => Numbering.Number(_body);

    [Benchmark(Description = "lunar date and festivals of 2022-06-28")]
    public object LunarDay() => ChineseCalendar.For(new DateOnly(2022, 6, 28));

    [Benchmark(Description = "encode a cursor")]
    public string EncodeCursor() => _cursor.Encode();

    [Benchmark(Description = "decode a cursor")]
    public object? DecodeCursor() => Cursor.Decode(_encodedCursor, newest: true, relevance: true);
}
