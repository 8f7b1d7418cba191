using System.Globalization;
using System.Text.RegularExpressions;

namespace CmsApi.Articles;

/// <summary>
/// How a site numbers its 政府信息公开 documents (索引号) when they are published without one: a template such as
/// <c>000014349/{year}-{seq:5}</c> (the body's 组织机构代码 or 统一社会信用代码, the year of publication and a running number of
/// five digits, as the State Council's catalogue prints 000014349/2022-00028). <c>{year}</c> is optional; <c>{seq}</c>,
/// or <c>{seq:N}</c> padded to N digits (1–10), appears once. Each text before and after the running number, with its
/// year, counts on its own: a new year starts again at 1.
/// </summary>
public sealed partial class IndexNumberFormat
{
    public const int MaxLength = 100;

    private readonly string _before;
    private readonly string _after;
    private readonly int _width;

    private IndexNumberFormat(string before, int width, string after) => (_before, _width, _after) = (before, width, after);

    /// <summary>The format a template describes; null when it is not one (no <c>{seq}</c>, two, another placeholder).</summary>
    public static IndexNumberFormat? Parse(string? template)
    {
        if (string.IsNullOrWhiteSpace(template) || template.Length > MaxLength)
        {
            return null;
        }
        var matches = Placeholder().Matches(template);
        var sequences = matches.Where(m => m.Groups["seq"].Success).ToList();
        if (sequences is not [var seq] || matches.Count(m => m.Groups["year"].Success) > 1
            || Placeholder().Replace(template, "").IndexOfAny(['{', '}']) >= 0)
        {
            return null;
        }
        var width = seq.Groups["width"].Success ? int.Parse(seq.Groups["width"].Value, CultureInfo.InvariantCulture) : 1;
        return width is < 1 or > 10 ? null : new IndexNumberFormat(template[..seq.Index], width, template[(seq.Index + seq.Length)..]);
    }

    /// <summary>What the running number of <paramref name="year"/> counts under: the text around it, its year filled in.</summary>
    public (string Before, string After) Around(int year) => (WithYear(_before, year), WithYear(_after, year));

    /// <summary>The 索引号 with running number <paramref name="sequence"/> in <paramref name="year"/>.</summary>
    public string Render(int year, long sequence)
    {
        var (before, after) = Around(year);
        return before + sequence.ToString(CultureInfo.InvariantCulture).PadLeft(_width, '0') + after;
    }

    /// <summary>The running number of an 索引号 of <paramref name="year"/> in this format (one written by hand included);
    /// null for one of another form.</summary>
    public long? SequenceOf(string indexNumber, int year)
    {
        var (before, after) = Around(year);
        if (indexNumber.Length <= before.Length + after.Length
            || !indexNumber.StartsWith(before, StringComparison.Ordinal) || !indexNumber.EndsWith(after, StringComparison.Ordinal))
        {
            return null;
        }
        var digits = indexNumber[before.Length..^after.Length];
        return digits.Length <= 18 && digits.All(char.IsAsciiDigit) ? long.Parse(digits, CultureInfo.InvariantCulture) : null;
    }

    private static string WithYear(string text, int year) => text.Replace("{year}", year.ToString("D4", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [GeneratedRegex(@"(?<year>\{year\})|(?<seq>\{seq(?::(?<width>[0-9]{1,2}))?\})")]
    private static partial Regex Placeholder();
}
