using CmsApi.Articles;
using CmsApi.Auth;
using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Terms;

/// <summary>
/// 错敏词: a site's list of wrong or forbidden expressions, the check of an article or a text against it. Publishing
/// (and changing a published article) is refused while a block term occurs; see <see cref="ArticleStore"/>.
/// </summary>
public static class TermsApi
{
    public static IServiceCollection AddTerms(this IServiceCollection services) => services.AddSingleton<TermStore>();

    public static RouteGroupBuilder MapTerms(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}").WithTags("Terms");

        group.MapGet("/terms", async Task<Results<Ok<TermList>, ProblemHttpResult>> (string site, TermStore terms, HttpContext http, CancellationToken ct) =>
            {
                if (await terms.FindAsync(site, ct) is not { } list)
                {
                    return Problems.NotFound("site", site);
                }
                ETags.Set(http, list.Version);
                return TypedResults.Ok(list);
            })
            .WithName("GetTerms").WithSummary("错敏词库: the expressions the site's articles are checked for (version 0 before the first)")
            .RequireScope(Scopes.ReadDrafts).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/terms", async Task<Results<Ok<TermList>, ProblemHttpResult>> (
                string site, TermListInput input, TermStore terms, HttpContext http, CancellationToken ct) =>
            {
                if (!ETags.IfMatchSent(http))
                {
                    return Problems.PreconditionRequired("term list");
                }
                var (outcome, list) = await terms.ReplaceAsync(site, ETags.RequiredVersion(http), input.Normalized(), ct);
                switch (outcome)
                {
                    case TermStore.ReplaceOutcome.SiteNotFound:
                        return Problems.NotFound("site", site);
                    case TermStore.ReplaceOutcome.Stale:
                        return Problems.PreconditionFailed("term list");
                    default:
                        ETags.Set(http, list!.Version);
                        return TypedResults.Ok(list);
                }
            })
            .WithName("ReplaceTerms")
            .WithSummary("Replace the site's 错敏词库 (If-Match: its ETag; \"0\" before the first): block terms stop publishing, warn terms are reported")
            .RequireScope(Scopes.SitesAdmin).WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch(required: true);

        group.MapPost("/terms/check", async Task<Results<Ok<TermCheck>, ProblemHttpResult>> (
                string site, TermCheckInput input, TermStore terms, CancellationToken ct) =>
            {
                if (input.Text is null || input.Text.Length > 100_000)
                {
                    return Problems.FieldError("text", "text is required: up to 100,000 characters.");
                }
                return await terms.MatcherAsync(site, ct) is { } matcher
                    ? TypedResults.Ok(matcher.Check([("text", input.Text)]))
                    : Problems.NotFound("site", site);
            })
            .WithName("CheckText").WithSummary("Check a text against the site's 错敏词库 before it is saved (an editor's draft in progress)")
            .RequireScope(Scopes.ReadDrafts).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/terms/scan", async Task<Results<Ok<TermScan>, ProblemHttpResult>> (
                string site, [AsParameters] TermScanParameters page, ArticleStore articles, TermStore terms, CancellationToken ct) =>
            {
                if (await terms.MatcherAsync(site, ct) is not { } matcher)
                {
                    return Problems.NotFound("site", site);
                }
                var limit = page.Limit ?? 100;
                var chunk = await articles.PublishedChunkAsync(site, page.After, limit, ct);
                var items = chunk.Select(article => (article, check: matcher.Check(ArticleInput.From(article))))
                    .Where(found => found.check.Hits.Count > 0)
                    .Select(found => new TermScanItem(found.article.Id, found.article.Title, found.check.Blocked, found.check.Hits)).ToList();
                return TypedResults.Ok(new TermScan(items, chunk.Count, matcher.Version,
                    chunk.Count < limit ? null : TermScanParameters.NextCursor(chunk[^1].Id)));
            })
            .WithName("ScanArticles")
            .WithSummary("全站巡检: check the site's published articles against its 错敏词库, a page at a time in id order (those with terms are listed)")
            .RequireScope(Scopes.ReadDrafts).WithValidation().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/articles/{id:long}/check", async Task<Results<Ok<TermCheck>, ProblemHttpResult>> (
                string site, long id, ArticleStore articles, TermStore terms, CancellationToken ct) =>
            {
                if (await terms.MatcherAsync(site, ct) is not { } matcher)
                {
                    return Problems.NotFound("site", site);
                }
                return await articles.FindAsync(site, $"{id}", includeHidden: true, ct) is { } article
                    ? TypedResults.Ok(matcher.Check(ArticleInput.From(article)))
                    : Problems.NotFound("article", $"{id}");
            })
            .WithName("CheckArticle")
            .WithSummary("Check an article (a draft too) against its site's 错敏词库: where each term occurs, and whether it would be published")
            .RequireScope(Scopes.ReadDrafts).ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
