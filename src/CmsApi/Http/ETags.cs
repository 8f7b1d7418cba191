using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace CmsApi.Http;

/// <summary>
/// Versioned resources use their row version as a strong ETag: reads answer <c>If-None-Match</c>
/// with 304 (<see cref="Caching.PublicReads"/>), writes demand <c>If-Match</c> and compare it with the stored version.
/// </summary>
/// <summary>Endpoint metadata: the route reads <c>If-Match</c>; when <paramref name="Required"/>, it is a 428 without it.</summary>
public sealed record IfMatchHeader(bool Required);

public static class ETags
{
    /// <summary>
    /// Declares that the route reads <c>If-Match</c>: its header parameter in the OpenAPI document, the 412 of a stale
    /// one and, when required, the 428 of a missing one.
    /// </summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder, bool required)
    {
        builder.WithMetadata(new IfMatchHeader(required)).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return required ? builder.ProducesProblem(StatusCodes.Status428PreconditionRequired) : builder;
    }

    public static string ForVersion(long version) => $"\"{version}\"";

    public static void Set(HttpContext context, long version) =>
        context.Response.Headers.ETag = ForVersion(version);

    /// <summary>
    /// The ETag of an answer that shows a versioned row and something outside it (an article: its channel's key and its
    /// site's time zone): the version, a dash, and a hash of that something, so the ETag changes whenever the answer's
    /// bytes do. <see cref="RequiredVersion"/> reads only the version.
    /// </summary>
    public static void Set(HttpContext context, long version, string shownBesides) =>
        context.Response.Headers.ETag = $"\"{version}-{Hash(System.Text.Encoding.UTF8.GetBytes(shownBesides))}\"";

    /// <summary>Whether the request sent <c>If-Match</c> at all, <c>*</c> included: the routes that require it answer 428 when not.</summary>
    public static bool IfMatchSent(HttpContext context) => context.Request.Headers.IfMatch.Count > 0;

    /// <summary>
    /// The version named by <c>If-Match</c>: null when absent or <c>*</c> (any stored version: RFC 9110 13.1.1 makes
    /// <c>*</c> true whenever the resource exists), -1 when it names no version of ours.
    /// </summary>
    public static long? RequiredVersion(HttpContext context)
    {
        var ifMatch = context.Request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }
        if (!EntityTagHeaderValue.TryParseList(ifMatch, out var tags) || tags.Count != 1)
        {
            return -1;
        }
        if (tags[0].Equals(EntityTagHeaderValue.Any))
        {
            return null;
        }
        if (!tags[0].IsWeak && tags[0].Tag.AsSpan().Trim('"') is var tag &&
            long.TryParse(tag.IndexOf('-') is > 0 and var dash ? tag[..dash] : tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }
        return -1;
    }

    /// <summary>A strong ETag for an answer without a version of its own (lists, footers, calendars): a hash of its bytes.</summary>
    public static string ForContent(ReadOnlySpan<byte> content) => $"\"{Hash(content)}\"";

    /// <summary>
    /// The ETag of the same answer sent with a content coding (<c>"1"</c> → <c>"1-br"</c>): other bytes, so another strong
    /// ETag. <see cref="RequiredVersion"/> still reads the version from it.
    /// </summary>
    public static string ForCoding(string etag, string coding) => $"{etag.AsSpan(0, etag.Length - 1)}-{coding}\"";

    private static string Hash(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(content, hash);
        return Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(hash[..12]);
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
