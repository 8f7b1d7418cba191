using System.Text;

namespace CmsApi.Sections;

/// <summary>What a section of a regulation is (any <see cref="BodyNumbering"/> but <c>Document</c>).</summary>
public enum RegulationPart
{
    /// <summary>编 (Part One, 第一编): a titled section at the top of a regulation or code in parts.</summary>
    Part,

    /// <summary>章: a titled section at the top, or in a 编.</summary>
    Chapter,

    /// <summary>节: a titled section in a 章.</summary>
    Division,

    /// <summary>条: an untitled section at the top, in a 编, 章 or 节; numbered through the whole body. Its text (its
    /// 款) is its paragraphs.</summary>
    Provision,

    /// <summary>项 （一）: in a 条; its text is its paragraphs.</summary>
    Item,

    /// <summary>目 1.: in a 项; its text is its paragraphs.</summary>
    Subitem,
}

/// <summary>
/// Where a list of sections of a regulation is: under <paramref name="Parent"/>, or at the top (null), in a body
/// numbered as <paramref name="Numbering"/> says. Code that walks a body carries one (null for a document's body) to
/// tell what each section is.
/// </summary>
public sealed record RegulationPlace(RegulationPart? Parent, BodyNumbering Numbering)
{
    /// <summary>The place of a body's sections: the top of a regulation, or null for a document.</summary>
    public static RegulationPlace? Top(ArticleBody body) =>
        body.Numbering == BodyNumbering.Document ? null : new(null, body.Numbering);

    /// <summary>What this section is; null below a 目.</summary>
    public RegulationPart? PartOf(Section section) => Sections.Numbering.PartOf(Numbering, Parent, !string.IsNullOrWhiteSpace(section.Title));

    /// <summary>The place of the sections in a <paramref name="part"/> of this place.</summary>
    public RegulationPlace Inside(RegulationPart? part) => this with { Parent = part };
}

/// <summary>Section numbers (GB/T 9704-2012, and those of regulations) and the operations that depend on them. Pure code.</summary>
public static class Numbering
{
    /// <summary>The levels of a document's sections.</summary>
    public const int MaxLevels = 4;

    /// <summary>The body with every list present and every section's path and label set from its position.</summary>
    public static ArticleBody Number(ArticleBody? body)
    {
        var numbering = body?.Numbering ?? BodyNumbering.Document;
        var through = new Through();
        var sections = numbering == BodyNumbering.Document
            ? NumberLevel(body?.Sections, "", 1)
            : NumberRegulation(body?.Sections, "", new RegulationPlace(null, numbering), ref through);
        return new(Clean(body?.Lead), sections, Clean(body?.Closing), numbering);
    }

    /// <summary>
    /// The part a section of a regulation is, from how the body is numbered, the part the section is in (null: the
    /// top) and whether it has a title; null below a 目, where a regulation has no further level.
    /// </summary>
    public static RegulationPart? PartOf(BodyNumbering numbering, RegulationPart? parent, bool titled) => parent switch
    {
        null when titled => numbering is BodyNumbering.RegulationInParts or BodyNumbering.CodeInParts ? RegulationPart.Part : RegulationPart.Chapter,
        RegulationPart.Part when titled => RegulationPart.Chapter,
        RegulationPart.Chapter when titled => RegulationPart.Division,
        null or RegulationPart.Part or RegulationPart.Chapter or RegulationPart.Division => RegulationPart.Provision,
        RegulationPart.Provision => RegulationPart.Item,
        RegulationPart.Item => RegulationPart.Subitem,
        _ => null,
    };

    /// <summary>Whether <paramref name="part"/> is counted through the whole body: 条 always, 章 unless a code in parts starts
    /// them again in each 编. The others are counted among their siblings.</summary>
    public static bool CountsThrough(BodyNumbering numbering, RegulationPart part) =>
        part == RegulationPart.Provision || part == RegulationPart.Chapter && numbering != BodyNumbering.CodeInParts;

    /// <summary>Whether a part of a regulation is a heading with a title (编, 章, 节), not text (条, 项, 目).</summary>
    public static bool IsHeading(RegulationPart? part) => part is RegulationPart.Part or RegulationPart.Chapter or RegulationPart.Division;

    /// <summary>The label of the <paramref name="number"/>-th (1-based) part of its kind: 第一编, 第一章, 第一节, 第一条, （一）, 1.</summary>
    public static string Label(RegulationPart part, int number) => part switch
    {
        RegulationPart.Part => "第" + ChineseNumber(number) + "编",
        RegulationPart.Chapter => "第" + ChineseNumber(number) + "章",
        RegulationPart.Division => "第" + ChineseNumber(number) + "节",
        RegulationPart.Provision => "第" + ChineseNumber(number) + "条",
        RegulationPart.Item => Label(2, number),
        _ => Label(3, number),
    };

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

