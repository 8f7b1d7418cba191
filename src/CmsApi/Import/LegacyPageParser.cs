using System.Globalization;
using System.Text.RegularExpressions;
using CmsApi.Articles;
using CmsApi.Sections;
using CmsApi.Sites;

namespace CmsApi.Import;

/// <summary>A legacy page read into article fields, with the report of how each line was read.</summary>
public sealed record ParsedPage(
    string? Title, string? Subtitle, DateTimeOffset? PublishedAt, string? Source, string? Author, string? Editor,
    long? ViewCount, Disclosure? Disclosure, ArticleBody Body, ImportReport Report);

/// <summary>
/// Reads the text of an old portal page (one block per line, as scrapers and migration scripts hand it over) into a
/// structured article. Pure code. The page is read in the order portals print it: header date, title, ——subtitle,
/// publish line, the 政府信息公开 catalogue (索引号, 发文字号…; above the title or under the publish line), lead, numbered
/// sections (GB/T 9704: 一、 （一） 1. （1）, run-in or on their own line; or a regulation's 第一章 第一节 第一条 with their
/// （一） and 1.), editor line, footer. Full- and half-width punctuation, odd spaces and
/// CRLF are all accepted.
/// </summary>
public static partial class LegacyPageParser
{
    /// <summary>Portals print Beijing time; China has kept UTC+8 without daylight saving since 1991.</summary>
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private sealed record Line(int Number, string Text);

    private sealed class SectionBuilder(int kind, string title)
    {
        public int Kind { get; } = kind;
        public string Title { get; } = title;
        public List<string> Paragraphs { get; } = [];
        public List<SectionBuilder> Children { get; } = [];

        public Section Build() => new(null, null, Title, Paragraphs, Children.Select(c => c.Build()).ToList());
    }

    public static ParsedPage Parse(string text)
    {
        var lines = Split(text);
        var warnings = new List<ImportWarning>();
        var first = 0;
        var end = lines.Count;

        RecognisedLine? header = null;
        if (first < end && HeaderDatePattern().IsMatch(lines[first].Text))
        {
            header = Recognise(lines[first++]);
        }

        var footerLines = new List<Line>();
        while (end > first && IsFooter(lines[end - 1].Text))
        {
            footerLines.Insert(0, lines[--end]);
        }
        var footer = ReadFooter(footerLines, warnings);

        RecognisedLine? editorLine = null;
        string? editor = null;
        var bodyEnd = end;
        for (var i = end - 1; i >= first && i >= end - 3; i--)
        {
            var match = EditorPattern().Match(lines[i].Text);
            if (match.Success)
            {
                editorLine = Recognise(lines[i]);
                editor = match.Groups["name"].Value.Trim();
                bodyEnd = i;
                break;
            }
        }
        var afterEditor = editorLine is null ? [] : lines[(bodyEnd + 1)..end];

        RecognisedLine? title = null, subtitle = null, meta = null;
        var fields = new Dictionary<string, string>();
        var catalogue = new Dictionary<string, RecognisedLine>();
        var catalogueLines = new List<RecognisedLine>();
        var cursor = first;
        ReadCatalogue(lines, ref cursor, bodyEnd, catalogue, catalogueLines); // a disclosure page's box, above the title
        var titled = catalogue.GetValueOrDefault("标题");
        if (cursor < bodyEnd && !IsMeta(lines[cursor].Text) && !IsSubtitle(lines[cursor].Text)
            && (titled is null || Unspaced(lines[cursor].Text) == Unspaced(titled.Text)))
        {
            title = Recognise(lines[cursor++]);
        }
        // the subtitle and the publish line follow the title, in either order
        for (var taken = 0; taken < 2 && cursor < bodyEnd; taken++)
        {
            if (subtitle is null && IsSubtitle(lines[cursor].Text))
            {
                subtitle = Recognise(lines[cursor++]);
            }
            else if (meta is null && IsMeta(lines[cursor].Text))
            {
                meta = Recognise(lines[cursor]);
                fields = MetaFields(lines[cursor++].Text);
            }
        }
        ReadCatalogue(lines, ref cursor, bodyEnd, catalogue, catalogueLines); // or under the publish line, as this service's text prints it
        title ??= titled; // a box whose 标题 is the only title
        if (title is null)
        {
            warnings.Add(new ImportWarning(first < lines.Count ? lines[first].Number : 1, "No title found: the first line of the page should be the title."));
        }

        DateTimeOffset? publishedAt = null;
        if ((Field(fields, "发布时间", "发布日期", "时间", "日期") is { } time ? new RecognisedLine(meta!.Line, time) : catalogue.GetValueOrDefault("发布日期"))
            is { } when)
        {
            publishedAt = ParseTime(when.Text);
            if (publishedAt is null)
            {
                warnings.Add(new ImportWarning(when.Line, $"The publish time '{when.Text}' is not a date this importer reads."));
            }
        }
        var disclosure = ReadDisclosure(catalogue, warnings);
        long? views = null;
        if (Field(fields, "浏览次数", "点击数", "阅读量", "浏览量", "阅读次数", "点击量") is { } count)
        {
            views = long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }

        // the document's own closing (signature, date…) comes before the editor line; lines after it close the page too
        var bodyLines = lines[cursor..bodyEnd];
        var closingAt = LegacyLayout.ClosingStart(bodyLines.ConvertAll(l => l.Text));
        var closingLines = bodyLines[closingAt..].Concat(afterEditor).Select(Recognise).ToList();
        var (body, counts) = ReadBody(bodyLines[..closingAt], closingLines.ConvertAll(l => l.Text), warnings);
        var report = new ImportReport(header, title, subtitle, meta, catalogueLines, publishedAt, Field(fields, "来源"), Field(fields, "作者"),
            views, counts, closingLines, editorLine, footer, warnings);
        return new ParsedPage(title?.Text, subtitle is null ? null : SubtitleText(subtitle.Text), publishedAt, report.Source,
            report.Author, editor, views, disclosure, body, report);
    }

