using System.IO.Compression;
using CmsApi.Http;
using CmsApi.Sites;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CmsApi.Caching;

/// <summary>
/// Endpoint metadata: a public read with validators and cache headers; <paramref name="Stored"/>: kept in the output
/// cache; <paramref name="OneArticle"/>: it shows the article of its <c>id</c> route value and nothing of the site's
/// other articles, so writes to those leave its kept answers in place (<see cref="SiteGenerations.ForArticleAsync"/>);
/// <paramref name="AlsoChanges"/>: what else changes its answer besides writes.
/// </summary>
public sealed record PublicRead(bool Stored, bool OneArticle = false, ChangesBesidesWrites? AlsoChanges = null);

/// <summary>
/// An answer that changes without a write (view counts): <paramref name="Version"/>, which moves whenever this instance
/// may show something new, is part of its key.
/// </summary>
public sealed record ChangesBesidesWrites(Func<IServiceProvider, long> Version);

/// <summary>
/// HTTP caching of public reads, in one place. Every public GET gets an ETag (the handler's version ETag, else a hash
/// of the answer), answers <c>If-None-Match</c> with 304, and carries <c>Cache-Control</c> and <c>Surrogate-Key</c>.
/// Hot reads are kept serialized (and compressed) in the output cache, keyed by the site's generation.
/// </summary>
public static class PublicReads
{
    private const string SurrogateKeysItem = "cms.surrogate-keys";

