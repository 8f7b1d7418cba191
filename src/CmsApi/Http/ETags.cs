using Microsoft.Net.Http.Headers;

namespace CmsApi.Http;

/// <summary>
/// Versioned resources use their row version as a strong ETag: reads answer <c>If-None-Match</c>
/// with 304 (<see cref="Caching.PublicReads"/>), writes demand <c>If-Match</c> and compare it with the stored version.
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

    /// <summary>A strong ETag for an answer without a version of its own (lists, footers, calendars): a hash of its bytes.</summary>
    public static string ForContent(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(content, hash);
        return $"\"{Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(hash[..12])}\"";
    }

    /// <summary>Whether the client's <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>).</summary>
    public static bool Matches(HttpContext context, string etag)
    {
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        return ifNoneMatch.Count > 0 &&
               EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
               tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));
    }
}
