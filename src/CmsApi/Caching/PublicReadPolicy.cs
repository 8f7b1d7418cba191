using System.Globalization;
using CmsApi.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CmsApi.Caching;

/// <summary>
/// Which answers the output cache keeps: GETs without an API key (keyed readers may see drafts), status 200,
/// asked for the second time lately (<see cref="CacheAdmission"/>),
/// one entry per path, query, media type and content coding (as negotiated from <c>Accept</c> and
/// <c>Accept-Encoding</c>) and <c>Origin</c> (CORS headers are stored with the answer), and the site's current generation, so a write makes the site's older answers unreachable at once
/// (an article's own answers: its generation, <see cref="SiteGenerations.ForArticleAsync"/>; answers that change
/// besides writes: their version too, <see cref="ChangesBesidesWrites"/>).
/// </summary>
public sealed class PublicReadPolicy : IOutputCachePolicy
{
    public const string Name = "PublicRead";

    public static readonly PublicReadPolicy Instance = new();

    private PublicReadPolicy()
    {
    }

    /// <summary>Every kept answer of the site.</summary>
    public static string SiteTag(string site) => "site-" + site;

    /// <summary>The site's kept answers that do not show one article alone (lists, search, footer, channels…).</summary>
    public static string ListsTag(string site) => "lists-" + site;

    /// <summary>The kept answers that show this article alone.</summary>
    public static string ArticleTag(long id) => "article-" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The tags of the answers a change retires, in memory here and, as <c>Surrogate-Key</c>s, at a CDN: for a write to
    /// an article (or its coming due) the article's own answers and the site's lists, which leaves the other articles'
    /// pages in place; for a change to the site itself (settings, footer, channels) every answer of the site.
    /// </summary>
    public static IReadOnlyList<string> Retires(ContentChange change) =>
        change.ArticleId is { } id ? [ListsTag(change.Site), ArticleTag(id)] : [SiteTag(change.Site)];

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<CacheOptions>>().Value;
        // A HEAD is answered afresh each time: it is rare, and its bodiless answer has no use kept.
        var cacheable = options.Enabled && HttpMethods.IsGet(http.Request.Method) && PublicReads.IsAnonymousRead(http.Request) &&
                        http.RequestServices.GetRequiredService<ChangeFeedHealth>().Trusted;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        // Decided before the answer is computed: the output cache copies an answer it may keep into a buffer of its own
        // (an 80 KB segment per request), which an answer computed for the first time does not need.
        context.AllowCacheStorage = cacheable && http.RequestServices.GetRequiredService<CacheAdmission>().Admits(http.Request);
        // Locking lets concurrent requests for one answer wait for the first to store it. An answer not kept has nothing
        // to wait for, and the cache's work dispatchers were about 2% of a profile of such reads.
        context.AllowLocking = context.AllowCacheStorage;
        if (!cacheable)
        {
            return;
        }
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = new[] { HeaderNames.Origin };
        // What the answer will be, not the headers' text: browsers word Accept-Encoding each their own way ("gzip,
        // deflate, br", "…, br, zstd"), clients Accept ("*/*", "application/json, text/plain, */*"), and keyed by the
        // text one answer was kept once for each wording, the same bytes.
        context.CacheVaryByRules.VaryByValues["coding"] = PublicReads.RequestedCoding(http);
        context.CacheVaryByRules.VaryByValues["type"] =
            http.GetEndpoint()?.Metadata.GetMetadata<Http.TextAlternatives>()?.Choose(http.Request) ?? "";
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.ServerSeconds);
        if (http.GetEndpoint()?.Metadata.GetMetadata<PublicRead>()?.AlsoChanges is { } alsoChanges)
        {
            context.CacheVaryByRules.VaryByValues["version"] = alsoChanges.Version(http.RequestServices).ToString(CultureInfo.InvariantCulture);
        }
        if (http.GetRouteValue("site") is string site)
        {
            var generations = http.RequestServices.GetRequiredService<SiteGenerations>();
            context.Tags.Add(SiteTag(site));
            if (OneArticle(http) is { } id)
            {
                context.CacheVaryByRules.VaryByValues["site-generation"] = await generations.ForArticleAsync(site, id, cancellation);
                context.Tags.Add(ArticleTag(id));
            }
            else
            {
                context.CacheVaryByRules.VaryByValues["site-generation"] = await generations.CurrentAsync(site, cancellation);
                context.Tags.Add(ListsTag(site));
            }
        }
    }

    /// <summary>
    /// The article id of a route that shows one article; null for other routes and for an article asked for by slug
    /// (a slug may pass to another article, so those answers change with the whole site).
    /// </summary>
    public static long? OneArticle(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<PublicRead>() is { OneArticle: true } &&
        http.GetRouteValue("id") is string id && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
