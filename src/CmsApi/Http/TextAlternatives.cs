namespace CmsApi.Http;

/// <summary>
/// Endpoint metadata: besides JSON, the answer can be negotiated as these text types (<c>text/*</c> takes the first).
/// The handler answers what <see cref="Choose"/> says, and the output cache keys on the same choice, so that clients
/// wording <c>Accept</c> differently for the same answer (<c>*/*</c>, <c>application/json, text/plain, */*</c>) share it.
/// </summary>
public sealed record TextAlternatives(params string[] MediaTypes)
{
    /// <summary>
    /// The text type the client ranks ahead of JSON, or null for JSON. A type at q=0 is one the client refuses
    /// (RFC 9110 12.4.2), never a choice.
    /// </summary>
    public string? Choose(HttpRequest request)
    {
        if (request.Headers.Accept.Count == 0)
        {
            return null; // most API clients send none: nothing to parse
        }
        var accept = request.GetTypedHeaders().Accept;
        var refused = accept.Where(a => a.Quality == 0).Select(a => a.MediaType.Value?.ToLowerInvariant()).ToHashSet();
        foreach (var range in accept.Where(a => a.Quality != 0).OrderByDescending(a => a.Quality ?? 1))
        {
            var type = range.MediaType.Value?.ToLowerInvariant();
            string[] offered = type switch
            {
                "application/json" or "application/*" or "*/*" => ["application/json"],
                "text/*" => MediaTypes,
                _ => MediaTypes.Contains(type) ? [type!] : [],
            };
            if (offered.FirstOrDefault(offer => !refused.Contains(offer)) is { } chosen)
            {
                return chosen == "application/json" ? null : chosen;
            }
        }
        return null;
    }
}
