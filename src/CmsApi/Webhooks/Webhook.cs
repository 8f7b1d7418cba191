using CmsApi.Changes;
using CmsApi.Http;
using FluentValidation;

namespace CmsApi.Webhooks;

/// <summary>
/// A webhook: a URL that the changes of one site are posted to as they are committed (a static front end's rebuild, a
/// CDN's purge, an app's push), signed after the Standard Webhooks convention. Read back without its secret.
/// </summary>
/// <param name="Id">Its number.</param>
/// <param name="Site">The site whose changes it receives.</param>
/// <param name="Url">Where they are posted.</param>
/// <param name="Description">What it is for, if said.</param>
/// <param name="Channels">The channels (keys) whose articles' changes it receives, each with its subchannels, besides
/// the changes of the site itself (its settings, footer, channel tree); null: every change of the site.</param>
/// <param name="Actions">The actions whose article changes it receives (and no change of the site itself); null: every
/// change.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="DeliveredAt">The last time a delivery was answered 2xx; null before the first.</param>
/// <param name="Failures">Deliveries that failed since the last that did not (0 when all is well).</param>
/// <param name="LastAttemptAt">The last delivery's time, successful or not.</param>
/// <param name="LastStatus">The HTTP status the last delivery got; null when none came (no connection, a timeout).</param>
/// <param name="LastError">Why the last delivery failed; null when it did not.</param>
/// <param name="NextAttemptAt">When it is tried again after failures (10 s, doubling to an hour); null when all is well.</param>
/// <param name="Version">Increases with every change of its url, description or channels (its ETag; If-Match of a
/// change names it); deliveries leave it alone.</param>
public sealed record Webhook(long Id, string Site, string Url, string? Description, IReadOnlyList<string>? Channels,
    IReadOnlyList<string>? Actions, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    long Failures, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError, DateTimeOffset? NextAttemptAt, long Version);

/// <summary>A site's webhooks.</summary>
public sealed record WebhookList(IReadOnlyList<Webhook> Items);

/// <summary>A webhook as made, or given a new secret: the only answer that shows the secret.</summary>
/// <param name="Secret">The signing secret (<c>whsec_</c> and base64): keep it where the receiver checks signatures. It
/// is not stored, and not shown again; ask for a new one when it is lost.</param>
/// <param name="Webhook">The webhook.</param>
public sealed record WebhookWithSecret(string Secret, Webhook Webhook);

/// <summary>A webhook to make, or what a webhook becomes (its secret, place in the feed and delivery state stay).</summary>
/// <param name="Url">http or https, up to 500 characters, without user or password.</param>
/// <param name="Description">Up to 200 characters of plain text.</param>
/// <param name="Channels">Only the changes of articles in these channels of the site (keys, up to 20; each with its
/// subchannels, as they are when a change is delivered) and of the site itself; an article moved out of one of them is
/// such a change too. Left out: every change of the site. A push to a WeChat account of 通知公告 only, a rebuild of
/// one section of a static site.</param>
/// <param name="Actions">Only the changes of articles that these actions made (up to all of them: create, replace, patch,
/// import, revert, publish, schedule, unpublish, trash, restore, purge, pin, unpin, pin-ended, publication-ended,
/// submit, approve, reject, revise, revised-by, copied-from, number, and due for a scheduled article whose time came), and no
/// change of the site itself. Left out: every change. A reviewers' notice (待审提醒) of submit, approve and reject.</param>
public sealed record WebhookInput(string? Url, string? Description, IReadOnlyList<string>? Channels = null, IReadOnlyList<string>? Actions = null)
{
    /// <summary>What a replace would send to leave <paramref name="webhook"/> as it is: what a merge patch is merged into.</summary>
    public static WebhookInput From(WebhookStore.Stored webhook) => new(webhook.Url, webhook.Description, webhook.ChannelKeys, webhook.ActionNames);

    /// <summary>As stored: url and description trimmed (a blank description is none), each channel and action once.</summary>
    public WebhookInput Normalized() => new(Url?.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Channels?.Distinct().ToList(), Actions?.Distinct().ToList());
}

public sealed class WebhookInputValidator : AbstractValidator<WebhookInput>
{
    public WebhookInputValidator()
    {
        RuleFor(w => w.Url).NotEmpty().WithMessage("url is required.")
            .MaximumLength(500)
            .Must(url => url is null || Target(url) is not null)
            .WithMessage("url is an absolute http or https address without user or password, e.g. https://hooks.example.gov.cn/cms.");
        RuleFor(w => w.Description).MaximumLength(200).PlainText();
        RuleFor(w => w.Channels).Must(c => c is null || c.Count is > 0 and <= MaxChannels)
            .WithMessage($"channels names 1 to {MaxChannels} channels; leave it out for every change of the site.");
        RuleForEach(w => w.Channels).NotEmpty().Matches(Channels.ChannelInputValidator.KeyPattern())
            .WithMessage("Each of channels is the key of a channel of the site.");
        RuleFor(w => w.Actions).Must(a => a is null || (a.Count > 0 && a.Count <= MaxActions))
            .WithMessage($"actions names 1 to {MaxActions} actions; leave it out for every change.");
        RuleForEach(w => w.Actions).Must(a => a is not null && ChangeActions.Names.Contains(a))
            .WithMessage($"Each of actions is one of {string.Join(", ", ChangeActions.Names.Order(StringComparer.Ordinal))}.");
    }

