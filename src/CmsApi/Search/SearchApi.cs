using CmsApi.Articles;
using CmsApi.Auth;

namespace CmsApi.Search;

/// <param name="Indexed">How many articles were indexed.</param>
public sealed record RebuildResult(int Indexed);

public static class SearchApi
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<SearchOptions>(configuration.GetSection(SearchOptions.Section))
            .AddSingleton<SearchIndex>().AddHostedService<SearchIndexCheck>().AddHostedService<SearchIndexMerge>();

    public static RouteGroupBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/search").WithTags("Search").RequireScope(Scopes.SitesAdmin);
        group.MapPost("/rebuild", async (SearchIndex index, ArticleStore articles, CancellationToken ct) =>
                TypedResults.Ok(new RebuildResult(await index.RebuildAsync(articles, ct))))
            .WithName("RebuildSearchIndex")
            .WithSummary("Rebuild the full-text index of every article (search itself is GET …/articles?q=…)");
        return group;
    }
}

/// <summary>At start-up, after the migrations: articles without an index entry (content that predates the index) are indexed.</summary>
public sealed class SearchIndexCheck(SearchIndex index, ArticleStore articles) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await index.IsIncompleteAsync(cancellationToken))
        {
            await index.RebuildAsync(articles, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