    public static IServiceCollection AddCmsCaching(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CacheOptions>(configuration.GetSection(CacheOptions.Section));
        services.AddSingleton<SiteGenerations>();
        services.AddSingleton<CacheAdmission>();
        services.AddSingleton<ChangeFeedHealth>();
        var sizeLimit = configuration.GetSection(CacheOptions.Section).Get<CacheOptions>()?.SizeLimitBytes ?? new CacheOptions().SizeLimitBytes;
        services.AddOutputCache(o =>
        {
            o.SizeLimit = sizeLimit;
            o.AddPolicy(PublicReadPolicy.Name, PublicReadPolicy.Instance);
        });
        services.AddResponseCompression(o =>
        {
            // Only public reads are compressed (see UseCmsCaching): they hold no secrets, so BREACH does not apply.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json", "text/plain", "text/markdown"];
        });
        // Brotli at its fastest (quality 1): most answers of a big site are computed for one request, and Optimal
        // (quality 4) took 45 µs for an article of 2.5 KB against 17 µs, for 5% fewer bytes (8% on 13 KB).
        // gzip's Optimal costs what Brotli's fastest does. One level for each coding: an answer has one ETag per coding.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>The output cache, then compression (so the cache keeps compressed bytes), then validators and headers.</summary>
    public static WebApplication UseCmsCaching(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        // Unreachable already (the generation changed); evicting frees the memory now rather than at expiry.
        app.Services.GetRequiredService<SiteGenerations>().SiteChanged += change =>
        {
            foreach (var tag in PublicReadPolicy.Retires(change))
            {
                _ = store.EvictByTagAsync(tag, CancellationToken.None).AsTask();
            }
        };
        var options = app.Services.GetRequiredService<IOptions<CacheOptions>>().Value;
        string PublicCacheControl(int sharedMaxAge) =>
            $"public, max-age={options.MaxAgeSeconds}, s-maxage={sharedMaxAge}, stale-while-revalidate={options.StaleWhileRevalidateSeconds}";
        // What changes without a write (…/popular moves with views) is not in the changes feed, so no purge follows
        // it: a CDN keeps it no longer than the default s-maxage, however long the rest is kept for a purge to end.
        var cacheControl = (Purged: PublicCacheControl(options.SharedMaxAgeSeconds),
            Unpurged: PublicCacheControl(Math.Min(options.SharedMaxAgeSeconds, new CacheOptions().SharedMaxAgeSeconds)));
        var compression = app.Services.GetRequiredService<IResponseCompressionProvider>();

        app.UseOutputCache();
        app.UseWhen(http => http.GetEndpoint()?.Metadata.GetMetadata<PublicRead>() is not null, branch =>
        {
            branch.UseResponseCompression();
            branch.Use((http, next) => AnswerAsync(http, next, cacheControl, compression));
        });
        return app;
    }

    /// <summary>A public read, answered with validators (304 when the client has it) and cache headers.</summary>
    public static RouteHandlerBuilder WithConditionalGet(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new PublicRead(Stored: false)).Produces(StatusCodes.Status304NotModified);

    /// <summary>
    /// A hot public read: as <see cref="WithConditionalGet"/>, and its serialized answer is kept in memory.
    /// <paramref name="oneArticle"/>: it shows only the article of its <c>id</c> (and the site's settings and channels);
    /// <paramref name="alsoChanges"/>: what else changes its answer besides writes.
    /// </summary>
    public static RouteHandlerBuilder WithCachedRead(this RouteHandlerBuilder builder, bool oneArticle = false,
        ChangesBesidesWrites? alsoChanges = null) =>
        builder.WithMetadata(new PublicRead(Stored: true, oneArticle, alsoChanges)).CacheOutput(PublicReadPolicy.Name)
            .Produces(StatusCodes.Status304NotModified);

    /// <summary>
    /// A GET or HEAD without an API key: it may only see what the public sees, so its answer may be shared (cached,
    /// served by a caught-up replica). A keyed reader may see drafts and reads its own writes.
    /// </summary>
    public static bool IsAnonymousRead(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        !request.Headers.ContainsKey(HeaderNames.Authorization);

    /// <summary>Names what an answer shows, for a CDN to purge by (the site is always named).</summary>
    public static void AddSurrogateKeys(HttpContext http, params string[] keys)
    {
        if (http.Items[SurrogateKeysItem] is not List<string> list)
        {
            http.Items[SurrogateKeysItem] = list = [];
        }
        list.AddRange(keys);
    }

    /// <summary>The answer shows (part of) this article: a CDN purges it with the article or its channel.</summary>
    public static void ShowsArticle(HttpContext http, string site, long id, string channel) =>
        AddSurrogateKeys(http, PublicReadPolicy.ArticleTag(id), ChannelTag(site, channel));

    /// <summary>The purge key of a channel's answers (beside <see cref="PublicReadPolicy.SiteTag"/> and <see cref="PublicReadPolicy.ArticleTag"/>).</summary>
    public static string ChannelTag(string site, string channel) => $"channel-{site}-{channel}";

    /// <summary>
    /// The content coding the compression middleware will apply to this answer (null: none), asked of the provider it
    /// asks, so the two cannot disagree. A compressed answer is other bytes than the plain one: it needs its own strong
    /// ETag (RFC 9110, 8.8.3), or a cache could answer a range or a revalidation of one with the other.
    /// </summary>
    private static string? ContentCoding(HttpContext http, IResponseCompressionProvider compression) =>
        compression.ShouldCompressResponse(http) && RequestedCoding(http, compression) is { Length: > 0 } coding ? coding : null;

    /// <summary>
    /// The content coding this request would get for a compressible answer ("" for none), asked of the compression
    /// middleware's provider, so the two cannot disagree.
    /// </summary>
    public static string RequestedCoding(HttpContext http) =>
        RequestedCoding(http, http.RequestServices.GetRequiredService<IResponseCompressionProvider>());

    private static string RequestedCoding(HttpContext http, IResponseCompressionProvider compression) =>
        compression.CheckRequestAcceptsCompression(http) ? compression.GetCompressionProvider(http)?.EncodingName ?? "" : "";

    private static async Task AnswerAsync(HttpContext http, RequestDelegate next, (string Purged, string Unpurged) publicCacheControl,
        IResponseCompressionProvider compression)
    {
        var response = http.Response;
        var original = response.Body;
        await using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            response.Body = original;
        }

        // A 404 is an answer like any other to a CDN, which otherwise keeps it as long as its own defaults say (minutes
        // on some): it gets the same Cache-Control, Vary and purge keys, so an article published later is served within
        // the same s-maxage as any change, or at once after a purge of its key.
        var found = response.StatusCode == StatusCodes.Status200OK;
        if (found || response.StatusCode == StatusCodes.Status404NotFound)
        {
            var headers = response.Headers;
            if (found && string.IsNullOrEmpty(headers.ETag))
            {
                headers.ETag = ETags.ForContent(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
            if (found && ContentCoding(http, compression) is { } coding)
            {
                headers.ETag = ETags.ForCoding(headers.ETag!, coding);
            }
            // Every public read's answer depends on these two even when this request did not send them: a shared cache
            // must not hand the answer to a request without Origin (no CORS headers) to a browser's cross-origin fetch,
            // which would then fail, nor an uncompressed one to everyone. ASP.NET Core names each only when it acts on it.
            headers.VaryBy(HeaderNames.Origin);
            headers.VaryBy(HeaderNames.AcceptEncoding);
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                // Keyed readers may see drafts: their answers stay out of shared caches.
                headers.CacheControl = !IsAnonymousRead(http.Request) ? "private, no-cache"
                    : http.GetEndpoint()?.Metadata.GetMetadata<PublicRead>()?.AlsoChanges is null ? publicCacheControl.Purged
                    : publicCacheControl.Unpurged;
            }
            var keys = new List<string>();
            // A site key that no site can have (the 404 of /sites/中文) names nothing to purge, and need not even fit in a
            // header (Kestrel refuses non-ASCII and control characters there).
            var oneArticle = PublicReadPolicy.OneArticle(http);
            if (http.GetRouteValue("site") is string site && SiteValidator.KeyPattern().IsMatch(site))
            {
                keys.Add(PublicReadPolicy.SiteTag(site));
                if (oneArticle is null)
                {
                    // Named as the memory cache tags it, so that a CDN purges what a change retires here (Retires).
                    keys.Add(PublicReadPolicy.ListsTag(site));
                }
            }
            if (http.Items[SurrogateKeysItem] is List<string> named)
            {
                keys.AddRange(named);
            }
            else if (oneArticle is { } id)
            {
                keys.Add(PublicReadPolicy.ArticleTag(id)); // not found: the answer still stands for this article
            }
            if (keys.Count > 0)
            {
                headers["Surrogate-Key"] = string.Join(' ', keys.Distinct(StringComparer.Ordinal));
            }
            if (found && ETags.Matches(http, headers.ETag!))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                headers.ContentType = default;
                return;
            }
        }
        if (buffer.Length == 0 && response.StatusCode >= 400)
        {
            // An error without a body (the generated request delegates answer a query value that does not parse with a
            // bare 400): the status code pages describe it, which they do only while no length is set.
            return;
        }
        response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        }
    }
}
