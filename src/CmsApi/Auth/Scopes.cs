namespace CmsApi.Auth;

/// <summary>What an API key may do. Each scope is also the name of the authorization policy that demands it.</summary>
public static class Scopes
{
    public const string ReadDrafts = "content:read-drafts";
    public const string ContentWrite = "content:write";
    public const string ContentPublish = "content:publish";
    public const string SitesAdmin = "sites:admin";
    public const string KeysAdmin = "keys:admin";

    public static readonly IReadOnlyList<string> All = [ReadDrafts, ContentWrite, ContentPublish, SitesAdmin, KeysAdmin];

    /// <summary>The claim type that carries one granted scope.</summary>
    public const string ClaimType = "scope";

    /// <summary>Drafts, scheduled and trashed content is visible only to keys with <see cref="ReadDrafts"/>.</summary>
    public static bool MayReadDrafts(System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(ClaimType, ReadDrafts);
}
