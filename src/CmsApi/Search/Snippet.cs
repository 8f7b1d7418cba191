using System.Text;
using CmsApi.Articles;
using CmsApi.Http;

namespace CmsApi.Search;

/// <summary>Where an article matched a search: a short, HTML-escaped excerpt with the matched words in &lt;mark&gt;.</summary>
public static class Snippet
{
    private const int Context = 40;

    public static string? Build(string query, Article article)
    {
        var words = SearchQuery.Highlights(query).Where(w => w.Length > 0).OrderByDescending(w => w.Length).ToList();
        var texts = SearchIndex.Texts(article).Prepend(article.Title);
        foreach (var text in texts)
        {
            var at = words.Select(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (at < 0)
            {
                continue;
            }
            var (start, end) = TextRules.WholeCharacters(text, Math.Max(0, at - Context), Math.Min(text.Length, at + Context * 2));
            return (start > 0 ? "…" : "") + Mark(text[start..end], words) + (end < text.Length ? "…" : "");
        }
        return null;
    }

    /// <summary>Escapes the text and wraps every occurrence of a word (longest first) in &lt;mark&gt;.</summary>
    private static string Mark(string text, IReadOnlyList<string> words)
    {
        var output = new StringBuilder();
        var written = 0;
        for (var i = 0; i < text.Length;)
        {
            var word = words.FirstOrDefault(w => i + w.Length <= text.Length && string.Compare(text, i, w, 0, w.Length, StringComparison.OrdinalIgnoreCase) == 0);
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