    /// <summary>
    /// Reads the catalogue lines from <paramref name="cursor"/> on: each holds one or more fields (索引号：…　主题分类：…, the
    /// names often spaced out, 索  引  号), or is the 发文字号 alone, as printed under a document's title.
    /// </summary>
    private static void ReadCatalogue(List<Line> lines, ref int cursor, int end, Dictionary<string, RecognisedLine> catalogue,
        List<RecognisedLine> read)
    {
        while (cursor < end && CatalogueFields(lines[cursor]) is { } found)
        {
            foreach (var (name, value) in found)
            {
                catalogue.TryAdd(name, new RecognisedLine(lines[cursor].Number, value));
            }
            read.Add(Recognise(lines[cursor++]));
        }
    }

    /// <summary>The line's catalogue fields by their names, unspaced; null when the line is not a catalogue line.</summary>
    private static List<(string Name, string Value)>? CatalogueFields(Line line)
    {
        if (DocumentNumberLine().IsMatch(line.Text))
        {
            return [("发文字号", line.Text)];
        }
        var names = CatalogueName().Matches(line.Text);
        if (names.Count == 0 || names[0].Index != 0)
        {
            return null;
        }
        return NamedValues(line.Text, names).Select(field => (Unspaced(field.Name), field.Value)).ToList();
    }

    /// <summary>The article's 政府信息公开 fields from the catalogue; a field it does not keep (主题词…) is reported.</summary>
    private static Disclosure? ReadDisclosure(Dictionary<string, RecognisedLine> catalogue, List<ImportWarning> warnings)
    {
        string? Value(params string[] names) => names.Select(catalogue.GetValueOrDefault).FirstOrDefault(v => v is not null)?.Text;
        DateOnly? writtenOn = null;
        if (catalogue.GetValueOrDefault("成文日期") is { } written)
        {
            writtenOn = ParseTime(written.Text) is { } date ? DateOnly.FromDateTime(date.DateTime) : null;
            if (writtenOn is null)
            {
                warnings.Add(new ImportWarning(written.Line, $"成文日期 '{written.Text}' is not a date this importer reads."));
            }
        }
        foreach (var (name, line) in catalogue.Where(field => !KeptCatalogueNames.Contains(field.Key)).OrderBy(field => field.Value.Line))
        {
            warnings.Add(new ImportWarning(line.Line, $"{name} of the disclosure catalogue is not kept."));
        }
        return new Disclosure(Value("索引号"), Value("主题分类"), Value("发文机关", "发文机构", "发布机构"), writtenOn,
            Value("发文字号", "文号"), Value("有效性")).Normalized();
    }

