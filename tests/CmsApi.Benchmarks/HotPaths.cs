using BenchmarkDotNet.Attributes;
using CmsApi.Articles;
using CmsApi.Calendar;
using CmsApi.Import;
using CmsApi.Search;
using CmsApi.Sections;

namespace CmsApi.Benchmarks;

/// <summary>The pure code on hot paths, on the reference page: its parser, the search tokenizer, numbering, the lunar calendar and the cursor codec.</summary>
[MemoryDiagnoser]
public class HotPaths
{
    private readonly string _page;
    private readonly ArticleBody _body;
    private readonly string _bodyText;
    private readonly Cursor _cursor = new(Newest: true, At: 1_652_325_780_000, Id: 123_456, Rank: 1);
    private readonly string _encodedCursor;

    public HotPaths()
    {
        using var stream = typeof(Demo.DemoContent).Assembly.GetManifestResourceStream("CmsApi.Demo.legacy-article-page.txt")!;
        using var reader = new StreamReader(stream);
        _page = reader.ReadToEnd();
        _body = LegacyPageParser.Parse(_page).Body;
        _bodyText = string.Join('\n', Numbering.Texts(_body));
        _encodedCursor = _cursor.Encode();
    }

    [Benchmark(Description = "parse the legacy page (66 lines)")]
    public object ParseLegacyPage() => LegacyPageParser.Parse(_page);

    [Benchmark(Description = "tokenize the page's body for search")]
    public object TokenizeBody() => SearchText.Tokens(_bodyText);

    [Benchmark(Description = "the page's body as indexed text (tokens, encoded)")]
    public object IndexBody() => SearchText.Indexed(_bodyText);

    [Benchmark(Description = "number the page's 24 sections")]
    public object NumberSections() => Numbering.Number(_body);

    [Benchmark(Description = "lunar date and festivals of 2022-06-28")]
    public object LunarDay() => ChineseCalendar.For(new DateOnly(2022, 6, 28));

    [Benchmark(Description = "encode a cursor")]
    public string EncodeCursor() => _cursor.Encode();

    [Benchmark(Description = "decode a cursor")]
    public object? DecodeCursor() => Cursor.Decode(_encodedCursor, newest: true, relevance: true);
}