    /// <summary>
    /// The section at a path such as <c>2.1</c>; in a regulation also one named by its label as laws are cited: a 编 or
    /// 条 (<c>第十二条</c>), a 章 that no other has, or a chain that names a part within the part before it, for the
    /// parts that repeat (<c>第二编第一章</c> in a code whose 编 each start again at 第一章, <c>第二章第一节</c>,
    /// <c>第三条第（二）项</c>). Null when there is none.
    /// </summary>
    public static Section? Find(ArticleBody body, string path) => FindByPath(body, path) ?? FindByLabel(body, path);

    private static Section? FindByLabel(ArticleBody body, string label)
    {
        if (RegulationPlace.Top(body) is not { } top || CitedLabels(label) is not [var first, .. var within])
        {
            return null;
        }
        var found = Parts(body.Sections, top).FirstOrDefault(p => p.Section.Label == first && (p.Part is RegulationPart.Part or RegulationPart.Provision ||
            p.Part == RegulationPart.Chapter && top.Numbering != BodyNumbering.CodeInParts)).Section;
        foreach (var next in within)
        {
            // a 项 is one of its 条's own; a 章, 节 or 条 may lie deeper in the part before it
            var candidates = next.StartsWith('（') ? found?.Sections : found is null ? null : Within(found);
            found = candidates?.FirstOrDefault(s => s.Label == next);
        }
        return found;
    }

    /// <summary>
    /// 第二编第一章 as 第二编 and 第一章: the text cut after each 编, 章, 节, 条, 款 and 项; null when something follows
    /// the last. A 项 is cited 第（二）项 or 第二项 and labelled （二）. A 款 is a paragraph of its 条, not a section: it is
    /// passed over (第三条第二款第（一）项 names the 条's 项 （一）), and a citation may not end with one.
    /// </summary>
    private static List<string>? CitedLabels(string text)
    {
        var labels = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('编' or '章' or '节' or '条' or '款' or '项'))
            {
                continue;
            }
            var label = text[start..(i + 1)];
            start = i + 1;
            if (text[i] is '款' or '项' && (label.Length < 3 || label[0] != '第'))
            {
                return null; // 第 and a number come first
            }
            if (text[i] == '款')
            {
                if (start == text.Length)
                {
                    return null;
                }
                continue;
            }
            labels.Add(text[i] == '项' ? "（" + label[1..^1].Trim('（', '）', '(', ')') + "）" : label);
        }
        return start == text.Length ? labels : null;
    }

    /// <summary>The sections in a section, at every depth, in reading order.</summary>
    private static IEnumerable<Section> Within(Section section) => (section.Sections ?? []).SelectMany(s => Within(s).Prepend(s));

    /// <summary>Every section of a regulation's list, and the sections in them, with what each is.</summary>
    private static IEnumerable<(Section Section, RegulationPart? Part)> Parts(IReadOnlyList<Section>? sections, RegulationPlace place)
    {
        foreach (var section in sections ?? [])
        {
            var part = place.PartOf(section);
            yield return (section, part);
            foreach (var inner in Parts(section.Sections, place.Inside(part)))
            {
                yield return inner;
            }
        }
    }

    private static Section? FindByPath(ArticleBody body, string path)
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

    /// <summary>The counts of the parts numbered through the whole body (<see cref="CountsThrough"/>).</summary>
    private struct Through
    {
        public int Provisions;
        public int Chapters;
    }

    // 编 and 节 are counted among their titled siblings, and so are the 章 of a code in parts; the other 章 and every 条
    // are counted through the whole body (第一章 may hold 第一条 to 第五条, and 第二章 starts at 第六条); 项 and 目 by
    // position. Paths stay positional, as a document's.
    private static List<Section> NumberRegulation(IReadOnlyList<Section>? sections, string parentPath, RegulationPlace place,
        ref Through through)
    {
        var numbered = new List<Section>();
        var titledSoFar = 0;
        foreach (var section in sections ?? [])
        {
            var path = parentPath.Length == 0 ? $"{numbered.Count + 1}" : $"{parentPath}.{numbered.Count + 1}";
            var title = section.Title?.Trim() ?? "";
            // Below a 目 the validator refuses; numbered as 目 so that numbering never fails.
            var part = place.PartOf(section) ?? RegulationPart.Subitem;
            var number = part switch
            {
                RegulationPart.Provision => ++through.Provisions,
                RegulationPart.Chapter when CountsThrough(place.Numbering, part) => ++through.Chapters,
                RegulationPart.Part or RegulationPart.Chapter or RegulationPart.Division => ++titledSoFar,
                _ => numbered.Count + 1,
            };
            var label = Label(part, number);
            numbered.Add(new Section(path, label, title, Clean(section.Paragraphs),
                NumberRegulation(section.Sections, path, place.Inside(part), ref through)));
        }
        return numbered;
    }

    private static List<string> Clean(IReadOnlyList<string>? paragraphs) =>
        (paragraphs ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
}
