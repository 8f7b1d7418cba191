using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CmsApi.Changes;
using CmsApi.Channels;
using CmsApi.Data;
using Microsoft.Extensions.Options;

namespace CmsApi.Webhooks;

/// <summary>
/// Delivers each webhook its site's changes, from its own place in the changes feed: up to 100 a message, in commit
/// order, at least once (a message whose answer was lost is sent again, with the same <c>webhook-id</c>). A write on
/// this instance, or heard from another, starts a round (within a quarter second); otherwise one runs every <c>Webhooks:Interval</c>
/// (scheduled articles whose time came, retries). Of many instances one delivers to a webhook at a time (a lease in its
/// row). A failed delivery is tried again after 10 s, doubling up to an hour; the changes wait in the feed meanwhile.
/// </summary>
public sealed partial class WebhookDelivery : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private const int PageSize = ChangesApi.MaxLimit;

    /// <summary>
    /// Rounds start at most this often: the changes of a burst of writes go out together, in a message or few, and
    /// delivery adds a few writes a second at most, however many the site's editors make (docs/performance.md).
    /// </summary>
    private static readonly TimeSpan RoundSpacing = TimeSpan.FromMilliseconds(250);

    /// <summary>An idle webhook's position is written on at most this often: often enough that it never expires.</summary>
    private static readonly TimeSpan KeepEvery = TimeSpan.FromHours(1);

    private readonly WebhookStore store;
    private readonly ChangeLog log;
    private readonly ChannelStore channels;
    private readonly IHttpClientFactory clients;
    private readonly WebhookOptions options;
    private readonly JsonSerializerOptions json;
    private readonly TimeProvider clock;
    private readonly ILogger<WebhookDelivery> logger;
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Until a round finds none, a write starts a round; then only making one does (or, on another instance, the interval).</summary>
    private volatile bool anyWebhooks = true;

    public WebhookDelivery(WebhookStore store, ChangeLog log, ChannelStore channels, ContentChanges changes, IHttpClientFactory clients,
        IOptions<WebhookOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock,
        ILogger<WebhookDelivery> logger)
    {
        (this.store, this.log, this.channels, this.clients, this.options, this.json, this.clock, this.logger) =
            (store, log, channels, clients, options.Value, json.Value.SerializerOptions, clock, logger);
        Signing = WebhookSigning.FromOptions(options.Value);
        changes.Changed += _ =>
        {
            if (anyWebhooks)
            {
                Wake();
            }
        };
    }

    /// <summary>The server's signing key; null when <c>Webhooks:Key</c> is not set (no webhooks then).</summary>
    public WebhookSigning? Signing { get; }

    /// <summary>Starts a round now (or right after the one running).</summary>
    public void Wake()
    {
        anyWebhooks = true;
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // woken twice at once: one round serves both
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Signing is null)
        {
            return;
        }
        await Task.Yield(); // not on the start-up path
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(ex); // the changes wait in the feed: the next round delivers them
            }
            try
            {
                await wake.WaitAsync(options.Interval, stoppingToken);
                if (RoundSpacing - System.Diagnostics.Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest)
                {
                    await Task.Delay(rest, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: every webhook that is due gets what its site changed since its position.</summary>
    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        anyWebhooks = await store.AnyAsync(cancellationToken);
        if (!anyWebhooks)
        {
            return;
        }
        var due = await store.DueAsync(cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (webhook, ct) =>
            {
                // a long backlog goes out page after page, ten in a round, then waits for the next
                for (var page = 0; page < 10 && await DeliverNextAsync(webhook, ct) is { } next; page++)
                {
                    webhook = next;
                }
            });
    }

    /// <summary>Sends the next message of changes, if there is one; the webhook as it then is when a full page went and
    /// more may follow, else null.</summary>
    private async Task<WebhookStore.Stored?> DeliverNextAsync(WebhookStore.Stored webhook, CancellationToken cancellationToken)
    {
        var from = ChangeLog.Position.Decode(webhook.Position) ?? throw new InvalidOperationException($"Webhook {webhook.Id} has no valid position.");
        string type;
        IReadOnlyList<Change> items;
        ChangeLog.Position next;
        var full = false; // a full page of the feed: more may follow at once
        if (log.Expired(from))
        {
            // failing for longer than the feed keeps changes: some are gone, so the receiver is told to purge everything
            (type, items, next) = (WebhookMessage.Reset, [], await StartAsync(webhook.SiteKey, cancellationToken));
        }
        else
        {
            (items, next) = await log.ReadAsync(from, PageSize, [webhook.SiteKey], cancellationToken);
            type = WebhookMessage.Changed;
            if (items.Count == 0)
            {
                if (next.DueAt - from.DueAt > KeepEvery.TotalMilliseconds)
                {
                    await store.KeepAsync(webhook.Id, webhook.Position, next.Encode(), cancellationToken);
                }
                return null;
            }
            full = items.Count == PageSize;
            if (webhook.ChannelKeys is not null || webhook.ActionNames is not null)
            {
                items = await ForWebhookAsync(webhook, items, cancellationToken);
                if (items.Count == 0)
                {
                    await store.KeepAsync(webhook.Id, webhook.Position, next.Encode(), cancellationToken);
                    return full ? webhook with { Position = next.Encode() } : null;
                }
            }
        }
        var to = next.Encode();
        if (!await store.LeaseAsync(webhook.Id, webhook.Position, clock.GetUtcNow() + 2 * options.Timeout + TimeSpan.FromSeconds(30), cancellationToken))
        {
            return null; // another instance is delivering it
        }
        // named by what it carries, not by the position after it, which moves on with the clock while nothing changes; a
        // rewound webhook's messages are new ones, though they carry what was sent before
        var messageId = WebhookSigning.MessageId(webhook.Id, webhook.Rewinds == 0 ? webhook.Position : $"{webhook.Position}\n{webhook.Rewinds}",
            type + JsonSerializer.Serialize(items, json));
        var sent = await SendAsync(webhook, new WebhookMessage(type, clock.GetUtcNow(), new WebhookMessageData(webhook.SiteKey, items)), messageId,
            cancellationToken);
        var retryAt = UnixTime.ToMilliseconds(clock.GetUtcNow() + RetryDelay(webhook.Failures + 1));
        // recorded even when stopping: the lease would otherwise hold the webhook until it ran out
        await store.RecordAsync(webhook, to, sent, retryAt, CancellationToken.None);
        if (!sent.Delivered)
        {
            LogDeliveryFailed(webhook.Id, webhook.SiteKey, sent.Error);
            return null;
        }
        return full ? webhook with { Position = to, Failures = 0 } : null;
    }

    /// <summary>
    /// The changes a webhook limited to actions or channels receives. Limited to actions: those of articles made by one of
    /// them (none of the site itself, none recorded before changes had actions). Limited to channels: those of articles
    /// in the channels or below them (as the tree is now), moved out of one, or of unknown channel (recorded before
    /// changes had one), and those of the site itself.
    /// </summary>
    private async Task<IReadOnlyList<Change>> ForWebhookAsync(WebhookStore.Stored webhook, IReadOnlyList<Change> items,
        CancellationToken cancellationToken)
    {
        if (webhook.ActionNames is { } actions)
        {
            items = items.Where(item => ChangeActions.NameOf(item) is { } name && actions.Contains(name)).ToList();
        }
        if (webhook.ChannelKeys is not { } limited || items.Count == 0)
        {
            return items;
        }
        var within = (await channels.ListAsync(webhook.SiteKey, cancellationToken))?.KeysWithin(limited) ?? new HashSet<string>();
        return items.Where(item => item.ArticleId is null || item.Channel is null || within.Contains(item.Channel)
            || item.MovedFrom is { } left && within.Contains(left)).ToList();
    }

    /// <summary>How long after its <paramref name="failures"/>th failure in a row a webhook is tried again: 10 s, doubling to an hour.</summary>
    public static TimeSpan RetryDelay(long failures) =>
        TimeSpan.FromSeconds(Math.Min(10 * Math.Pow(2, Math.Clamp(failures - 1, 0, 20)), 3600));

    /// <summary>Where the site's feed stands now: where a new webhook starts.</summary>
    public async Task<ChangeLog.Position> StartAsync(string siteKey, CancellationToken cancellationToken) =>
        (await log.ReadAsync(null, 1, [siteKey], cancellationToken)).Next;

    /// <summary>A test message (<c>webhook.ping</c>), sent now and logged; the webhook's state stays as it is.</summary>
    public async Task<WebhookAttempt> PingAsync(WebhookStore.Stored webhook, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sent = await SendAsync(webhook, new WebhookMessage(WebhookMessage.Ping, now, new WebhookMessageData(webhook.SiteKey, [])),
            WebhookSigning.MessageId(webhook.Id, WebhookMessage.Ping, now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            cancellationToken);
        return (await store.LogAsync(webhook.Id, sent, CancellationToken.None) ?? sent).ToAttempt(webhook.TimeZone);
    }

    /// <summary>Posts the message and tells how it went (an attempt not yet logged).</summary>
    private async Task<WebhookStore.Attempt> SendAsync(WebhookStore.Stored webhook, WebhookMessage message, string messageId,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, json);
        var at = clock.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Signing!.Sign(webhook.Id, webhook.Nonce, messageId, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        WebhookStore.Attempt Attempt(int? status, string? error, string? answer = null) => new(0, messageId, message.Type, message.Data.Items.Count,
            UnixTime.ToMilliseconds(at), (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, status, error, answer);
        try
        {
            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var answer = await AnswerAsync(response, timeout.Token);
            return Attempt(status, response.IsSuccessStatusCode ? null : $"The receiver answered {status} {response.ReasonPhrase}.", answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Attempt(null, $"No answer within {options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            var why = ex.InnerException is ReceiverAddressException refused ? refused.Message : ex.Message;
            return Attempt(null, why.Length > 500 ? why[..500] : why);
        }
    }

    /// <summary>How many characters of a receiver's answer are kept.</summary>
    private const int AnswerLength = 500;

    /// <summary>
    /// The start of the receiver's answer when it is text (a receiver's own word on why it refused: "signature
    /// mismatch", a proxy's error page), control characters as spaces; null when there is none, or it is not text, or it
    /// does not come within the delivery's time (the status stands regardless).
    /// </summary>
    private static async Task<string?> AnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not null && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            && !type.EndsWith("json", StringComparison.OrdinalIgnoreCase) && !type.EndsWith("xml", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var buffer = new byte[AnswerLength * 4]; // UTF-8 takes at most 4 bytes a character
        var read = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is > 0 and var n)
            {
                read += n;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // cut off or too slow: what came is kept
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        text = string.Create(text.Length, text, (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
        if (text.Length > AnswerLength)
        {
            text = text[..Http.TextRules.WholeCharacters(text, 0, AnswerLength).End];
        }
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// The connections webhooks post over: no redirects (a receiver could send the request on to an address it may not
    /// reach), no cookies, and unless private networks are allowed, only to public addresses, checked on the address
    /// connected to (after DNS, so a name that resolves to 127.0.0.1 is refused too).
    /// </summary>
    public static SocketsHttpHandler Handler(bool allowPrivateNetworks) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var allowed = allowPrivateNetworks ? addresses : addresses.Where(ReceiverAddresses.IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new ReceiverAddressException(
                    $"{host} is a loopback, private or link-local address, which webhooks do not post to unless " +
                    $"{WebhookOptions.Section}:AllowPrivateNetworks is true.");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of webhook deliveries failed; the next round tries again")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Id} of site {Site} was not delivered: {Error}")]
    private partial void LogDeliveryFailed(long id, string site, string? error);
}

/// <summary>A receiver's address that webhooks may not post to.</summary>
public sealed class ReceiverAddressException(string message) : IOException(message);

/// <summary>Which addresses a webhook may post to without <c>AllowPrivateNetworks</c>. Pure.</summary>
public static class ReceiverAddresses
{
    /// <summary>False for loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), link-local (169.254/16,
    /// fe80::/10: where clouds answer metadata requests), unspecified, multicast and reserved addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or >= 224
                     || (b[0] == 100 && b[1] is >= 64 and < 128)
                     || (b[0] == 169 && b[1] == 254)
                     || (b[0] == 172 && b[1] is >= 16 and < 32)
                     || (b[0] == 192 && b[1] == 168));
        }
        return !(address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                 || address.IsIPv6UniqueLocal);
    }
}
