using CmsApi.Auth;
using CmsApi.Caching;
using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Channels;

public static class ChannelsApi
{
    public static IServiceCollection AddChannels(this IServiceCollection services) =>
        services.AddSingleton<ChannelStore>();

    public static RouteGroupBuilder MapChannels(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}/channels").WithTags("Channels");

        group.MapGet("/", async Task<Results<Ok<ChannelTree>, ProblemHttpResult>> (string site, ChannelStore channels, CancellationToken ct) =>
                await channels.ListAsync(site, ct) is { } all
                    ? TypedResults.Ok(new ChannelTree(all.Tree()))
                    : Problems.NotFound("site", site))
            .WithName("GetChannelTree")
            .WithSummary("The site's channel tree, each level in order")
            .WithCachedRead()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{channel}", async Task<Results<Ok<Channel>, ProblemHttpResult>> (
                string site, string channel, ChannelStore channels, HttpContext http, CancellationToken ct) =>
            {
                if (await channels.ListAsync(site, ct) is not { } all)
                {
                    return Problems.NotFound("site", site);
                }
                if (all.Describe(channel) is not { } found)
                {
                    return Problems.NotFound("channel", channel);
                }
                SetETag(http, found);
                PublicReads.AddSurrogateKeys(http, PublicReads.ChannelTag(site, channel));
                return TypedResults.Ok(found);
            })
            .WithName("GetChannel")
            .WithSummary("One channel with its breadcrumb and children")
            .WithCachedRead()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async Task<Results<Created<Channel>, ProblemHttpResult>> (
                string site, ChannelInput input, ChannelStore channels, HttpContext http, CancellationToken ct) =>
            {
                var (outcome, created) = await channels.CreateAsync(site, input with { Name = input.Name?.Trim() }, ct);
                if (created is null)
                {
                    return Problem(outcome, site, input.Key!, input.Parent);
                }
                SetETag(http, created);
                return TypedResults.Created($"/api/v1/sites/{site}/channels/{created.Key}", created);
            })
            .WithName("CreateChannel")
            .WithSummary("Create a channel, at the top level or under a parent")
            .RequireScope(Scopes.SitesAdmin)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPatch("/{channel}", async Task<Results<Ok<Channel>, ProblemHttpResult>> (
                string site, string channel, ChannelChange change, ChannelStore channels, HttpContext http, CancellationToken ct) =>
            {
                var (outcome, changed) = await channels.ChangeAsync(site, channel, ETags.RequiredVersion(http), change, ct);
                if (changed is null)
                {
                    return Problem(outcome, site, channel, change.Parent);
                }
                SetETag(http, changed);
                return TypedResults.Ok(changed);
            })
            .WithName("ChangeChannel")
            .WithSummary("Rename, reorder or move a channel (a move under itself or its descendants is refused); If-Match is checked when sent")
            .RequireScope(Scopes.SitesAdmin)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithIfMatch(required: false);

        group.MapDelete("/{channel}", async Task<Results<NoContent, ProblemHttpResult>> (
                string site, string channel, ChannelStore channels, CancellationToken ct) =>
            {
                var outcome = await channels.DeleteAsync(site, channel, ct);
                return outcome == ChannelStore.Outcome.Done ? TypedResults.NoContent() : Problem(outcome, site, channel, null);
            })
            .WithName("DeleteChannel")
            .WithSummary("Delete an empty channel (no child channels, no articles)")
            .RequireScope(Scopes.SitesAdmin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // beside the channels, not under them: "channel-updates" could be a channel's key
        routes.MapGet("/sites/{site}/channel-updates", async Task<Results<Ok<ChannelUpdates>, ProblemHttpResult>> (
                string site, ChannelStore channels, CancellationToken ct) =>
                await channels.UpdatesAsync(site, ct) is { } updates ? TypedResults.Ok(updates) : Problems.NotFound("site", site))
            .WithTags("Channels")
            .WithName("CheckChannelUpdates")
            .WithSummary("栏目更新: each channel's newest article against its updateDays: overdue (应更新未更新) and empty (空白栏目) " +
                         "channels, as the government site inspections count them")
            .RequireScope(Scopes.ReadDrafts)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    /// <summary>
    /// A channel's answer shows its breadcrumb and children too, which change without its version: the ETag is the
    /// version and a hash of them, so it changes with the answer, and If-Match can send it back (only the version counts).
    /// </summary>
    private static void SetETag(HttpContext http, Channel channel) =>
        ETags.Set(http, channel.Version, string.Join('\n', channel.Breadcrumb.Select(c => $"{c.Key}\t{c.Name}")) + "\n\n" +
            string.Join('\n', channel.Children.Select(c => $"{c.Key}\t{c.Name}\t{c.LinkUrl}\t{c.Hidden}")));

    private static ProblemHttpResult Problem(ChannelStore.Outcome outcome, string site, string channel, string? parent) => outcome switch
    {
        ChannelStore.Outcome.SiteNotFound => Problems.NotFound("site", site),
        ChannelStore.Outcome.NotFound => Problems.NotFound("channel", channel),
        ChannelStore.Outcome.KeyTaken => Problems.Conflict("channel_key_taken", $"The site already has a channel '{channel}'."),
        ChannelStore.Outcome.UnknownParent => Problems.FieldError("parent", $"The site has no channel '{parent}'."),
        ChannelStore.Outcome.Cycle => Problems.FieldError("parent", $"'{parent}' is '{channel}' itself or below it; a channel cannot move under itself."),
        ChannelStore.Outcome.TooDeep => Problems.FieldError("parent", $"Under '{parent}', the channel tree would have more than {SiteChannels.MaxLevels} levels."),
        ChannelStore.Outcome.Stale => Problems.PreconditionFailed("channel"),
        ChannelStore.Outcome.NotEmpty => Problems.Conflict("channel_not_empty", $"The channel '{channel}' still has child channels or articles (trashed ones included)."),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
