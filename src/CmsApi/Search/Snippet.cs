using System.Text;
using CmsApi.Articles;
using CmsApi.Http;
using CmsApi.Text;

namespace CmsApi.Search;

/// <summary>
/// Where an article matched a search: a short, HTML-escaped excerpt with the matched words in &lt;mark&gt;. Words are
/// looked for as search finds them, in each character's plain form (２０２２年 and ＰＭ２．５ for 2022年 and pm2.5, any
/// case), and marked as written.
/// </summary>
public static class Snippet
{
    private const int Context = 40;

    public static string? Build(string query, Article article)
    {
        var words = SearchQuery.Highlights(query).Where(w => w.Length > 0).OrderByDescending(w => w.Length).ToList();
        var texts = SearchIndex.Texts(article).Prepend(article.Title);
        foreach (var text in texts)
        {
            var plain = Plain(text);
            var at = words.Select(w => plain.IndexOf(w, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (at < 0)
            {
                continue;
            }
            var (start, end) = TextRules.WholeCharacters(text, Math.Max(0, at - Context), Math.Min(text.Length, at + Context * 2));
            return (start > 0 ? "…" : "") + Mark(text[start..end], plain[start..end], words) + (end < text.Length ? "…" : "");
        }
        return null;
    }

    /// <summary>The text with each character in its plain form, where that is one character: as long as the text, so
    /// that a word found in it stands at the same place in the text.</summary>
    private static string Plain(string text) => string.Create(text.Length, text, static (plain, text) =>
    {
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] = CompatibilityForms.Of(text[i]) is var form && form != CompatibilityForms.None ? form : text[i];
        }
    });

    /// <summary>Escapes the text and wraps every occurrence of a word (longest first) in its plain form in &lt;mark&gt;.</summary>
    private static string Mark(string text, string plain, IReadOnlyList<string> words)
    {
        var output = new StringBuilder();
        var written = 0;
        for (var i = 0; i < text.Length;)
        {
            var word = words.FirstOrDefault(w => plain.AsSpan(i).StartsWith(w, StringComparison.Ordinal));
            if (word is null)
            {
                i++;
                continue;
            }
            Escape(output, text.AsSpan(written, i - written));
            Escape(output.Append("<mark>"), text.AsSpan(i, word.Length)).Append("</mark>");
            i += word.Length;
            written = i;
        }
        return Escape(output, text.AsSpan(written)).ToString();
    }

    /// <summary>
    /// HTML's five special characters as entities, everything else as it is: a run at a time, so a character beyond the
    /// BMP stays whole (WebUtility.HtmlEncode, given one UTF-16 unit at a time, made each half a U+FFFD).
    /// </summary>
    private static StringBuilder Escape(StringBuilder output, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => output.Append("&amp;"),
                '<' => output.Append("&lt;"),
                '>' => output.Append("&gt;"),
                '"' => output.Append("&quot;"),
                '\'' => output.Append("&#39;"),
                _ => output.Append(c),
            };
        }
        return output;
    }
}
