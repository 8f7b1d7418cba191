using System.Net;
using System.Text;
using CmsApi.Articles;

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
            var start = Math.Max(0, at - Context);
            var end = Math.Min(text.Length, at + Context * 2);
            return (start > 0 ? "…" : "") + Mark(text[start..end], words) + (end < text.Length ? "…" : "");
        }
        return null;
    }

    /// <summary>Escapes the text and wraps every occurrence of a word (longest first) in &lt;mark&gt;.</summary>
    private static string Mark(string text, IReadOnlyList<string> words)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var word = words.FirstOrDefault(w => string.Compare(text, i, w, 0, w.Length, StringComparison.OrdinalIgnoreCase) == 0 && i + w.Length <= text.Length);
            if (word is not null)
            {
                output.Append("<mark>").Append(WebUtility.HtmlEncode(text.Substring(i, word.Length))).Append("</mark>");
                i += word.Length;
            }
            else
            {
                output.Append(WebUtility.HtmlEncode(text[i].ToString()));
                i++;
            }
        }
        return output.ToString();
    }
}
