using CmsApi.Auth;
using CmsApi.Caching;
using CmsApi.Http;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Sites;

public static class SitesApi
{
    public static IServiceCollection AddSites(this IServiceCollection services) =>
        services.AddSingleton<SiteStore>();

    public static RouteGroupBuilder MapSites(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites").WithTags("Sites");

        group.MapGet("/", async (SiteStore sites, CancellationToken ct) =>
                TypedResults.Ok(new SiteList(await sites.ListAsync(ct))))
            .WithName("ListSites")
            .WithSummary("List the sites of this deployment")
            .WithConditionalGet();

        group.MapGet("/{site}", async Task<Results<Ok<Site>, ProblemHttpResult>> (
                string site, SiteStore sites, HttpContext http, CancellationToken ct) =>
            {
                var found = await sites.FindAsync(site, ct);
                if (found is null)
                {
                    return Problems.NotFound("site", site);
                }
                ETags.Set(http, found.Version);
                return TypedResults.Ok(found);
            })
            .WithName("GetSite")
            .WithSummary("Read one site")
            .WithCachedRead()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{site}/footer", async Task<Results<Ok<Footer>, ProblemHttpResult>> (
                string site, SiteStore sites, HttpContext http, CancellationToken ct) =>
            {
                var found = await sites.FindAsync(site, ct);
                if (found is null)
                {
                    return Problems.NotFound("site", site);
                }
                ETags.Set(http, found.Version);
                return TypedResults.Ok(Footer.For(found));
            })
            .WithName("GetSiteFooter")
            .WithSummary("The site's footer: copyright, filings with their query links, and the lines in display order")
            .WithCachedRead()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async Task<Results<Created<Site>, ProblemHttpResult>> (
                SiteInput input, SiteStore sites, HttpContext http, CancellationToken ct) =>
            {
                var site = input.Normalized();
                Audit.AuditLog.NameSite(http, site.Key); // its audit entry is the site's, made or refused as taken
                var created = await sites.CreateAsync(site, ct);
                if (created is null)
                {
                    return Problems.Conflict("site_key_taken", $"A site with the key '{input.Key}' exists already.");
                }
                ETags.Set(http, created.Version);
                return TypedResults.Created($"/api/v1/sites/{created.Key}", created);
            })
            .WithName("CreateSite")
            .WithSummary("Create a site")
            .RequireScope(Scopes.SitesAdmin)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{site}", async Task<Results<Ok<Site>, ProblemHttpResult>> (
                string site, SiteInput input, SiteStore sites, HttpContext http, CancellationToken ct) =>
                !ETags.IfMatchSent(http)
                    ? Problems.PreconditionRequired("site")
                    : await Replace(site, input, ETags.RequiredVersion(http), sites, http, ct))
            .WithName("ReplaceSite")
            .WithSummary("Replace a site (send If-Match with its ETag)")
            .RequireScope(Scopes.SitesAdmin)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithIfMatch(required: true);

        group.MapPatch("/{site}", async Task<Results<Ok<Site>, ProblemHttpResult>> (
                string site, SiteStore sites, IValidator<SiteInput> validator, HttpContext http, CancellationToken ct) =>
            {
                if (!ETags.IfMatchSent(http))
                {
                    return Problems.PreconditionRequired("site");
                }
                var (input, expected, problem) = await MergePatch.MergeAsync(http,
                    async () => await sites.FindAsync(site, ct) is { } current ? (SiteInput.From(current), current.Version) : null,
                    () => Problems.NotFound("site", site), validator);
                return input is null ? problem! : await Replace(site, input, expected, sites, http, ct);
            })
            .WithName("PatchSite")
            .WithSummary("Change some of a site's fields with a JSON merge patch (RFC 7396; If-Match required), such as a new filing number")
            .WithDescription("The patch names fields of SiteInput: a value replaces the field, an object (such as copyright or contact) is " +
                             "merged and an array (domains) replaced whole, null removes the field. The result is validated as a whole site.")
            .AcceptsMergePatch()
            .RequireScope(Scopes.SitesAdmin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithIfMatch(required: true);

        group.MapDelete("/{site}", async Task<Results<NoContent, ProblemHttpResult>> (
                string site, SiteStore sites, CancellationToken ct) =>
                await sites.DeleteAsync(site, ct) switch
                {
                    SiteStore.DeleteOutcome.Deleted => TypedResults.NoContent(),
                    SiteStore.DeleteOutcome.HasContent => Problems.Conflict("site_has_content",
                        $"The site '{site}' still has articles (trashed ones included); purge them first."),
                    _ => Problems.NotFound("site", site),
                })
            .WithName("DeleteSite")
            .WithSummary("Delete a site that has no articles (its channels go with it; keys limited to it lose it)")
            .RequireScope(Scopes.SitesAdmin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    /// <summary>A replace or a merged patch written when the site is still at <paramref name="expected"/> (any version when null).</summary>
    private static async Task<Results<Ok<Site>, ProblemHttpResult>> Replace(
        string site, SiteInput input, long? expected, SiteStore sites, HttpContext http, CancellationToken ct)
    {
        if (!string.Equals(input.Key?.Trim(), site, StringComparison.Ordinal))
        {
            return Problems.BadRequest("site_key_mismatch", "The key in the body must equal the key in the path; a site's key cannot change.");
        }
        var (outcome, updated) = await sites.ReplaceAsync(site, expected, input.Normalized(), ct);
        switch (outcome)
        {
            case SiteStore.UpdateOutcome.NotFound:
                return Problems.NotFound("site", site);
            case SiteStore.UpdateOutcome.Stale:
                return Problems.PreconditionFailed("site");
            default:
                ETags.Set(http, updated!.Version);
                return TypedResults.Ok(updated);
        }
    }
}