    public const int MaxChannels = 20;

    /// <summary>Each action at most once (a list longer than all of them is no list a client meant to send).</summary>
    public static int MaxActions => ChangeActions.Names.Count;

    /// <summary>The address a webhook posts to, or null when it is not one it may post to.</summary>
    public static Uri? Target(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0 && !TextRules.HasControlCharacter(url)
            ? uri
            : null;
}

/// <summary>Where to send a webhook back to in its site's changes feed: what its site changed since then is delivered
/// again, in new messages (a receiver that lost what it had, restored from a backup, or a new one at an old URL).</summary>
/// <param name="From">The time from which its site's changes are delivered again (ISO-8601 with its offset): not in the
/// future, and within <c>Changes:Keep</c> (7 days) of now, as the feed keeps no older ones. Articles that came due since
/// come again too; a few changes from just before it may.</param>
public sealed record WebhookRewind(DateTimeOffset? From);

public sealed class WebhookRewindValidator : AbstractValidator<WebhookRewind>
{
    public WebhookRewindValidator(TimeProvider clock, Microsoft.Extensions.Options.IOptions<ChangesOptions> changes)
    {
        RuleFor(r => r.From).NotNull().WithMessage($"from is required: {Instants.Expected}.")
            .Must(from => from <= clock.GetUtcNow()).WithMessage("from is not in the future: nothing has changed then yet.")
            .Must(from => from >= clock.GetUtcNow() - changes.Value.Keep)
            .WithMessage(_ => $"from is within {changes.Value.Keep.TotalDays:0.##} days of now (Changes:Keep): older changes are no longer kept. " +
                "A receiver that needs more than that copies the whole site again.");
    }
}

/// <summary>What a webhook posts (the Standard Webhooks payload: type, timestamp, data).</summary>
/// <param name="Type"><c>content.changed</c> (data.items: the changes, as the changes feed lists them);
/// <c>content.reset</c> (changes may have been missed, after failures longer than Changes:Keep: purge everything of the
/// site); <c>webhook.ping</c> (a test, no items).</param>
/// <param name="Timestamp">When it was sent.</param>
/// <param name="Data">The site and its changes.</param>
public sealed record WebhookMessage(string Type, DateTimeOffset Timestamp, WebhookMessageData Data)
{
    public const string Changed = "content.changed";
    public const string Reset = "content.reset";
    public const string Ping = "webhook.ping";
}

/// <param name="Site">The site.</param>
/// <param name="Items">Its changes in commit order (up to 100 a message), each with the Surrogate-Keys to purge.</param>
public sealed record WebhookMessageData(string Site, IReadOnlyList<Change> Items);

/// <summary>
/// One attempt to deliver a message to a webhook (a page of changes, a reset, a ping) and what the receiver answered, as
/// the webhook's log keeps it: what to look at when a receiver is being set up or mended.
/// </summary>
/// <param name="Id">Its number; a later attempt has a higher one.</param>
/// <param name="MessageId">The message's <c>webhook-id</c>: the same on every attempt of one message (a retry), so the
/// receiver's own log can be searched for it.</param>
/// <param name="Type">The message's type: <c>content.changed</c>, <c>content.reset</c> or <c>webhook.ping</c>.</param>
/// <param name="Items">How many changes it carried.</param>
/// <param name="At">When it was sent, in the site's time zone.</param>
/// <param name="DurationMs">How long the receiver took to answer, or to fail, in milliseconds.</param>
/// <param name="Delivered">Whether the receiver answered 2xx.</param>
/// <param name="Status">The HTTP status it answered; null when none came (no connection, a timeout).</param>
/// <param name="Error">Why it failed; null when it did not.</param>
/// <param name="Answer">The start of the receiver's answer body when it is text (up to 500 characters, line breaks and
/// other control characters as spaces): its own word on why it refused; null when it sent none.</param>
public sealed record WebhookAttempt(long Id, string MessageId, string Type, int Items, DateTimeOffset At, int DurationMs, bool Delivered,
    int? Status, string? Error, string? Answer);

/// <summary>A webhook's latest delivery attempts, newest first (up to <c>Webhooks:KeepAttempts</c> are kept).</summary>
public sealed record WebhookAttemptList(IReadOnlyList<WebhookAttempt> Items);

/// <summary>Webhook delivery's settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// The server's key (base64 of at least 32 random bytes) that every webhook's signing secret is derived from, so
    /// that no secret is stored. Without it no webhook can be made and none is delivered. Changing it changes every
    /// secret.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>The key appsettings.Development.json sets, so that webhooks work on a development machine with no set-up;
    /// public, so refused outside Development.</summary>
    public const string DevelopmentKey = "ZGV2ZWxvcG1lbnQgb25seTogbm90IGEgc2VjcmV0IGF0IGFsbCE=";

    /// <summary>How often due deliveries (retries, articles whose publish time came) are looked for; a write on this
    /// instance, or heard from another, starts one at once.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether webhooks may post to loopback, private and link-local addresses (an intranet receiver). Off, so that a
    /// site admin cannot make the server reach what only it can reach (a cloud's metadata address, an internal admin
    /// page); checked on the address connected to, after DNS.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The most webhooks a site may have.</summary>
    public int MaxPerSite { get; set; } = 10;

    /// <summary>How many of a webhook's latest delivery attempts its log keeps (<c>…/webhooks/{id}/attempts</c>).</summary>
    public int KeepAttempts { get; set; } = 100;
}
