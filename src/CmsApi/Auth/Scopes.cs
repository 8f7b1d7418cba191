namespace CmsApi.Auth;

/// <summary>What an API key may do. Each scope is also the name of the authorization policy that demands it.</summary>
public static class Scopes
{
    public const string ReadDrafts = "content:read-drafts";
    public const string ContentWrite = "content:write";
    public const string ContentPublish = "content:publish";

    /// <summary>审核: approve or reject articles submitted for review (a site's reviewSteps asks for them before publishing).</summary>
    public const string ContentReview = "content:review";
    public const string SitesAdmin = "sites:admin";
    public const string KeysAdmin = "keys:admin";

    /// <summary>Follow the changes feed (what changed, for a CDN's purges or a mirror), of every site.</summary>
    public const string ChangesRead = "changes:read";

    /// <summary>Read the audit log (操作日志): every attempt to change something, by whom and how it ended. A scope of its
    /// own, for an audit administrator who may change nothing (三员分立).</summary>
    public const string AuditRead = "audit:read";

    public static readonly IReadOnlyList<string> All = [ReadDrafts, ContentWrite, ContentPublish, ContentReview, SitesAdmin, KeysAdmin, ChangesRead, AuditRead];

    /// <summary>The claim type that carries one granted scope.</summary>
    public const string ClaimType = "scope";

    /// <summary>The public prefix of the key that made the request (its actor in revisions, its rate-limit partition); null when anonymous.</summary>
    public static string? KeyPrefix(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    /// <summary>The claim type naming a site a site-limited key may act on.</summary>
    public const string SiteClaimType = "site";

    /// <summary>Present on keys limited to some sites.</summary>
    public const string SiteLimitedClaimType = "site-limited";

    /// <summary>Drafts, scheduled and trashed content is visible only to keys with <see cref="ReadDrafts"/> for the route's site.</summary>
    public static bool MayReadDrafts(HttpContext http) =>
        http.User.HasClaim(ClaimType, ReadDrafts) && MayActOnSite(http);

    /// <summary>Whether the key may act on the route's {site}: always for unlimited keys; for site-limited keys only
    /// on routes of one of their sites, and on the routes of no site that answer for the key's sites alone
    /// (<see cref="AnswersForKeySites"/>), so never on creating sites or keys.</summary>
    public static bool MayActOnSite(HttpContext http) =>
        !http.User.HasClaim(c => c.Type == SiteLimitedClaimType) ||
        (http.GetRouteValue("site") is string site && http.User.HasClaim(SiteClaimType, site)) ||
        http.GetEndpoint()?.Metadata.GetMetadata<AnswersForKeySites>() is not null;

    /// <summary>The sites a key is limited to; null for a key of every site.</summary>
    public static IReadOnlyList<string>? SitesOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == SiteLimitedClaimType) ? user.FindAll(SiteClaimType).Select(c => c.Value).ToList() : null;

    /// <summary>On a route of no site that answers for the key's sites (<see cref="AnswersForKeySites"/>): a 403 when a
    /// key limited to sites asks for another <paramref name="site"/>'s answers; null when it may.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? OtherSite(HttpContext http, string? site) =>
        site is not null && SitesOf(http.User) is { } keySites && !keySites.Contains(site, StringComparer.Ordinal)
            ? Http.Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", $"This key is limited to other sites than '{site}'.")
            : null;

    /// <summary>Whether the key holds <paramref name="scope"/> for the route's site.</summary>
    public static bool Holds(HttpContext http, string scope) => http.User.HasClaim(ClaimType, scope) && MayActOnSite(http);
}

/// <summary>Endpoint metadata: a route of no site that limits its answer to the sites of a site-limited key
/// (<see cref="Scopes.SitesOf"/>), which may therefore call it.</summary>
public sealed record AnswersForKeySites;