    private static readonly HashSet<string> KeptCatalogueNames =
        ["索引号", "主题分类", "发文机关", "发文机构", "发布机构", "成文日期", "发文字号", "文号", "有效性", "标题", "发布日期"];

    private static string Unspaced(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static (ArticleBody Body, SectionCounts Counts) ReadBody(List<Line> lines, List<string> closing, List<ImportWarning> warnings)
    {
        var lead = new List<string>();
        var top = new List<SectionBuilder>();
        var counts = new int[7];
        var numbering = IsRegulation(lines) ? RegulationNumbering(lines) : BodyNumbering.Document;
        var read = numbering == BodyNumbering.Document ? ReadDocument(lead, top, counts, warnings) : ReadRegulation(numbering, lead, top, counts, warnings);
        if (numbering != BodyNumbering.Document && TableOfContents(lines, numbering) is { } contents)
        {
            warnings.Add(new ImportWarning(lines[contents.Start.Value].Number,
                $"A table of contents ({contents.End.Value - contents.Start.Value} lines): dropped; the body's own headings follow it."));
            lines = [.. lines[..contents.Start], .. lines[contents.End..]];
        }
        foreach (var line in lines)
        {
            if (ChromePattern().IsMatch(line.Text))
            {
                warnings.Add(new ImportWarning(line.Number, "Page chrome (print, close, font size…) dropped."));
                continue;
            }
            read(line);
        }
        return (new ArticleBody(lead, top.Select(s => s.Build()).ToList(), closing, numbering),
            new SectionCounts(counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]));
    }

    /// <summary>
    /// A regulation starts lines with 第一条, 第二条 and 第三条 in that order, before any 一、 heading. A news text may
    /// start a paragraph with 第一条… (第一条地铁线路…) and even the next with 第二条, hardly a third.
    /// </summary>
    private static bool IsRegulation(List<Line> lines)
    {
        var at = lines.FindIndex(line => Opens(line, RegulationPart.Provision, 1));
        if (at < 0 || lines.Take(at).Any(line => LegacyLayout.TryHeading(line.Text, out var level, out _, out _) && level == 1))
        {
            return false;
        }
        for (var number = 2; number <= 3 && at >= 0; number++)
        {
            at = lines.FindIndex(at + 1, line => Opens(line, RegulationPart.Provision, number));
        }
        return at >= 0;
    }

    /// <summary>Whether a line opens a <paramref name="part"/> of a regulation, the <paramref name="number"/>-th if given.</summary>
    private static bool Opens(Line line, RegulationPart part, int? number = null) =>
        LegacyLayout.TryRegulationLabel(line.Text, out var p, out var n, out _) && p == part && (number is null || n == number);

    /// <summary>
    /// A regulation with a 编 line is in parts. Its 章 start again in each 编 (a code: 刑法, 民法典) when a 第一章 follows
    /// its first 条, as 第二编's does; else they are numbered through (《中国共产党纪律处分条例》: 第二编 begins at 第六章).
    /// </summary>
    private static BodyNumbering RegulationNumbering(List<Line> lines)
    {
        if (!lines.Any(line => Opens(line, RegulationPart.Part)))
        {
            return BodyNumbering.Regulation;
        }
        var text = lines.FindIndex(line => Opens(line, RegulationPart.Provision, 1));
        return lines.Skip(text + 1).Any(line => Opens(line, RegulationPart.Chapter, 1)) ? BodyNumbering.CodeInParts : BodyNumbering.RegulationInParts;
    }

