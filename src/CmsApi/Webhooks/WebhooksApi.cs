using System.Net;
using CmsApi.Auth;
using CmsApi.Changes;
using CmsApi.Http;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CmsApi.Webhooks;

/// <summary>
/// A site's webhooks: URLs its changes are pushed to as they are committed, the push side of the changes feed (which
/// they are delivered from, so that none is missed). Managed with <c>sites:admin</c>.
/// </summary>
public static class WebhooksApi
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();
        _ = WebhookSigning.FromOptions(options); // a key set wrong stops the start, not the first delivery
        if (options.Interval <= TimeSpan.Zero || options.Timeout <= TimeSpan.Zero || options.MaxPerSite < 1 || options.KeepAttempts < 1)
        {
            throw new InvalidOperationException(
                $"{WebhookOptions.Section}: Interval and Timeout must be above zero, MaxPerSite and KeepAttempts at least 1.");
        }
        if (options.Key?.Trim() == WebhookOptions.DevelopmentKey && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{WebhookOptions.Section}:Key is the development key, which is public (appsettings.Development.json): set one of your own.");
        }
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDelivery>());
        services.AddHttpClient(WebhookDelivery.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("CmsApi-Webhooks/1"))
            .ConfigurePrimaryHttpMessageHandler(() => WebhookDelivery.Handler(options.AllowPrivateNetworks));
        return services;
    }

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}/webhooks").WithTags("Webhooks").RequireScope(Scopes.SitesAdmin);

        group.MapGet("/", async Task<Results<Ok<WebhookList>, ProblemHttpResult>> (string site, WebhookStore store, CancellationToken ct) =>
                await store.ListAsync(site, ct) is { } webhooks
                    ? TypedResults.Ok(new WebhookList(webhooks.Select(w => w.ToWebhook()).ToList()))
                    : Problems.NotFound("site", site))
            .WithName("ListWebhooks").WithSummary("The site's webhooks, with how their deliveries go (no secrets)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async Task<Results<Created<WebhookWithSecret>, ProblemHttpResult>> (
                string site, WebhookInput input, WebhookStore store, WebhookDelivery delivery, IOptions<WebhookOptions> options,
                HttpContext http, CancellationToken ct) =>
            {
                if (delivery.Signing is not { } signing)
                {
                    return Off();
                }
                if (UrlProblem(input, options.Value) is { } problem)
                {
                    return problem;
                }
                var nonce = WebhookSigning.NewNonce();
                var start = await delivery.StartAsync(site, ct);
                var (outcome, stored) = await store.CreateAsync(site, input.Normalized(), nonce, start.Encode(), options.Value.MaxPerSite, ct);
                switch (outcome)
                {
                    case WebhookStore.WriteOutcome.SiteNotFound:
                        return Problems.NotFound("site", site);
                    case WebhookStore.WriteOutcome.ChannelNotFound:
                        return ChannelsProblem(site);
                    case WebhookStore.WriteOutcome.Exists:
                        // a creation retried after a lost answer, most likely: one URL would otherwise get every change twice
                        return Problems.Problem(StatusCodes.Status409Conflict, "webhook_exists",
                            $"The site has a webhook to this url already: {stored!.Id}. Ask it for a new secret (…/webhooks/{stored.Id}/secret) if its secret was lost.");
                    case WebhookStore.WriteOutcome.TooMany:
                        return Problems.Conflict("too_many_webhooks", $"A site has at most {options.Value.MaxPerSite} webhooks; delete one first.");
                    default:
                        delivery.Wake();
                        ETags.Set(http, stored!.Version);
                        return TypedResults.Created($"/api/v1/sites/{site}/webhooks/{stored!.Id}",
                            new WebhookWithSecret(signing.Secret(stored.Id, stored.Nonce), stored.ToWebhook()));
                }
            })
            .WithName("CreateWebhook")
            .WithSummary("Make a webhook: the site's changes from now on are posted to its url, signed; the answer is the only time its secret is shown")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{id:long}", async Task<Results<Ok<Webhook>, ProblemHttpResult>> (string site, long id, WebhookStore store, HttpContext http,
                CancellationToken ct) =>
            {
                if (await store.FindAsync(site, id, ct) is not { } webhook)
                {
                    return Problems.NotFound("webhook", $"{id}");
                }
                ETags.Set(http, webhook.Version);
                return TypedResults.Ok(webhook.ToWebhook());
            })
            .WithName("GetWebhook").WithSummary("A webhook and how its deliveries go: the last attempt, its status or error, failures in a row")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{id:long}", async Task<Results<Ok<Webhook>, ProblemHttpResult>> (
                string site, long id, WebhookInput input, WebhookStore store, WebhookDelivery delivery, IOptions<WebhookOptions> options,
                HttpContext http, CancellationToken ct) =>
                await Replace(site, id, input, ETags.RequiredVersion(http), store, delivery, options.Value, http, ct))
            .WithName("ReplaceWebhook")
            .WithSummary("Change a webhook's url, description, channels or actions; its secret, place in the feed and delivery state stay. If-Match is checked when sent")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: false);

        group.MapPatch("/{id:long}", async Task<Results<Ok<Webhook>, ProblemHttpResult>> (
                string site, long id, WebhookStore store, WebhookDelivery delivery, IOptions<WebhookOptions> options,
                IValidator<WebhookInput> validator, HttpContext http, CancellationToken ct) =>
            {
                var (input, expected, problem) = await MergePatch.MergeAsync(http,
                    async () => await store.FindAsync(site, id, ct) is { } current ? (WebhookInput.From(current), current.Version) : null,
                    () => Problems.NotFound("webhook", $"{id}"), validator);
                return input is null ? problem! : await Replace(site, id, input, expected, store, delivery, options.Value, http, ct);
            })
            .WithName("PatchWebhook")
            .WithSummary("Change some of a webhook's fields with a JSON merge patch (RFC 7396), such as its channels; If-Match is checked when sent")
            .WithDescription("The patch names fields of WebhookInput: a value replaces the field, an array (channels, actions) is replaced " +
                             "whole, null removes the field (channels: null, every change of the site again). The result is validated as a whole webhook.")
            .AcceptsMergePatch()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: false);

        group.MapDelete("/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (string site, long id, WebhookStore store, CancellationToken ct) =>
                await store.DeleteAsync(site, id, ct) ? TypedResults.NoContent() : Problems.NotFound("webhook", $"{id}"))
            .WithName("DeleteWebhook").WithSummary("Delete a webhook: nothing more is posted to it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:long}/secret", async Task<Results<Ok<WebhookWithSecret>, ProblemHttpResult>> (
                string site, long id, WebhookStore store, WebhookDelivery delivery, CancellationToken ct) =>
            {
                if (delivery.Signing is not { } signing)
                {
                    return Off();
                }
                return await store.RenewSecretAsync(site, id, WebhookSigning.NewNonce(), ct) is { } webhook
                    ? TypedResults.Ok(new WebhookWithSecret(signing.Secret(webhook.Id, webhook.Nonce), webhook.ToWebhook()))
                    : Problems.NotFound("webhook", $"{id}");
            })
            .WithName("RenewWebhookSecret")
            .WithSummary("A new secret for the webhook (the old one stops at once); the answer is the only time it is shown")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:long}/ping", async Task<Results<Ok<WebhookAttempt>, ProblemHttpResult>> (
                string site, long id, WebhookStore store, WebhookDelivery delivery, CancellationToken ct) =>
            {
                if (delivery.Signing is null)
                {
                    return Off();
                }
                return await store.FindAsync(site, id, ct) is { } webhook
                    ? TypedResults.Ok(await delivery.PingAsync(webhook, ct))
                    : Problems.NotFound("webhook", $"{id}");
            })
            .WithName("PingWebhook")
            .WithSummary("Send a signed webhook.ping now and answer how it went (setting up a receiver); logged with the attempts, the webhook's deliveries are not touched")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:long}/rewind", async Task<Results<Ok<Webhook>, ProblemHttpResult>> (
                string site, long id, WebhookRewind rewind, WebhookStore store, WebhookDelivery delivery, ChangeLog log, CancellationToken ct) =>
            {
                var position = await log.SinceAsync(rewind.From!.Value, [site], ct);
                if (await store.RewindAsync(site, id, position.Encode(), ct) is not { } webhook)
                {
                    return Problems.NotFound("webhook", $"{id}");
                }
                delivery.Wake();
                return TypedResults.Ok(webhook.ToWebhook());
            })
            .WithName("RewindWebhook")
            .WithSummary("Send the webhook back in its site's changes feed: what changed since from is delivered again at once, in new messages (a receiver restored from a backup)")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:long}/attempts", async Task<Results<Ok<WebhookAttemptList>, ProblemHttpResult>> (
                string site, long id, WebhookStore store, CancellationToken ct) =>
                await store.AttemptsAsync(site, id, ct) is { } attempts
                    ? TypedResults.Ok(new WebhookAttemptList(attempts))
                    : Problems.NotFound("webhook", $"{id}"))
            .WithName("ListWebhookAttempts")
            .WithSummary("The webhook's latest delivery attempts, newest first: each message's id and type, how long the receiver took, its status, error and answer")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    /// <summary>A replace or a merged patch written when the webhook is still at <paramref name="expected"/> (any version when null).</summary>
    private static async Task<Results<Ok<Webhook>, ProblemHttpResult>> Replace(string site, long id, WebhookInput input, long? expected,
        WebhookStore store, WebhookDelivery delivery, WebhookOptions options, HttpContext http, CancellationToken ct)
    {
        if (UrlProblem(input, options) is { } problem)
        {
            return problem;
        }
        var (outcome, stored) = await store.ReplaceAsync(site, id, expected, input.Normalized(), ct);
        switch (outcome)
        {
            case WebhookStore.WriteOutcome.NotFound:
                return Problems.NotFound("webhook", $"{id}");
            case WebhookStore.WriteOutcome.Stale:
                return Problems.PreconditionFailed("webhook");
            case WebhookStore.WriteOutcome.Exists:
                return Problems.Problem(StatusCodes.Status409Conflict, "webhook_exists", $"The site has a webhook to this url already: {stored!.Id}.");
            case WebhookStore.WriteOutcome.ChannelNotFound:
                return ChannelsProblem(site);
            default:
                delivery.Wake();
                ETags.Set(http, stored!.Version);
                return TypedResults.Ok(stored.ToWebhook());
        }
    }

    /// <summary>A url given as an IP address this server may not post to (a name is checked on each connection).</summary>
    private static ProblemHttpResult? UrlProblem(WebhookInput input, WebhookOptions options)
    {
        var target = WebhookInputValidator.Target(input.Url!)!;
        return !options.AllowPrivateNetworks && IPAddress.TryParse(target.IdnHost, out var address) && !ReceiverAddresses.IsPublic(address)
            ? Problems.FieldError("url", $"{target.Host} is a loopback, private or link-local address, which webhooks do not post to here.")
            : null;
    }

    private static ProblemHttpResult ChannelsProblem(string site) =>
        Problems.FieldError("channels", $"Each of channels is the key of a channel of the site {site}; see GET /api/v1/sites/{site}/channels.");

    private static ProblemHttpResult Off() => Problems.Conflict("webhooks_off",
        $"This server has no {WebhookOptions.Section}:Key (base64 of 32 random bytes), which webhook secrets are made from; its operator sets it.");
}
