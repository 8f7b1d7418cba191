using System.Text.RegularExpressions;
using CmsApi.Sections;

namespace CmsApi.Import;

/// <summary>
/// How legacy portal pages lay out an article body, shared by the importer (which reads it) and the plain-text export
/// (which writes it), so that an exported article imports back unchanged.
/// </summary>
public static partial class LegacyLayout
{
    /// <summary>A run-in heading (<c>（一）标题。正文…</c>) ends at the first 。 within this many characters.</summary>
    public const int RunInTitleMax = 40;

    /// <summary>A heading on a line of its own is at most this long and has no 。.</summary>
    public const int StandaloneTitleMax = 60;

    /// <summary>Whether <paramref name="title"/> can be printed run-in and read back as the same title.</summary>
    public static bool CanRunIn(string title) =>
        title.Length is > 0 and <= RunInTitleMax && title.IndexOfAny(['。', '？', '！', '?', '!']) < 0;

    /// <summary>The heading of a numbered line, and the text that runs on after it, if any.</summary>
    public static (string Title, string? Text) SplitHeading(string rest)
    {
        rest = rest.Trim();
        var stop = rest.IndexOf('。', StringComparison.Ordinal);
        if (stop > 0 && stop <= RunInTitleMax)
        {
            var text = rest[(stop + 1)..].Trim();
            return (rest[..stop].Trim(), text.Length == 0 ? null : text);
        }
        // a heading alone on its line; anything longer is text that merely starts with a number
        return stop < 0 && rest.Length <= StandaloneTitleMax ? (rest, null) : ("", rest);
    }

    /// <summary>The level (1–4) and number of a line that starts with a GB/T 9704 label, full- or half-width.</summary>
    public static bool TryHeading(string line, out int level, out int number, out string rest)
    {
        foreach (var (pattern, kind) in HeadingPatterns)
        {
            var match = pattern.Match(line);
            if (match.Success)
            {
                level = kind;
                var label = match.Groups["n"].Value;
                number = kind is 1 or 2 ? ChineseNumeral(label) : int.Parse(label, System.Globalization.CultureInfo.InvariantCulture);
                rest = line[match.Length..];
                return number > 0;
            }
        }
        (level, number, rest) = (0, 0, line);
        return false;
    }

    /// <summary>
    /// The part (编, 章, 节 or 条) and number of a line that starts with a regulation's label (第十二条　…, or 第12条), and the
    /// text after the label and its space.
    /// </summary>
    public static bool TryRegulationLabel(string line, out RegulationPart part, out int number, out string rest)
    {
        var match = RegulationLabel().Match(line);
        (part, number, rest) = (RegulationPart.Provision, 0, line);
        if (!match.Success)
        {
            return false;
        }
        part = match.Groups["k"].Value switch
        {
            "编" => RegulationPart.Part,
            "章" => RegulationPart.Chapter,
            "节" => RegulationPart.Division,
            _ => RegulationPart.Provision,
        };
        var digits = match.Groups["n"].Value;
        number = char.IsAsciiDigit(digits[0]) ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : ChineseNumeral(digits);
        rest = line[match.Length..];
        return number > 0;
    }

    /// <summary>一 … 九十九 (and 百, with 零 or 〇 for a missing ten: 一百零五) as a number; 0 when it is not one.</summary>
    public static int ChineseNumeral(string text)
    {
        const string digits = "零一二三四五六七八九";
        var total = 0;
        var current = 0;
        foreach (var c in text)
        {
            var digit = c == '〇' ? 0 : digits.IndexOf(c, StringComparison.Ordinal);
            if (digit >= 0)
            {
                current = digit;
            }
            else if (c == '十')
            {
                total += (current == 0 ? 1 : current) * 10;
                current = 0;
            }
            else if (c == '百')
            {
                total += (current == 0 ? 1 : current) * 100;
                current = 0;
            }
            else
            {
                return 0;
            }
        }
        return total + current;
    }

    /// <summary>
    /// Where the closing of a body's paragraphs begins: what GB/T 9704-2012 puts after the text (the attachment note
    /// with its list, the issuer's signature, the date, and notes such as （此件公开发布）); <c>Count</c> when there is
    /// none. It is anchored on a date line, an attachment note or a note, so that a body's own last paragraphs stay
    /// where they are.
    /// </summary>
    public static int ClosingStart(IReadOnlyList<string> paragraphs)
    {
        var start = paragraphs.Count;
        while (start > 0 && ClosingNote().IsMatch(paragraphs[start - 1]))
        {
            start--;
        }
        if (start > 0 && DateLine().IsMatch(paragraphs[start - 1]))
        {
            start--;
            // the issuing bodies, one a line when several issue it together
            for (var signed = 0; signed < 3 && start > 0 && IsSignature(paragraphs[start - 1]); signed++)
            {
                start--;
            }
        }
        var item = start;
        while (item > 0 && AttachmentItem().IsMatch(paragraphs[item - 1]))
        {
            item--;
        }
        return item > 0 && AttachmentNote().IsMatch(paragraphs[item - 1]) ? item - 1 : start;
    }

    private static bool IsSignature(string line) =>
        line.Length <= 40 && line.IndexOfAny(['。', '，', ',', '；', ';', '：', ':', '？', '?', '！', '!']) < 0
        && !AttachmentNote().IsMatch(line) && !TryHeading(line, out _, out _, out _);

    [GeneratedRegex(@"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^[（(]\s*(?:此件|本件|联系人|联系电话|此页无正文)[^（()）]*[）)]$")]
    private static partial Regex ClosingNote();

    // "附件：…", "附件1：…", or "附件" alone above its list; not a sentence that starts with the word
    [GeneratedRegex(@"^附\s*件\s*\d{0,2}\s*(?:[:：]|$)")]
    private static partial Regex AttachmentNote();

    // the second and later attachments of the note's list: "2.…", "2．…", "2、…"
    [GeneratedRegex(@"^\d{1,2}\s*[.．、]\s*\S.{0,58}$")]
    private static partial Regex AttachmentItem();

    // 第十二条, and 第12条 as some local rules and converted documents print it; 第一编 (not 第一分编)
    [GeneratedRegex(@"^第\s*(?<n>[零〇一二三四五六七八九十百]{1,8}|[0-9]{1,4})\s*(?<k>[编章节条])\s*")]
    private static partial Regex RegulationLabel();

    private static readonly (Regex Pattern, int Level)[] HeadingPatterns =
    [
        (Level1(), 1), (Level2(), 2), (Level4(), 4), (Level3(), 3),
    ];

    [GeneratedRegex(@"^(?<n>[一二三四五六七八九十百]{1,4})[、，,]\s*")]
    private static partial Regex Level1();

    [GeneratedRegex(@"^[（(]\s*(?<n>[一二三四五六七八九十百]{1,4})\s*[）)]\s*")]
    private static partial Regex Level2();

    // "1." "1．" "1、" but not "1.98亿吨": no digit may follow the dot
    [GeneratedRegex(@"^(?<n>[0-9]{1,3})\s*(?:[.．](?![0-9])|、)\s*")]
    private static partial Regex Level3();

    [GeneratedRegex(@"^[（(]\s*(?<n>[0-9]{1,3})\s*[）)]\s*")]
    private static partial Regex Level4();
}