    /// <summary>
    /// The lines of a long regulation's table of contents (目录, then its 编, 章 and 节 headings), printed before the
    /// text: from the first 第一章 (第一编 in parts) before 第一条, or the 目录 line above it, to the last such line, where
    /// the text begins. Null when that line comes once.
    /// </summary>
    private static Range? TableOfContents(List<Line> lines, BodyNumbering numbering)
    {
        var first = numbering == BodyNumbering.Regulation ? RegulationPart.Chapter : RegulationPart.Part;
        var text = lines.FindIndex(line => Opens(line, RegulationPart.Provision, 1));
        var openings = lines.Take(text).Select((line, index) => (line, index))
            .Where(l => Opens(l.line, first, 1)).Select(l => l.index).ToList();
        if (openings.Count < 2)
        {
            return null;
        }
        var start = openings[0] > 0 && ContentsTitle().IsMatch(lines[openings[0] - 1].Text) ? openings[0] - 1 : openings[0];
        return start..openings[^1];
    }

    /// <summary>Reads a regulation's lines: 第一编, 第一章, 第一节 and 第一条 open their parts; （一） is an item of the open 条
    /// and 1. an item of the open 项; every other line is a paragraph of the innermost open part.</summary>
    private static Action<Line> ReadRegulation(BodyNumbering numbering, List<string> lead, List<SectionBuilder> top, int[] counts,
        List<ImportWarning> warnings)
    {
        var open = new List<SectionBuilder>();
        var provisions = 0;
        var chapters = 0;
        void Open(SectionBuilder section, int number, int expected, Line line)
        {
            if (number != expected)
            {
                warnings.Add(new ImportWarning(line.Number, $"Numbered {number} where {expected} was expected: renumbered by position."));
            }
            (open.Count == 0 ? top : open[^1].Children).Add(section);
            open.Add(section);
            counts[open.Count]++;
        }
        int Close(Func<RegulationPart, bool> holds)
        {
            while (open.Count > 0 && !holds((RegulationPart)open[^1].Kind))
            {
                open.RemoveAt(open.Count - 1);
            }
            return open.Count;
        }
        int Count(RegulationPart part) => (open.Count == 0 ? top : open[^1].Children).Count(s => s.Kind == (int)part);

        return line =>
        {
            if (SubpartHeading().IsMatch(line.Text))
            {
                warnings.Add(new ImportWarning(line.Number, "A 分编 (a part within a 编): kept as a paragraph; a code is numbered from 编 and 章 down."));
            }
            else if (LegacyLayout.TryRegulationLabel(line.Text, out var part, out var number, out var rest))
            {
                rest = rest.Trim();
                if (part == RegulationPart.Provision)
                {
                    Close(p => p is RegulationPart.Part or RegulationPart.Chapter or RegulationPart.Division);
                    var provision = new SectionBuilder((int)part, "");
                    if (rest.Length > 0)
                    {
                        provision.Paragraphs.Add(rest);
                    }
                    Open(provision, number, ++provisions, line);
                    return;
                }
                if (rest.Length == 0)
                {
                    // untitled, it would be numbered as a 条
                    warnings.Add(new ImportWarning(line.Number, "A 编, 章 or 节 without a title: kept as a paragraph."));
                }
                else
                {
                    if (part == RegulationPart.Division && !open.Exists(s => s.Kind == (int)RegulationPart.Chapter))
                    {
                        warnings.Add(new ImportWarning(line.Number, "A 节 outside any 章: read as a 章."));
                        part = RegulationPart.Chapter;
                    }
                    RegulationPart? holder = part switch { RegulationPart.Chapter => RegulationPart.Part, RegulationPart.Division => RegulationPart.Chapter, _ => null };
                    Close(p => p == holder);
                    var expected = Numbering.CountsThrough(numbering, part) ? ++chapters : Count(part) + 1;
                    Open(new SectionBuilder((int)part, rest), number, expected, line);
                    return;
                }
            }
            else if (LegacyLayout.TryHeading(line.Text, out var level, out number, out rest) && level is 2 or 3)
            {
                var holder = level == 2 ? RegulationPart.Provision : RegulationPart.Item;
                if (open.FindLastIndex(s => s.Kind == (int)holder) is var at and >= 0)
                {
                    open.RemoveRange(at + 1, open.Count - at - 1);
                    // its text as printed, its closing ； or 。 too: a regulation's items are text, not headings
                    var item = new SectionBuilder((int)(level == 2 ? RegulationPart.Item : RegulationPart.Subitem), "");
                    if (rest.Trim() is { Length: > 0 } text)
                    {
                        item.Paragraphs.Add(text);
                    }
                    Open(item, number, open[^1].Children.Count + 1, line);
                    return;
                }
            }
            (open.Count == 0 ? lead : open[^1].Paragraphs).Add(line.Text);
        };
    }

