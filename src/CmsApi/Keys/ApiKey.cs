using CmsApi.Auth;
using CmsApi.Http;
using CmsApi.Sites;
using FluentValidation;

namespace CmsApi.Keys;

/// <summary>An API key as listed: never its secret.</summary>
/// <param name="Prefix">The public part of the key (cms_{prefix}_…), which names it.</param>
/// <param name="Name">What the key is for.</param>
/// <param name="Scopes">What it may do.</param>
/// <param name="Sites">The sites it is limited to; null for all sites.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiKeyInfo(string Prefix, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Sites,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A new key: the only answer that ever contains the key itself. Store it now; it cannot be shown again.</summary>
/// <param name="Key">The key, to send as Authorization: Bearer {key}.</param>
/// <param name="Info">The key as it will be listed.</param>
public sealed record CreatedApiKey(string Key, ApiKeyInfo Info);

/// <summary>The deployment's API keys, never their secrets.</summary>
/// <param name="Items">Every key: prefix, name, scopes, sites, expiry and revocation.</param>
public sealed record ApiKeyList(IReadOnlyList<ApiKeyInfo> Items);

/// <summary>Asks for a key.</summary>
/// <param name="Name">What it is for, e.g. "publishing script of 宣传部".</param>
/// <param name="Scopes">Some of content:read-drafts, content:write, content:publish, content:review, sites:admin, keys:admin, changes:read.</param>
/// <param name="Sites">Limit it to these sites (their keys; each must exist); leave out for all sites.</param>
/// <param name="ExpiresAt">When it stops working; leave out for never.</param>
public sealed record ApiKeyInput(string? Name, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? Sites, DateTimeOffset? ExpiresAt);

public sealed class ApiKeyInputValidator : AbstractValidator<ApiKeyInput>
{
    public ApiKeyInputValidator(TimeProvider clock)
    {
        RuleFor(k => k.Name).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(k => k.Scopes).NotEmpty().WithMessage("Name at least one scope.");
        RuleForEach(k => k.Scopes).Must(s => s is not null && CmsApi.Auth.Scopes.All.Contains(s))
            .WithMessage($"'{{PropertyValue}}' is not a scope; scopes are {string.Join(", ", CmsApi.Auth.Scopes.All)}.");
        RuleFor(k => k.Sites).Must(s => s is null || s.Count is > 0 and <= 100).WithMessage("Name 1 to 100 sites, or leave sites out for all.");
        RuleForEach(k => k.Sites).Must(s => s is not null && SiteValidator.KeyPattern().IsMatch(s)).WithMessage("'{PropertyValue}' is not a site key.");
        // The keys routes are of no site, where a key limited to sites never acts: such a key would be made and then
        // refused with a bare 403 on every route its scope names. (The changes feed answers such a key for its sites.)
        RuleFor(k => k.Sites).Null().When(k => k.Scopes?.Contains(CmsApi.Auth.Scopes.KeysAdmin) == true)
            .WithMessage($"{CmsApi.Auth.Scopes.KeysAdmin} manages the keys of every site, so a key with it cannot be limited to sites.");
        RuleFor(k => k.ExpiresAt).Must(at => at is null || at > clock.GetUtcNow()).WithMessage("expiresAt must be in the future.");
    }
}
