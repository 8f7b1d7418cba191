using CmsApi.Articles;
using CmsApi.Auth;
using CmsApi.Caching;
using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Sections;

public static class SectionsApi
{
    public static RouteGroupBuilder MapSections(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}/articles/{id}/sections").WithTags("Sections");

        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<OutlineEntry>>, ProblemHttpResult>> (
                string site, string id, ArticleStore store, HttpContext http, CancellationToken ct) =>
            {
                if (await store.FindAsync(site, id, Scopes.MayReadDrafts(http), ct) is not { } article)
                {
                    return Problems.NotFound("article", id);
                }
                ETags.Set(http, article.Version);
                PublicReads.ShowsArticle(http, site, article.Id, article.Channel);
                return TypedResults.Ok(Numbering.Outline(article.Body.Sections));
            })
            .WithName("GetArticleOutline")
            .WithSummary("The outline of an article: paths, labels and titles of its sections, nested")
            .WithCachedRead(oneArticle: true)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{path}", async Task<Results<Ok<Section>, ProblemHttpResult>> (
                string site, string id, string path, ArticleStore store, HttpContext http, CancellationToken ct) =>
            {
                if (await store.FindAsync(site, id, Scopes.MayReadDrafts(http), ct) is not { } article)
                {
                    return Problems.NotFound("article", id);
                }
                if (Numbering.Find(article.Body, path) is not { } section)
                {
                    return Problems.NotFound("section", path);
                }
                ETags.Set(http, article.Version);
                PublicReads.ShowsArticle(http, site, article.Id, article.Channel);
                return TypedResults.Ok(section);
            })
            .WithName("GetArticleSection")
            .WithSummary("One section by its path (e.g. 2.1 = 二、（一）) with its subsections; in a regulation also by its label as laws cite it (第十二条, 第二章第一节, 第三条第（二）项)")
            .WithCachedRead(oneArticle: true)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
