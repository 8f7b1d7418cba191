using System.Text;

namespace CmsApi.Sections;

/// <summary>Section numbers of GB/T 9704-2012 and the operations that depend on them. Pure code.</summary>
public static class Numbering
{
    public const int MaxLevels = 4;

    /// <summary>The body with every list present and every section's path and label set from its position.</summary>
    public static ArticleBody Number(ArticleBody? body) =>
        new(Clean(body?.Lead), NumberLevel(body?.Sections, "", 1), Clean(body?.Closing));

    /// <summary>The label of the <paramref name="position"/>-th (1-based) section at <paramref name="level"/> (1–4).</summary>
    public static string Label(int level, int position) => level switch
    {
        1 => ChineseNumber(position) + "、",
        2 => "（" + ChineseNumber(position) + "）",
        3 => position + ".",
        4 => "（" + position + "）",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Sections have four levels."),
    };

    /// <summary>一 … 九十九, 一百 …; the form used in official headings.</summary>
    public static string ChineseNumber(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 9999);
        ReadOnlySpan<string> digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        if (number < 10)
        {
            return digits[number];
        }
        if (number < 20)
        {
            return "十" + (number % 10 == 0 ? "" : digits[number % 10]);
        }
        var text = new StringBuilder();
        var units = new[] { (1000, "千"), (100, "百"), (10, "十"), (1, "") };
        var pendingZero = false;
        foreach (var (value, name) in units)
        {
            var digit = number / value % 10;
            if (digit == 0)
            {
                pendingZero = text.Length > 0;
                continue;
            }
            if (pendingZero)
            {
                text.Append('零');
                pendingZero = false;
            }
            text.Append(digits[digit]).Append(name);
        }
        return text.ToString();
    }

    /// <summary>The deepest level used, 0 for a body without sections.</summary>
    public static int Depth(IReadOnlyList<Section>? sections) =>
        sections is null || sections.Count == 0 ? 0 : 1 + sections.Max(s => Depth(s.Sections));

    /// <summary>The section at a path such as <c>2.1</c>, or null.</summary>
    public static Section? Find(ArticleBody body, string path)
    {
        IReadOnlyList<Section>? level = body.Sections;
        Section? found = null;
        foreach (var part in path.Split('.'))
        {
            if (level is null || !int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position) ||
                position < 1 || position > level.Count || part.StartsWith('0'))
            {
                return null;
            }
            found = level[position - 1];
            level = found.Sections;
        }
        return found;
    }

    public static IReadOnlyList<OutlineEntry> Outline(IReadOnlyList<Section>? sections) =>
        (sections ?? []).Select(s => new OutlineEntry(s.Path!, s.Label!, s.Title ?? "", Outline(s.Sections))).ToList();

    /// <summary>Every text of the body in reading order: lead, then each section's title and paragraphs, then closing.</summary>
    public static IEnumerable<string> Texts(ArticleBody body)
    {
        foreach (var paragraph in body.Lead ?? [])
        {
            yield return paragraph;
        }
        foreach (var text in SectionTexts(body.Sections))
        {
            yield return text;
        }
        foreach (var paragraph in body.Closing ?? [])
        {
            yield return paragraph;
        }
    }

    private static IEnumerable<string> SectionTexts(IReadOnlyList<Section>? sections)
    {
        foreach (var section in sections ?? [])
        {
            if (!string.IsNullOrEmpty(section.Title))
            {
                yield return section.Title;
            }
            foreach (var paragraph in section.Paragraphs ?? [])
            {
                yield return paragraph;
            }
            foreach (var text in SectionTexts(section.Sections))
            {
                yield return text;
            }
        }
    }

    private static List<Section> NumberLevel(IReadOnlyList<Section>? sections, string parentPath, int level) =>
        (sections ?? []).Select((section, index) =>
        {
            var path = parentPath.Length == 0 ? $"{index + 1}" : $"{parentPath}.{index + 1}";
            return new Section(path, Label(level, index + 1), section.Title?.Trim() ?? "", Clean(section.Paragraphs),
                NumberLevel(section.Sections, path, level + 1));
        }).ToList();

    private static List<string> Clean(IReadOnlyList<string>? paragraphs) =>
        (paragraphs ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
}
