using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace CmsApi.Http;

/// <summary>Request body limits (section <c>Requests</c>).</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Requests";

    /// <summary>The largest body a route takes unless it says otherwise.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest body the legacy import takes (a batch of pages).</summary>
    public long MaxImportBodyBytes { get; set; } = 64 * 1024 * 1024;
}

/// <summary>Endpoint metadata: this route takes bodies up to the import limit.</summary>
public sealed record ImportSizedBody;

/// <summary>The route's body limit, for a host that has no feature of its own to hold it.</summary>
internal sealed class BodyLimit(long limit) : IHttpMaxRequestBodySizeFeature
{
    public bool IsReadOnly => true;

    public long? MaxRequestBodySize { get; set; } = limit;
}

public static class Hardening
{
    /// <summary>
    /// The content codings a request body may come in. Brotli through <see cref="CheckedBrotliDecompressionProvider"/>,
    /// so that a body that does not decompress is a 400 in every coding.
    /// </summary>
    public static readonly string[] RequestCodings = ["gzip", "deflate", "br"];

    private static readonly string RequestCodingList = string.Join(", ", RequestCodings);

    public static IServiceCollection AddCmsHardening(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<RequestLimitOptions>(configuration.GetSection(RequestLimitOptions.Section))
            .AddRequestDecompression(options => options.DecompressionProviders["br"] = new CheckedBrotliDecompressionProvider());

    /// <summary>
    /// Security headers on every answer, and the body limit of the matched route: Kestrel enforces it while reading;
    /// a Content-Length over it is refused before anything is read.
    /// </summary>
    public static WebApplication UseCmsHardening(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequestLimitOptions>>().Value;
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                // JSON and text need no scripts, styles or frames; only Swagger UI's own page needs them.
                if (!http.Request.Path.StartsWithSegments("/swagger", StringComparison.Ordinal) || http.Request.Path.Value!.EndsWith(".json", StringComparison.Ordinal))
                {
                    headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                }
                return Task.CompletedTask;
            });

            var endpoint = http.GetEndpoint();
            var limit = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                        ?? (endpoint?.Metadata.GetMetadata<ImportSizedBody>() is not null ? limits.MaxImportBodyBytes : limits.MaxBodyBytes);
            switch (http.Features.Get<IHttpMaxRequestBodySizeFeature>())
            {
                case { IsReadOnly: false } feature:
                    feature.MaxRequestBodySize = limit;
                    break;
                case null: // a host without one (the test server): the decompression below still reads the limit here
                    http.Features.Set<IHttpMaxRequestBodySizeFeature>(new BodyLimit(limit));
                    break;
            }
            if (http.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException($"The request body is larger than this route takes ({limit} bytes).", StatusCodes.Status413PayloadTooLarge);
            }
            ReadJsonAsUtf8(http.Request);
            OneValueEach(http.Request);
            KnownCoding(http.Request);
            await next(http);
        });
        // after the limits above: a compressed body is held to the route's limit once decompressed, too
        app.UseRequestDecompression();
        return app;
    }

    /// <summary>
    /// A body compressed in a coding this service cannot undo (zstd, or two codings at once) is a 415 that says which it
    /// takes (RFC 9110 15.5.16), not a 400 about the JSON it could not read. One it can undo is read decompressed.
    /// </summary>
    private static void KnownCoding(HttpRequest request)
    {
        var codings = request.Headers.ContentEncoding;
        if (codings.Count == 0 || codings is [var one] && (RequestCodings.Contains(one!.Trim(), StringComparer.OrdinalIgnoreCase) ||
                                                            one.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        // at the start of the answer: the problem is written after the exception handler clears the headers
        request.HttpContext.Response.OnStarting(() =>
        {
            request.HttpContext.Response.Headers.AcceptEncoding = RequestCodingList;
            return Task.CompletedTask;
        });
        throw new BadHttpRequestException($"A request body may be compressed with one of {RequestCodingList}; not '{codings}'.",
            StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>
    /// Each query parameter once, and one without a value as if it were not sent. Bound to a string, <c>tag=a&amp;tag=b</c>
    /// was read as the one tag "a,b" and quietly matched nothing, and <c>limit=1&amp;limit=2</c> was a 400 that said
    /// nothing. <c>cursor=</c> and <c>sort=</c>, which clients that fill in URL templates send for a first page, were
    /// 400s while <c>limit=</c> and <c>channel=</c> meant "not given".
    /// </summary>
    private static void OneValueEach(HttpRequest request)
    {
        if (!request.QueryString.HasValue || !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var query = request.Query;
        var blanks = false;
        foreach (var (name, values) in query)
        {
            if (values.Count > 1)
            {
                throw new BadHttpRequestException($"The query parameter '{name}' is given {values.Count} times; each parameter takes one value.");
            }
            blanks |= string.IsNullOrWhiteSpace(values);
        }
        if (blanks)
        {
            request.Query = new QueryCollection(query.Where(p => !string.IsNullOrWhiteSpace(p.Value))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// JSON is UTF-8 (RFC 8259), whatever charset the Content-Type names. The framework would look the name up as it
    /// is: a quoted name (<c>charset="utf-8"</c>, as RFC 9110 allows) or one it does not know (<c>utf8</c>, <c>bogus</c>)
    /// throws, a 500; <c>us-ascii</c> would turn every byte over 127 into '?', and GBK would read UTF-8 bytes as GBK. So a
    /// JSON body naming UTF-8, ASCII or nothing (<c>charset=</c>, also a 500 before) is read as UTF-8, and one naming any
    /// other charset is a 415. (A text/plain import may name GB18030, GBK or GB2312: ImportApi reads those.)
    /// </summary>
    private static void ReadJsonAsUtf8(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.Charset.HasValue ||
            type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var media = type.MediaType;
        if (!(media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
              media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
              media.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) ||
              media.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        // an empty name (charset= or charset="") names nothing, so the body is UTF-8 as JSON always is
        if (HeaderUtilities.RemoveQuotes(type.Charset).Length > 0 && !NamesUtf8(type.Charset.Value))
        {
            throw new BadHttpRequestException($"JSON is UTF-8 (RFC 8259); a body in the charset {type.Charset} is not accepted.",
                StatusCodes.Status415UnsupportedMediaType);
        }
        type.Charset = "utf-8";
        request.ContentType = type.ToString();
    }

    /// <summary>
    /// Whether a charset name means UTF-8 as this service reads bodies: UTF-8 itself, or US-ASCII, whose bytes are
    /// UTF-8 too. The one check for JSON bodies here and for pages sent to the import as text.
    /// </summary>
    public static bool NamesUtf8(string? charset) =>
        charset?.Trim('"').ToUpperInvariant() is "UTF-8" or "UTF8" or "US-ASCII";
}
