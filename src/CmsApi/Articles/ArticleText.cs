using System.Globalization;
using System.Text;
using CmsApi.Import;
using CmsApi.Sections;

namespace CmsApi.Articles;

/// <summary>
/// An article as text for integration scripts. Plain text follows the layout of the legacy portal pages
/// (title, ——subtitle, the publish line, the 政府信息公开 catalogue, numbered sections with run-in headings below level 1, the editor line),
/// so the legacy importer reads it back; Markdown uses one heading level per section level (in a regulation per 章 and
/// 节, the 条 being paragraphs led by their numbers).
/// </summary>
public static class ArticleText
{
    public static string Plain(Article article)
    {
        var text = new StringBuilder();
        void Block(string line) => text.Append(line).Append("\n\n");
        // No kicker line: on a legacy page nothing tells a kicker from a title, so it would not read back.
        Block(article.Title);
        var publishLine = PublishLine(article);
        if (article.Subtitle is { } subtitle)
        {
            text.Append("——").Append(subtitle).Append('\n');
        }
        if (publishLine.Length > 0)
        {
            Block(publishLine); // a draft may have no time, source or author yet
        }
        foreach (var (name, value) in article.Disclosure?.Fields() ?? [])
        {
            Block($"{name}：{value}"); // 政府信息公开: the importer reads the catalogue here too
        }
        var body = new List<string>(article.Body.Lead ?? []);
        WritePlain(article.Body.Sections, 1, RegulationPlace.Top(article.Body), body.Add);
        body.ForEach(Block);
        // A closing the importer recognises (signature, date…) is printed where documents print it, before the editor
        // line; any other is printed after it, where the importer takes every line as closing.
        var closing = article.Body.Closing ?? [];
        var afterEditor = article.Editor is not null && LegacyLayout.ClosingStart([.. body, .. closing]) != body.Count;
        foreach (var paragraph in afterEditor ? [] : closing)
        {
            Block(paragraph);
        }
        if (article.Editor is { } editor)
        {
            Block($"（责任编辑：{editor}）");
        }
        foreach (var paragraph in afterEditor ? closing : [])
        {
            Block(paragraph);
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    public static string Markdown(Article article)
    {
        var text = new StringBuilder();
        void Block(string line) => text.Append(line).Append("\n\n");
        if (article.Kicker is { } kicker)
        {
            Block(Escape(kicker));
        }
        Block("# " + Escape(article.Title));
        if (article.Subtitle is { } subtitle)
        {
            Block("——" + Escape(subtitle));
        }
        if (PublishLine(article) is { Length: > 0 } publishLine)
        {
            Block("> " + Escape(publishLine));
        }
        if (article.Disclosure is { } disclosure) // 政府信息公开: the catalogue's fields, as the page's box above the text shows them
        {
            Block(string.Join('\n', disclosure.Fields().Select(field => $"- {field.Name}：{Escape(field.Value)}")));
        }
        foreach (var paragraph in article.Body.Lead ?? [])
        {
            Block(Escape(paragraph));
        }
        WriteMarkdown(article.Body.Sections, 2, RegulationPlace.Top(article.Body), Block);
        foreach (var paragraph in article.Body.Closing ?? [])
        {
            Block(Escape(paragraph));
        }
        foreach (var file in article.Attachments)
        {
            Block($"附件：{Link(file.Name, file.Url)}");
        }
        if (article.LinkUrl is { } link)
        {
            Block($"原文链接：{Link(link, link)}"); // 外链: where the article is read
        }
        if (article.Editor is { } editor)
        {
            Block($"（责任编辑：{Escape(editor)}）");
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>
    /// 发布时间：2022年05月12日 11:23　来源：市生态环境局. Without 浏览次数: the text is the article's content and changes
    /// only with its version; the count is served by the view counter.
    /// </summary>
    private static string PublishLine(Article article)
    {
        var parts = new List<string>();
        if (article.PublishedAt is { } at)
        {
            parts.Add("发布时间：" + at.ToString("yyyy年MM月dd日 HH:mm", CultureInfo.InvariantCulture));
        }
        if (article.Source is { } source)
        {
            parts.Add("来源：" + source);
        }
        if (article.Author is { } author)
        {
            parts.Add("作者：" + author);
        }
        return string.Join("　", parts);
    }

    /// <summary>
    /// Levels 2–4 run in (（一）标题。正文…) as official documents print them, where the importer reads them back alike. In a
    /// regulation a 编, 章 or 节 prints its title after an ideographic space (第一章　总则), a 条 its first paragraph
    /// (第一条　为了……), and a 项 or 目 its first paragraph right after the number (（一）机关；).
    /// </summary>
    private static void WritePlain(IReadOnlyList<Section>? sections, int level, RegulationPlace? place, Action<string> block)
    {
        foreach (var section in sections ?? [])
        {
            var paragraphs = section.Paragraphs ?? [];
            var title = section.Title ?? "";
            var rest = paragraphs.Skip(1);
            var part = place?.PartOf(section);
            if (Numbering.IsHeading(part))
            {
                block(section.Label + Gap(part) + title);
                rest = paragraphs;
            }
            else if (part is not null)
            {
                // 条, 项 and 目 have no title: their text follows the number
                block(paragraphs.Count > 0 ? section.Label + Gap(part) + paragraphs[0] : section.Label!);
            }
            else if (level > 1 && paragraphs.Count > 0 && LegacyLayout.CanRunIn(title))
            {
                block(section.Label + title + "。" + paragraphs[0]);
            }
            else if (title.Length == 0 && paragraphs.Count > 0 && LegacyLayout.SplitHeading(paragraphs[0]) == ("", paragraphs[0]))
            {
                block(section.Label + paragraphs[0]); // untitled: the text starts right after the number
            }
            else
            {
                block(section.Label + title);
                rest = paragraphs;
            }
            foreach (var paragraph in rest)
            {
                block(paragraph);
            }
            WritePlain(section.Sections, level + 1, place?.Inside(part), block);
        }
    }

    /// <summary>
    /// One heading level per section level. In a regulation only 编, 章 and 节 are headings (第一章　总则); a 条 is a
    /// paragraph led by its number in bold (**第一条**　为了……), a 项 or 目 one led by its number (（一）机关；), as they
    /// are printed, rather than a heading for every 条.
    /// </summary>
    private static void WriteMarkdown(IReadOnlyList<Section>? sections, int depth, RegulationPlace? place, Action<string> block)
    {
        foreach (var section in sections ?? [])
        {
            var part = place?.PartOf(section);
            // "1." at the start of a line is not a list item without a space after it, but escape it anyway for
            // renderers that disagree.
            var label = Escape(section.Label!).Replace(".", "\\.", StringComparison.Ordinal);
            var paragraphs = section.Paragraphs ?? [];
            var rest = paragraphs.AsEnumerable();
            var heading = place is null || Numbering.IsHeading(part);
            if (heading)
            {
                block(new string('#', depth) + " " + label + Gap(part) + Escape(section.Title ?? ""));
            }
            else
            {
                var number = part == RegulationPart.Provision ? $"**{label}**" : label;
                block(number + Gap(part) + (paragraphs.Count > 0 ? Escape(paragraphs[0]) : ""));
                rest = paragraphs.Skip(1);
            }
            foreach (var paragraph in rest)
            {
                block(Escape(paragraph));
            }
            WriteMarkdown(section.Sections, heading ? depth + 1 : depth, place?.Inside(part), block);
        }
    }

    /// <summary>
    /// What separates a number from its text: an ideographic space after 第…编, 第…章, 第…节 and 第…条 (第一章　总则), as
    /// regulations are printed; nothing after a document's labels or a 项's and 目's (二、总体要求, （一）机关；).
    /// </summary>
    private static string Gap(RegulationPart? part) =>
        Numbering.IsHeading(part) || part == RegulationPart.Provision ? "　" : "";

    /// <summary>
    /// A Markdown link: a destination in angle brackets may hold spaces and parentheses; only the brackets themselves
    /// must go.
    /// </summary>
    private static string Link(string text, string url) =>
        $"[{Escape(text)}](<{url.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)}>)";

    /// <summary>Markdown's own characters in content are escaped so that text stays text.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
