using System.Globalization;
using System.Text;
using CmsApi.Channels;
using CmsApi.Sections;
using CmsApi.Sites;

namespace CmsApi.Articles;

public static class Metadata
{
    private const int WordsPerMinute = 400;

    public static ArticleMetadata For(Article article, Site site, IReadOnlyList<ChannelRef> breadcrumb)
    {
        var words = Numbering.Texts(article.Body).Sum(CountWords);
        var description = article.Description ?? Abbreviate(article.Body.Lead is { Count: > 0 } lead ? lead[0] : article.Summary ?? article.Title, 120);
        var domain = site.Domains.Count > 0 ? site.Domains[0] : "localhost";
        var url = $"https://{domain}/articles/{Uri.EscapeDataString(article.Slug ?? article.Id.ToString(CultureInfo.InvariantCulture))}";
        var tags = new List<MetaTag>
        {
            new("SiteName", site.Name),
            new("SiteDomain", domain),
            new("SiteIDCode", site.SiteCode ?? ""),
            new("ColumnName", breadcrumb.Count > 0 ? breadcrumb[^1].Name : ""),
            new("ArticleTitle", article.Title),
            new("PubDate", article.PublishedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? ""),
            new("ContentSource", article.Source ?? ""),
            new("Keywords", article.Keywords ?? string.Join(',', article.Tags)),
            new("Author", article.Author ?? article.Editor ?? ""),
            new("Description", description),
            new("Url", url),
        };
        return new ArticleMetadata(article.Id, article.Title, article.PublishedAt, article.FirstPublishedAt, article.UpdatedAt,
            article.Source, article.Author, article.Editor, breadcrumb, words, Math.Max(1, (words + WordsPerMinute - 1) / WordsPerMinute),
            article.Keywords, description, url, article.Disclosure, tags);
    }

    /// <summary>Each CJK character is a word; so is each run of Latin letters or digits. Punctuation is not.</summary>
    public static int CountWords(string text)
    {
        var words = 0;
        var inRun = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Search.SearchText.IsCjk(rune))
            {
                words++;
                inRun = false;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                if (!inRun)
                {
                    words++;
                }
                inRun = true;
            }
            else
            {
                inRun = false;
            }
        }
        return words;
    }

    private static string Abbreviate(string text, int length) =>
        text.Length <= length ? text : text[..length] + "…";
}
