using CmsApi.Auth;
using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CmsApi.Changes;

/// <summary>
/// The changes feed: what changed for the public, in commit order, with the <c>Surrogate-Key</c>s to purge. A CDN's
/// purge worker follows it (answers may then be kept at the CDN far longer than <c>s-maxage</c>'s minute), and so can
/// scripts that mirror a site.
/// </summary>
public static class ChangesApi
{
    public const int MaxLimit = 100;

    public static IServiceCollection AddChanges(this IServiceCollection services, IConfiguration configuration)
    {
        // A shorter one would refuse the cursor of a purge worker that polls every few seconds as soon as it paused.
        if (configuration.GetSection(ChangesOptions.Section).Get<ChangesOptions>() is { Keep: var keep } && keep < TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException($"{ChangesOptions.Section}:Keep: '{keep}' is shorter than the hour a cursor must last at least.");
        }
        services.Configure<ChangesOptions>(configuration.GetSection(ChangesOptions.Section));
        services.AddSingleton<ChangeLog>();
        services.AddHostedService<ChangeLogPruning>();
        return services;
    }

    public static RouteGroupBuilder MapChanges(this IEndpointRouteBuilder routes)
    {
        // A key limited to sites follows the changes of its sites: the route is of no site, and answers for the key's.
        var group = routes.MapGroup("/changes").WithTags("Changes").RequireScope(Scopes.ChangesRead).WithMetadata(new AnswersForKeySites());

        group.MapGet("/", async Task<Results<Ok<ChangePage>, ProblemHttpResult>> (
                [AsParameters] ChangesQuery query, ChangeLog log, HttpContext http, CancellationToken ct) =>
            {
                var (cursor, limit) = (query.Cursor, query.Limit);
                if (limit is < 1 or > MaxLimit)
                {
                    return Problems.FieldError("limit", $"limit is 1 to {MaxLimit}.");
                }
                if (query.Site is { } named && !Sites.SiteValidator.KeyPattern().IsMatch(named))
                {
                    return Problems.FieldError("site", $"'{named}' is not a site key.");
                }
                if (Scopes.OtherSite(http, query.Site) is { } otherSite)
                {
                    return otherSite;
                }
                IReadOnlyList<string>? sites = query.Site is { } site ? [site] : Scopes.SitesOf(http.User);
                var after = ChangeLog.Position.Decode(cursor);
                if (cursor is not null && after is null)
                {
                    return Problems.FieldError("cursor", "This is not a cursor of the changes feed; send a nextCursor it gave, or none.");
                }
                if (after is not null && after.Sites != ChangeLog.SitesMark(sites))
                {
                    return Problems.FieldError("cursor",
                        "This cursor follows the changes of other sites (another site=, or a key limited to other sites); " +
                        "start again without a cursor.");
                }
                if (after is not null && log.Expired(after))
                {
                    return Problems.Problem(StatusCodes.Status410Gone, "cursor_expired",
                        "Changes after this cursor may have been deleted. Purge everything, then follow the feed again from a " +
                        "request without a cursor.");
                }
                var (items, next) = await log.ReadAsync(after, limit ?? MaxLimit, sites, ct);
                return TypedResults.Ok(new ChangePage(items, next.Encode()));
            })
            .WithName("ListChanges")
            .WithSummary("What changed for the public, in commit order, with the Surrogate-Keys to purge")
            .WithDescription(
                "Every committed write that changes what the public sees (an article written, published, unpublished, " +
                "trashed, restored or purged; a site, its footer or its channels changed), and every scheduled article " +
                "whose publish time came, oldest first, across all sites, or those of one (site=) or of the sites a key " +
                "is limited to. Without a cursor the answer has no items and a " +
                "cursor at the present: take it before a full copy of a site, then follow on from it. Ask again with " +
                "nextCursor (at once while pages are full; every few seconds after). A cursor is good for Changes:Keep " +
                "(7 days); an older one is a 410, after which everything must be purged. Items may repeat (after a retry, or " +
                "on PostgreSQL changes from just before a start without a cursor); purging twice is harmless. Needs " +
                "changes:read. A cursor belongs to the feed that gave it: the same site= and key limits.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone);

        return group;
    }
}

/// <summary>The query string of the changes feed.</summary>
/// <remarks>Properties, not a positional record: the request delegate generator cannot compile a constructor of
/// nullable reference types (typeof(string?)).</remarks>
public sealed record ChangesQuery
{
    /// <summary>The nextCursor of the previous page; leave out to start at the present.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; init; }

    /// <summary>1 to 100; default 100.</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }

    /// <summary>Only this site's changes (one of its sites, for a key limited to sites); default: all the key's.</summary>
    [FromQuery(Name = "site")] public string? Site { get; init; }
}

/// <summary>Deletes changes older than any cursor the feed still accepts, once an hour.</summary>
public sealed partial class ChangeLogPruning(ChangeLog log, TimeProvider clock, ILogger<ChangeLogPruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // not on the start-up path
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await log.PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(ex); // kept until the next hour: a longer feed, nothing lost
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old changes from the changes feed; trying again in an hour")]
    private partial void LogPruneFailed(Exception exception);
}