    /// <summary>Reads a document's lines: a GB/T 9704 label opens a section of its level.</summary>
    private static Action<Line> ReadDocument(List<string> lead, List<SectionBuilder> top, int[] counts, List<ImportWarning> warnings)
    {
        var open = new List<SectionBuilder>();
        return line =>
        {
            if (LegacyLayout.TryHeading(line.Text, out var kind, out var number, out var rest))
            {
                while (open.Count > 0 && open[^1].Kind >= kind)
                {
                    open.RemoveAt(open.Count - 1);
                }
                var (heading, runOn) = LegacyLayout.SplitHeading(rest);
                if (open.Count >= Numbering.MaxLevels)
                {
                    warnings.Add(new ImportWarning(line.Number, "A fifth heading level: kept as a paragraph."));
                    open[^1].Paragraphs.Add(line.Text);
                    return;
                }
                var siblings = open.Count == 0 ? top : open[^1].Children;
                var section = new SectionBuilder(kind, heading);
                if (runOn is not null)
                {
                    section.Paragraphs.Add(runOn);
                }
                if (open.Count + 1 != kind)
                {
                    warnings.Add(new ImportWarning(line.Number,
                        $"A level-{kind} heading directly under level {open.Count}: numbered as level {open.Count + 1} ({Numbering.Label(open.Count + 1, siblings.Count + 1)})."));
                }
                else if (number != siblings.Count + 1)
                {
                    warnings.Add(new ImportWarning(line.Number, $"Numbered {number} where {siblings.Count + 1} was expected: renumbered by position."));
                }
                siblings.Add(section);
                open.Add(section);
                counts[open.Count]++;
                return;
            }
            (open.Count == 0 ? lead : open[^1].Paragraphs).Add(line.Text);
        };
    }

    private static FooterReport ReadFooter(List<Line> lines, List<ImportWarning> warnings)
    {
        string? holder = null, notice = null, copyrightLine = null, icp = null, licence = null, publicSecurity = null, siteCode = null;
        int? year = null;
        foreach (var line in lines)
        {
            var text = line.Text;
            var recognised = false;
            if (text.Contains("版权所有", StringComparison.Ordinal) && holder is null)
            {
                var at = text.IndexOf("版权所有", StringComparison.Ordinal);
                holder = text[..at].Trim().TrimEnd(':', '：');
                notice = text[at..].Trim();
                recognised = true;
            }
            if (CopyrightPattern().IsMatch(text))
            {
                copyrightLine = text;
                var yearMatch = YearPattern().Match(text);
                year = yearMatch.Success ? int.Parse(yearMatch.Value, CultureInfo.InvariantCulture) : null;
                recognised = true;
            }
            foreach (Match match in IcpToken().Matches(text))
            {
                recognised |= Take(Filings.Icp(match.Value), ref icp, line, match.Value, Filings.IcpForm, warnings);
            }
            foreach (Match match in IcpLicenceToken().Matches(text))
            {
                recognised |= Take(Filings.IcpLicence(match.Value), ref licence, line, match.Value, Filings.IcpLicenceForm, warnings);
            }
            foreach (Match match in PublicSecurityToken().Matches(text))
            {
                recognised |= Take(Filings.PublicSecurity(match.Value), ref publicSecurity, line, match.Value, Filings.PublicSecurityForm, warnings);
            }
            if (SiteCodeToken().Match(text) is { Success: true } code)
            {
                recognised |= Take(Filings.SiteCode(code.Groups["code"].Value), ref siteCode, line, code.Value, Filings.SiteCodeForm, warnings);
            }
            if (!recognised)
            {
                warnings.Add(new ImportWarning(line.Number, "A footer line that names no copyright or filing: not imported."));
            }
        }
        return new FooterReport(holder, notice, copyrightLine, year, icp, licence, publicSecurity, siteCode);
    }

