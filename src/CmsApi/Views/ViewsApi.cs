using CmsApi.Articles;
using CmsApi.Caching;
using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CmsApi.Views;

/// <param name="Article">The article, without its body.</param>
/// <param name="Views">Its views in the window (for days=all, all views ever, legacy starting counts included).</param>
public sealed record PopularArticle(ArticleSummary Article, long Views);

/// <summary>The most viewed articles of a window.</summary>
/// <param name="Items">Most viewed first.</param>
public sealed record PopularList(IReadOnlyList<PopularArticle> Items);

public static class ViewsApi
{
    public const string RateLimitPolicy = "views";

    public static IServiceCollection AddViews(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ViewOptions>(configuration.GetSection(ViewOptions.Section));
        services.AddSingleton<ViewStore>();
        services.AddSingleton<PopularRankings>();
        services.AddSingleton<VisitorWindow>();
        services.AddSingleton<ViewCounter>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewCounter>());
        return services;
    }

    public static RouteGroupBuilder MapViews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}/articles").WithTags("Views");

        group.MapPost("/{id:long}/views", async Task<Results<Ok<ArticleViews>, ProblemHttpResult>> (
                string site, long id, ViewCounter counter, HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return await counter.CountAsync(site, id, http, ct) is { } count ? TypedResults.Ok(count) : Problems.NotFound("article", $"{id}");
            })
            .WithName("CountArticleView")
            .WithSummary("Count one view of a published article and answer its count (浏览次数)")
            .WithDescription("A visitor (X-Visitor-Id, else address and user agent) reloading within 30 minutes counts once; " +
                             "crawlers do not count. Views are written in batches about every second; the count answered " +
                             "includes the views this instance has not written yet. Rate limited per address.")
            .RequireRateLimiting(RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/{id:long}/views", async Task<Results<Ok<ArticleViews>, ProblemHttpResult>> (
                string site, long id, ViewCounter counter, HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return await counter.CurrentAsync(site, id, ct) is { } count
                    ? TypedResults.Ok(new ArticleViews(count, false))
                    : Problems.NotFound("article", $"{id}");
            })
            .WithName("GetArticleViews")
            .WithSummary("The view count of a published article")
            .WithDescription("Counts nothing. The stored count plus this instance's views not yet written; not cached (no-store).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/popular", async Task<Results<Ok<PopularList>, ProblemHttpResult>> (
                string site, [FromQuery] string? days, [FromQuery] string? channel, [FromQuery] int? limit,
                PopularRankings rankings, CancellationToken ct) =>
            {
                if (days is not (null or "1" or "7" or "30" or "all"))
                {
                    return Problems.FieldError("days", "days is 1, 7, 30 or all.");
                }
                if (limit is < 1 or > 50)
                {
                    return Problems.FieldError("limit", "limit is 1 to 50.");
                }
                channel = string.IsNullOrWhiteSpace(channel) ? null : channel.Trim();
                if (!Articles.ListParametersValidator.IsChannelKey(channel))
                {
                    return Problems.FieldError("channel", Articles.ListParametersValidator.ChannelKeyMessage);
                }
                int? window = days == "all" ? null : int.Parse(days ?? "7", System.Globalization.CultureInfo.InvariantCulture);
                var ranked = await rankings.GetAsync(site, window, channel, limit ?? 10, ct);
                // when the site is what is missing, MissingSites says so
                return ranked is not null ? TypedResults.Ok(new PopularList(ranked.Select(r => new PopularArticle(r.Article, r.Views)).ToList()))
                    : channel is null ? Problems.NotFound("site", site)
                    : Problems.NotFound("channel", channel);
            })
            .WithName("ListPopularArticles")
            .WithSummary("Published articles ranked by views in the last 1, 7 or 30 days (in the site's time zone), or of all time")
            .WithDescription("Counts as of the view counter's last flush (about a second; with several instances, " +
                             "another instance's views may take a flush interval longer). Rankings are kept in memory and " +
                             "computed again after each flush; until that is done, the ranking before it is served.")
            .WithCachedRead(alsoChanges: new ChangesBesidesWrites(services => services.GetRequiredService<PopularRankings>().Version))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
