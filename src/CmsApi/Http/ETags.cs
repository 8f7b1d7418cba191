using Microsoft.Net.Http.Headers;

namespace CmsApi.Http;

/// <summary>
/// Versioned resources use their row version as a strong ETag: reads answer <c>If-None-Match</c>
/// with 304 (<see cref="WithConditionalGet"/>), writes demand <c>If-Match</c> and compare it with the stored version.
/// </summary>
public static class ETags
{
    public static string ForVersion(long version) => $"\"{version}\"";

    public static void Set(HttpContext context, long version) =>
        context.Response.Headers.ETag = ForVersion(version);

    /// <summary>The version named by <c>If-Match</c>: null when absent, -1 when it names no version of ours.</summary>
    public static long? RequiredVersion(HttpContext context)
    {
        var ifMatch = context.Request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }
        if (EntityTagHeaderValue.TryParseList(ifMatch, out var tags) && tags.Count == 1 && !tags[0].IsWeak &&
            long.TryParse(tags[0].Tag.AsSpan().Trim('"'), out var version))
        {
            return version;
        }
        return -1;
    }

    /// <summary>
    /// Handlers set the ETag of what they answer; this filter turns a successful answer into 304 when the
    /// client's <c>If-None-Match</c> names that ETag, so every read gets conditional requests the same way.
    /// </summary>
    public static RouteHandlerBuilder WithConditionalGet(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            string? etag = http.Response.Headers.ETag;
            var answered = result is INestedHttpResult nested ? nested.Result : result;
            return etag is not null && answered is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } && Matches(http, etag)
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : result;
        }).Produces(StatusCodes.Status304NotModified);

    private static bool Matches(HttpContext context, string etag)
    {
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        return ifNoneMatch.Count > 0 &&
               EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
               tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));
    }
}
