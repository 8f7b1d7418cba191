using CmsApi.Data;
using CmsApi.Sites;
using Dapper;
using Microsoft.Extensions.Options;

namespace CmsApi.Webhooks;

/// <summary>Webhooks in SQL: a site's subscriptions, each one's place in the changes feed and delivery state, and the
/// log of its latest delivery attempts.</summary>
public sealed class WebhookStore(Database database, TimeProvider clock, IOptions<WebhookOptions> options)
{
    /// <summary>What every read of a webhook selects (<see cref="Stored"/>), up to its WHERE.</summary>
    private const string Select =
        """
        SELECT w.id, s.key AS site_key, s.time_zone, w.url, w.description, w.nonce, w.position, w.created_at, w.next_attempt_at,
               w.failures, w.last_attempt_at, w.last_status, w.last_error, w.delivered_at, w.channels, w.actions, w.version, w.rewinds
        FROM webhooks w JOIN sites s ON s.id = w.site_id
        """;

    /// <summary>A webhook just written, read back in the write's transaction.</summary>
    private static Task<Stored> WrittenAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long id) =>
        connection.QuerySingleAsync<Stored>($"{Select} WHERE w.id = @id", new { id }, transaction);

    /// <summary>A stored webhook (times in Unix milliseconds; <paramref name="Channels"/> and <paramref name="Actions"/>
    /// JSON arrays, or null; <paramref name="Rewinds"/>: how often it was sent back in the feed).</summary>
    public sealed record Stored(long Id, string SiteKey, string TimeZone, string Url, string? Description, string Nonce, string Position,
        long CreatedAt, long NextAttemptAt, long Failures, long? LastAttemptAt, long? LastStatus, string? LastError, long? DeliveredAt,
        string? Channels, string? Actions, long Version, long Rewinds)
    {
        /// <summary>The channels it is limited to; null for every change of its site.</summary>
        public IReadOnlyList<string>? ChannelKeys => Channels is null ? null : StoredJson.Read<List<string>>(Channels);

        /// <summary>The actions it is limited to; null for every change.</summary>
        public IReadOnlyList<string>? ActionNames => Actions is null ? null : StoredJson.Read<List<string>>(Actions);

        public Webhook ToWebhook()
        {
            var zone = SiteTimeZone.Find(TimeZone);
            DateTimeOffset? At(long? ms) => ms is { } value ? UnixTime.InZone(value, zone) : null;
            return new Webhook(Id, SiteKey, Url, Description, ChannelKeys, ActionNames, UnixTime.InZone(CreatedAt, zone), At(DeliveredAt), Failures,
                At(LastAttemptAt), (int?)LastStatus, LastError, Failures > 0 ? At(NextAttemptAt) : null, Version);
        }
    }

    private long Now => UnixTime.ToMilliseconds(clock.GetUtcNow());

    /// <summary>The site's webhooks; null when there is no such site.</summary>
    public async Task<IReadOnlyList<Stored>?> ListAsync(string siteKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM sites WHERE key = @siteKey", new { siteKey }) is null)
        {
            return null;
        }
        return (await connection.QueryAsync<Stored>(
            $"{Select} WHERE s.key = @siteKey ORDER BY w.id", new { siteKey })).ToList();
    }

    public async Task<Stored?> FindAsync(string siteKey, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Stored>(
            $"{Select} WHERE s.key = @siteKey AND w.id = @id", new { siteKey, id });
    }

    public enum WriteOutcome { Done, SiteNotFound, TooMany, Exists, ChannelNotFound, NotFound, Stale }

    /// <summary>
    /// Makes a webhook (<paramref name="input"/> normalized) that receives the changes after <paramref name="position"/>
    /// (the feed where it stands now), of its channels only when it names some (<see cref="WriteOutcome.ChannelNotFound"/>
    /// when one is not the site's).
    /// </summary>
    public Task<(WriteOutcome Outcome, Stored? Webhook)> CreateAsync(string siteKey, WebhookInput input, string nonce, string position,
        int maxPerSite, CancellationToken cancellationToken) =>
        database.WriteAsync<(WriteOutcome, Stored?)>(async (connection, transaction) =>
        {
            if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM sites WHERE key = @siteKey", new { siteKey }, transaction) is not { } siteId)
            {
                return (WriteOutcome.SiteNotFound, null);
            }
            // two made at once on PostgreSQL: the second counts after the first commits
            await database.LockAsync(connection, transaction, $"webhooks\n{siteId}");
            if (await connection.QuerySingleOrDefaultAsync<Stored>(
                    $"{Select} WHERE w.site_id = @siteId AND w.url = @Url",
                    new { siteId, input.Url }, transaction) is { } existing)
            {
                return (WriteOutcome.Exists, existing);
            }
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhooks WHERE site_id = @siteId", new { siteId }, transaction) >= maxPerSite)
            {
                return (WriteOutcome.TooMany, null);
            }
            if (!await ChannelsExistAsync(connection, transaction, siteId, input.Channels))
            {
                return (WriteOutcome.ChannelNotFound, null);
            }
            var now = Now;
            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO webhooks (site_id, url, description, nonce, position, created_at, next_attempt_at, channels, actions)
                VALUES (@siteId, @Url, @Description, @nonce, @position, @now, @now, @channels, @actions)
                RETURNING id
                """,
                new { siteId, input.Url, input.Description, nonce, position, now, channels = JsonColumn(input.Channels), actions = JsonColumn(input.Actions) },
                transaction);
            return (WriteOutcome.Done, await WrittenAsync(connection, transaction, id));
        }, cancellationToken);

    /// <summary>
    /// Gives a webhook a new url, description, channels and actions (<paramref name="input"/> normalized), keeping its
    /// secret, place in the feed and delivery state (a delivery under way finishes to the url it started with);
    /// <paramref name="expectedVersion"/> is checked when given.
    /// </summary>
    public Task<(WriteOutcome Outcome, Stored? Webhook)> ReplaceAsync(string siteKey, long id, long? expectedVersion, WebhookInput input,
        CancellationToken cancellationToken) =>
        database.WriteAsync<(WriteOutcome, Stored?)>(async (connection, transaction) =>
        {
            var current = await connection.QuerySingleOrDefaultAsync<(long SiteId, long Version)?>(
                "SELECT w.site_id, w.version FROM webhooks w JOIN sites s ON s.id = w.site_id WHERE s.key = @siteKey AND w.id = @id",
                new { siteKey, id }, transaction);
            if (current is not { } found)
            {
                return (WriteOutcome.NotFound, null);
            }
            if (expectedVersion is not null && expectedVersion != found.Version)
            {
                return (WriteOutcome.Stale, null);
            }
            // as a creation does: a url taken at the same moment is found below, not a unique index's error
            await database.LockAsync(connection, transaction, $"webhooks\n{found.SiteId}");
            if (await connection.QuerySingleOrDefaultAsync<Stored>(
                    $"{Select} WHERE w.site_id = @SiteId AND w.url = @Url AND w.id <> @id", new { found.SiteId, input.Url, id }, transaction) is { } other)
            {
                return (WriteOutcome.Exists, other);
            }
            if (!await ChannelsExistAsync(connection, transaction, found.SiteId, input.Channels))
            {
                return (WriteOutcome.ChannelNotFound, null);
            }
            // A new url is tried at once, not after the old one's back-off. None updated: changed in between (another
            // PUT, or a delete), the version named is no longer there. Without one (If-Match: *), whatever version is
            // there now: on PostgreSQL another PUT may land after the read above, and this client named no version.
            var updated = await connection.ExecuteAsync(
                """
                UPDATE webhooks SET next_attempt_at = CASE WHEN url = @Url THEN next_attempt_at ELSE @now END,
                       url = @Url, description = @Description, channels = @channels, actions = @actions, version = version + 1
                WHERE id = @id AND (@expectedVersion IS NULL OR version = @expectedVersion)
                """,
                new { id, input.Url, input.Description, channels = JsonColumn(input.Channels), actions = JsonColumn(input.Actions), expectedVersion, now = Now },
                transaction);
            return updated == 0 ? (WriteOutcome.Stale, null) : (WriteOutcome.Done, await WrittenAsync(connection, transaction, id));
        }, cancellationToken);

    /// <summary>Whether the site has every channel named (none named: yes).</summary>
    private async Task<bool> ChannelsExistAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        long siteId, IReadOnlyList<string>? channels)
    {
        if (channels is null)
        {
            return true;
        }
        var known = (await connection.QueryAsync<string>(
            $"SELECT key FROM channels WHERE site_id = @siteId AND {database.AnyOf("key", "@channels")}",
            new { siteId, channels = channels.ToArray() }, transaction)).ToHashSet(StringComparer.Ordinal);
        return channels.All(known.Contains);
    }

    private static string? JsonColumn(IReadOnlyList<string>? names) => names is null ? null : StoredJson.Write(names);

    /// <summary>Gives the webhook a new nonce (so a new secret); null when there is no such webhook.</summary>
    public Task<Stored?> RenewSecretAsync(string siteKey, long id, string nonce, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(
                "UPDATE webhooks SET nonce = @nonce WHERE id = @id AND site_id = (SELECT id FROM sites WHERE key = @siteKey)",
                new { siteKey, id, nonce }, transaction);
            return updated == 0 ? null : await WrittenAsync(connection, transaction, id);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string siteKey, long id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            "DELETE FROM webhooks WHERE id = @id AND site_id = (SELECT id FROM sites WHERE key = @siteKey)",
            new { siteKey, id }, transaction) > 0, cancellationToken);

    // ------------------------------------------------------------------ delivery

    /// <summary>Whether any site has a webhook: while none has, delivery does not look for due ones on every write.</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>("SELECT id FROM webhooks LIMIT 1") is not null;
    }

    /// <summary>The webhooks whose next delivery is due (idle ones always are) and that no instance is delivering.</summary>
    public async Task<IReadOnlyList<Stored>> DueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Stored>(
            $"""
            {Select}
            WHERE w.next_attempt_at <= @now AND (w.leased_until IS NULL OR w.leased_until < @now)
            ORDER BY w.next_attempt_at, w.id
            """,
            new { now = Now })).ToList();
    }

    /// <summary>
    /// Takes the webhook for a delivery until <paramref name="until"/>, when its position is still
    /// <paramref name="position"/> and no other instance holds it: false when another took it first.
    /// </summary>
    public Task<bool> LeaseAsync(long id, string position, DateTimeOffset until, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            """
            UPDATE webhooks SET leased_until = @until
            WHERE id = @id AND position = @position AND (leased_until IS NULL OR leased_until < @now)
            """,
            new { id, position, until = UnixTime.ToMilliseconds(until), now = Now }, transaction) == 1, cancellationToken);

    /// <summary>
    /// Records a delivery's outcome and lets go of the webhook: delivered, it moves on to <paramref name="position"/>
    /// (unless it was rewound since the delivery began: it then stays where the rewind put it); failed, it stays where it
    /// was, to be tried again at <paramref name="retryAt"/>. The attempt goes to its log.
    /// </summary>
    public Task RecordAsync(Stored webhook, string position, Attempt attempt, long retryAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(attempt.Delivered
                    ? """
                      UPDATE webhooks SET position = CASE WHEN rewinds = @Rewinds THEN @position ELSE position END, leased_until = NULL,
                             failures = 0, next_attempt_at = @now, last_attempt_at = @now, last_status = @Status, last_error = NULL,
                             delivered_at = @now
                      WHERE id = @Id
                      """
                    : """
                      UPDATE webhooks SET leased_until = NULL, failures = failures + 1, next_attempt_at = @retryAt,
                             last_attempt_at = @now, last_status = @Status, last_error = @Error
                      WHERE id = @Id
                      """,
                new { webhook.Id, webhook.Rewinds, position, now = Now, attempt.Status, attempt.Error, retryAt }, transaction);
            return await LogAsync(connection, transaction, webhook.Id, attempt);
        }, cancellationToken);

    /// <summary>
    /// Sends the webhook back to <paramref name="position"/> in its site's feed, to be delivered from there at once
    /// (its failures, and so its back-off, stay); null when the site has no such webhook.
    /// </summary>
    public Task<Stored?> RewindAsync(string siteKey, long id, string position, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(
                """
                UPDATE webhooks SET position = @position, rewinds = rewinds + 1, next_attempt_at = @now
                WHERE id = @id AND site_id = (SELECT id FROM sites WHERE key = @siteKey)
                """,
                new { siteKey, id, position, now = Now }, transaction);
            return updated == 0 ? null : await WrittenAsync(connection, transaction, id);
        }, cancellationToken);

    /// <summary>Moves an idle webhook's position on (nothing to send), unless another instance is delivering or did.</summary>
    public Task KeepAsync(long id, string from, string to, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE webhooks SET position = @to WHERE id = @id AND position = @from AND leased_until IS NULL",
            new { id, from, to }, transaction), cancellationToken);

    // ------------------------------------------------------------------ the log of attempts

    /// <summary>A delivery attempt as the log keeps it (its time in Unix milliseconds); <paramref name="Id"/> is 0 until logged.</summary>
    public sealed record Attempt(long Id, string MessageId, string Type, long Items, long AttemptedAt, long DurationMs, long? Status,
        string? Error, string? Answer)
    {
        /// <summary>Answered 2xx, as HttpResponseMessage.IsSuccessStatusCode has it.</summary>
        public bool Delivered => Status is >= 200 and <= 299;

        public WebhookAttempt ToAttempt(string timeZone) => new(Id, MessageId, Type, (int)Items,
            UnixTime.InZone(AttemptedAt, SiteTimeZone.Find(timeZone)), (int)DurationMs, Delivered, (int?)Status, Error, Answer);
    }

    /// <summary>Logs an attempt that changed nothing else (a ping); null when the webhook was deleted meanwhile.</summary>
    public Task<Attempt?> LogAsync(long id, Attempt attempt, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => LogAsync(connection, transaction, id, attempt), cancellationToken);

    /// <summary>Adds the attempt to the webhook's log (none when the webhook is gone) and lets the oldest beyond
    /// <c>Webhooks:KeepAttempts</c> go.</summary>
    private async Task<Attempt?> LogAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        long id, Attempt attempt)
    {
        var logged = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO webhook_attempts (webhook_id, message_id, type, items, attempted_at, duration_ms, status, error, answer)
            SELECT id, @MessageId, @Type, @Items, @AttemptedAt, @DurationMs, @Status, @Error, @Answer FROM webhooks WHERE id = @id
            RETURNING id
            """,
            new { id, attempt.MessageId, attempt.Type, attempt.Items, attempt.AttemptedAt, attempt.DurationMs, attempt.Status, attempt.Error, attempt.Answer },
            transaction);
        if (logged is null)
        {
            return null;
        }
        await connection.ExecuteAsync(
            """
            DELETE FROM webhook_attempts
            WHERE webhook_id = @id
              AND id < (SELECT MIN(id) FROM (SELECT id FROM webhook_attempts WHERE webhook_id = @id ORDER BY id DESC LIMIT @keep) newest)
            """,
            new { id, keep = options.Value.KeepAttempts }, transaction);
        return attempt with { Id = logged.Value };
    }

    /// <summary>The webhook's logged attempts, newest first; null when the site has no such webhook.</summary>
    public async Task<IReadOnlyList<WebhookAttempt>?> AttemptsAsync(string siteKey, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<string?>(
                "SELECT s.time_zone FROM webhooks w JOIN sites s ON s.id = w.site_id WHERE s.key = @siteKey AND w.id = @id",
                new { siteKey, id }) is not { } timeZone)
        {
            return null;
        }
        return (await connection.QueryAsync<Attempt>(
                """
                SELECT id, message_id, type, items, attempted_at, duration_ms, status, error, answer
                FROM webhook_attempts WHERE webhook_id = @id ORDER BY id DESC
                """, new { id }))
            .Select(a => a.ToAttempt(timeZone)).ToList();
    }
}