    private static bool Take(string? canonical, ref string? slot, Line line, string token, string form, List<ImportWarning> warnings)
    {
        if (canonical is null)
        {
            warnings.Add(new ImportWarning(line.Number, $"'{token}' looks like a filing but is not {form}."));
            return true;
        }
        slot ??= canonical;
        return true;
    }

    /// <summary>Non-blank lines with their numbers; CRLF, tabs, NBSP and ideographic spaces at the ends are trimmed.</summary>
    private static List<Line> Split(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select((line, index) => new Line(index + 1, line.Replace('\t', ' ').Trim()))
            .Where(line => line.Text.Length > 0 && line.Text.Any(c => !char.IsWhiteSpace(c) && c != '\u200b' && c != '\ufeff'))
            .Select(line => line with { Text = line.Text.Trim('\ufeff', '\u200b').Trim() })
            .ToList();

    private static RecognisedLine Recognise(Line line) => new(line.Number, line.Text);

    private static bool IsSubtitle(string text) => SubtitlePattern().IsMatch(text);

    private static string SubtitleText(string text) => SubtitlePattern().Replace(text, "").Trim();

    private static bool IsMeta(string text)
    {
        var fields = MetaFields(text);
        return fields.Count > 0 && (fields.Keys.Any(k => k is "发布时间" or "发布日期" or "时间" or "日期" or "来源") || fields.Count >= 2);
    }

    private static bool IsFooter(string text) =>
        text.Contains("版权所有", StringComparison.Ordinal) || CopyrightPattern().IsMatch(text) || IcpToken().IsMatch(text) ||
        IcpLicenceToken().IsMatch(text) || PublicSecurityToken().IsMatch(text) || SiteCodeToken().IsMatch(text) ||
        FooterInfoPattern().IsMatch(text);

    /// <summary>The fields of a publish line, by name.</summary>
    private static Dictionary<string, string> MetaFields(string text)
    {
        var fields = new Dictionary<string, string>();
        foreach (var (name, value) in NamedValues(text, MetaKeyPattern().Matches(text)))
        {
            fields.TryAdd(name, value);
        }
        return fields;
    }

    /// <summary>A line of named values (发布时间：…　来源：…, 索引号：…　主题分类：…): each name's value runs to the next name; empty ones are left out.</summary>
    private static IEnumerable<(string Name, string Value)> NamedValues(string text, MatchCollection names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var start = names[i].Index + names[i].Length;
            var value = text[start..(i + 1 < names.Count ? names[i + 1].Index : text.Length)].Trim();
            if (value.Length > 0)
            {
                yield return (names[i].Groups["name"].Value, value);
            }
        }
    }

    private static string? Field(Dictionary<string, string> fields, params string[] keys) =>
        keys.Select(k => fields.GetValueOrDefault(k)).FirstOrDefault(v => v is not null);

