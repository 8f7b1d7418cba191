using CmsApi.Auth;
using CmsApi.Data;
using CmsApi.Http;
using CmsApi.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Keys;

public static class KeysApi
{
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/keys").WithTags("Keys").RequireScope(Scopes.KeysAdmin);

        group.MapPost("/", async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> (
                ApiKeyInput input, ApiKeyStore keys, SiteStore sites, CancellationToken ct) =>
            {
                if (input.Sites is { } named && await UnknownSitesAsync(named, sites, ct) is { Count: > 0 } unknown)
                {
                    return Problems.Validation(unknown);
                }
                var (key, prefix) = ApiKeyStore.Generate();
                var stored = await keys.CreateAsync(input.Name!.Trim(), prefix, key, input.Scopes!.Distinct().ToList(),
                    input.Sites?.Distinct().ToList(), UnixTime.ToMilliseconds(input.ExpiresAt), ct);
                return TypedResults.Created($"/api/v1/keys/{prefix}", new CreatedApiKey(key, Info(stored)));
            })
            .WithName("CreateApiKey")
            .WithSummary("Make a key; the answer is the only time the key itself is shown")
            .WithValidation();

        group.MapGet("/", async (ApiKeyStore keys, CancellationToken ct) =>
                TypedResults.Ok(new ApiKeyList((await keys.ListAsync(ct)).Select(Info).ToList())))
            .WithName("ListApiKeys")
            .WithSummary("Every key, by prefix, without secrets");

        group.MapDelete("/{prefix}", async Task<Results<NoContent, ProblemHttpResult>> (string prefix, ApiKeyStore keys, CancellationToken ct) =>
                await keys.RevokeAsync(prefix, ct) ? TypedResults.NoContent() : Problems.NotFound("key", prefix))
            .WithName("RevokeApiKey")
            .WithSummary("Revoke a key: it stops working on the next request, on every instance")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    /// <summary>
    /// A key for a site that does not exist would be refused on every route of the site it was meant for, and only
    /// there, with a 403 that does not say why: the site key was most likely mistyped, so say so now.
    /// </summary>
    private static async Task<Dictionary<string, string[]>> UnknownSitesAsync(IReadOnlyList<string> named, SiteStore sites, CancellationToken ct)
    {
        var existing = await sites.ExistingAsync(named.Distinct().ToList(), ct);
        return named.Select((site, index) => (site, index)).Where(s => !existing.Contains(s.site))
            .ToDictionary(s => $"sites[{s.index}]", s => new[] { $"No site '{s.site}' exists." });
    }

    private static ApiKeyInfo Info(ApiKeyStore.StoredKey key) => new(
        key.Prefix, key.Name, key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        key.Sites is null ? null : StoredJson.Read<List<string>>(key.Sites),
        DateTimeOffset.FromUnixTimeMilliseconds(key.CreatedAt),
        key.ExpiresAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
        key.RevokedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null);
}
