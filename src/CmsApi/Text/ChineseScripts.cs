namespace CmsApi.Text;

/// <summary>
/// Traditional and simplified Chinese characters, read once from OpenCC's tables (traditional-simplified.txt, written by
/// tools/traditional-simplified.mjs): the 错敏词 check reads a traditional character as its simplified form, and search
/// looks for a query in both scripts (繁简通搜: 关于 finds 關於, 國務院 finds 国务院). Pure code, no HTTP, no database.
/// </summary>
public static class ChineseScripts
{
    /// <summary>At most this many forms of a query word are looked for (a long one of several 发/台/干 could have dozens).</summary>
    public const int MaxSearchForms = 8;

    private static readonly Tables Data = ReadTables();

    /// <summary>
    /// A UTF-16 unit's simplified form for the 错敏词 check (國 as 国, 臺 as 台: 2,942 characters), or itself. A character
    /// that is simplified text too (乾 as in 乾坤, 於) stays itself: "干隆" listed as a wrong form must not flag 乾隆.
    /// </summary>
    public static char Simplified(char c) => Data.Simplified[c];

    /// <summary>
    /// The forms of a text that search looks for, distinct, at most <see cref="MaxSearchForms"/>: as written; in
    /// simplified characters (乾, 於 and the like too: a query is better a little too wide than blind to a script); and in
    /// traditional ones, each simplified character as each of its traditional forms, commonest first (发 as 發, then 髮;
    /// 台 as 臺, 檯, 颱 and 台 itself, which 台灣 is written with), the last character's varying first.
    /// </summary>
    public static IReadOnlyList<string> SearchForms(string text)
    {
        var forms = new List<string>(MaxSearchForms) { text };
        var simplified = string.Create(text.Length, text, static (span, text) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Data.SearchSimplified[text[i]];
            }
        });
        Add(simplified);
        var options = simplified.Select(c => Data.Traditional.TryGetValue(c, out var traditionalForms) ? traditionalForms : [c]).ToArray();
        var choice = new int[text.Length];
        var traditional = new char[text.Length];
        while (forms.Count < MaxSearchForms)
        {
            for (var i = 0; i < traditional.Length; i++)
            {
                traditional[i] = options[i][choice[i]];
            }
            Add(new string(traditional));
            var at = choice.Length - 1; // the next choice, as an odometer turns
            while (at >= 0 && ++choice[at] == options[at].Length)
            {
                choice[at--] = 0;
            }
            if (at < 0)
            {
                break;
            }
        }
        return forms;

        void Add(string form)
        {
            if (!forms.Contains(form, StringComparer.Ordinal))
            {
                forms.Add(form);
            }
        }
    }

    private sealed record Tables(char[] Simplified, char[] SearchSimplified, Dictionary<char, char[]> Traditional);

    /// <summary>
    /// A line of two characters is a traditional one and its simplified form; one marked "search" is read by search
    /// only, and a character twice (台台) is a simplified character that is traditional text too, in its place among
    /// the traditional forms of its group (the pairs of one simplified character stand together, commonest first).
    /// </summary>
    private static Tables ReadTables()
    {
        var simplified = Enumerable.Range(0, char.MaxValue + 1).Select(u => (char)u).ToArray();
        var searchSimplified = (char[])simplified.Clone();
        var traditional = new Dictionary<char, List<char>>();
        using var stream = typeof(ChineseScripts).Assembly.GetManifestResourceStream("CmsApi.Text.traditional-simplified.txt")!;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length < 2)
            {
                continue;
            }
            var (from, to) = (line[0], line[1]);
            if (line.Length == 2)
            {
                simplified[from] = to;
            }
            if (from != to)
            {
                searchSimplified[from] = to;
            }
            (traditional.TryGetValue(to, out var forms) ? forms : traditional[to] = []).Add(from);
        }
        return new Tables(simplified, searchSimplified, traditional.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }
}