    /// <summary>2022年05月12日 11:23, 2022-05-12 11:23(:45), 2022/5/12, 2022.5.12: as Beijing time.</summary>
    public static DateTimeOffset? ParseTime(string text)
    {
        var match = DatePattern().Match(text.Normalize(System.Text.NormalizationForm.FormKC));
        if (!match.Success)
        {
            return null;
        }
        int Part(string name, int fallback = 0) =>
            match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        try
        {
            return new DateTimeOffset(Part("y"), Part("m"), Part("d"), Part("h"), Part("min"), Part("s"), Beijing);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(今天是)?\s*\d{4}年\d{1,2}月\d{1,2}日\s*(星期|周)[一二三四五六日天]")]
    private static partial Regex HeaderDatePattern();

    // the names a disclosure catalogue prints, spaced out or not (索  引  号, 标　　题); the longer of two that share a start first
    [GeneratedRegex(@"(?<name>索\s*引\s*号|主\s*题\s*分\s*类|发\s*文\s*机\s*[关构]|发\s*布\s*机\s*构|成\s*文\s*日\s*期|发\s*文\s*字\s*号|文\s*号|有\s*效\s*性|标\s*题|发\s*布\s*日\s*期|公\s*文\s*种\s*类|体\s*裁\s*分\s*类|主\s*题\s*词)\s*[:：]\s*")]
    private static partial Regex CatalogueName();

    // 国办发〔2022〕15号 on a line of its own, in any of the brackets editors type; a 令's 第 too
    [GeneratedRegex(@"^[\p{L}\p{N}]{1,20}\s*[〔\[［【（(﹝]\s*[0-9０-９]{4}\s*[〕\]］】）)﹞]\s*第?\s*[0-9０-９]+\s*号$")]
    private static partial Regex DocumentNumberLine();

    [GeneratedRegex(@"^\s*(——|—|--|－－)\s*")]
    private static partial Regex SubtitlePattern();

    [GeneratedRegex(@"^目\s*录$")]
    private static partial Regex ContentsTitle();

    // 第一分编　通则: the parts within a 编 of 民法典
    [GeneratedRegex(@"^第\s*[零〇一二三四五六七八九十百0-9]{1,8}\s*分编")]
    private static partial Regex SubpartHeading();

    [GeneratedRegex(@"(?<name>发布时间|发布日期|时间|日期|来源|作者|浏览次数|点击数|阅读量|浏览量|阅读次数|点击量)\s*[:：]\s*")]
    private static partial Regex MetaKeyPattern();

    [GeneratedRegex(@"(?<y>\d{4})\s*[年/\-.]\s*(?<m>\d{1,2})\s*[月/\-.]\s*(?<d>\d{1,2})\s*日?(?:\s*(?<h>\d{1,2})\s*[:：时]\s*(?<min>\d{1,2})(?:\s*[:：分]\s*(?<s>\d{1,2}))?)?")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[（(【\[]?\s*(?:责编|责任编辑|编辑)\s*[:：]\s*(?<name>[^）)】\]]+?)\s*[）)】\]]?$")]
    private static partial Regex EditorPattern();

    [GeneratedRegex(@"^(copyright|版权所有)|©|\(c\)", RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightPattern();

    [GeneratedRegex(@"(19|20)\d{2}")]
    private static partial Regex YearPattern();

    [GeneratedRegex($@"[{Filings.Abbreviations}]\s*(?i:ICP)\s*备\s*[0-9０-９]+\s*号(?:\s*[-－]\s*[0-9０-９]+)?")]
    private static partial Regex IcpToken();

    [GeneratedRegex($@"[{Filings.Abbreviations}]\s*(?i:ICP)\s*证\s*[0-9０-９]+\s*号")]
    private static partial Regex IcpLicenceToken();

    [GeneratedRegex($@"[{Filings.Abbreviations}]\s*公网安备\s*[0-9０-９]+\s*号")]
    private static partial Regex PublicSecurityToken();

    [GeneratedRegex(@"网站标识码\s*[:：]?\s*(?<code>[0-9A-Za-z]+)")]
    private static partial Regex SiteCodeToken();

    [GeneratedRegex(@"^(主办|承办|主办单位|承办单位|技术支持|联系电话|联系我们|地址|网站地图)\s*[:：]?")]
    private static partial Regex FooterInfoPattern();

    [GeneratedRegex(@"^[【\[]?\s*(打印本页|关闭窗口|打印|关闭|字体\s*[:：]?\s*[大中小\s]+|分享到\s*[:：]?.*)\s*[】\]]?$")]
    private static partial Regex ChromePattern();
}
