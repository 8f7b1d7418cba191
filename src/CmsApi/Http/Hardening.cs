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

public static class Hardening
{
    public static IServiceCollection AddCmsHardening(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<RequestLimitOptions>(configuration.GetSection(RequestLimitOptions.Section));

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
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            if (http.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException($"The request body is larger than this route takes ({limit} bytes).", StatusCodes.Status413PayloadTooLarge);
            }
            if (RefusedJsonCharset(http.Request) is { } charset)
            {
                throw new BadHttpRequestException($"JSON is UTF-8 (RFC 8259); a body in the charset '{charset}' is not accepted.",
                    StatusCodes.Status415UnsupportedMediaType);
            }
            await next(http);
        });
        return app;
    }

    /// <summary>
    /// The charset a JSON body names when it is not UTF-8. The framework would look an encoding up by that name and
    /// throw when it knows none (a 500), or read UTF-8 bytes as another encoding. (A text/plain import may name GB18030,
    /// GBK or GB2312: ImportApi reads those.)
    /// </summary>
    private static string? RefusedJsonCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ||
            HeaderUtilities.RemoveQuotes(type.Charset) is not { Length: > 0 } charset)
        {
            return null;
        }
        var media = type.MediaType;
        var json = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                   media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
                   media.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) ||
                   media.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase);
        return json && !(charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            ? charset.Value
            : null;
    }
}
