using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CmsApi.Caching;
using CmsApi.Data;
using CmsApi.Http;
using CmsApi.Sites;
using Dapper;
using Microsoft.Extensions.Options;

namespace CmsApi.Changes;

/// <summary>
/// The changes feed in SQL: one row per committed change to what the public sees, written in the change's own
/// transaction (<see cref="CommitAsync"/>), so that the feed misses none, and read back in commit order, together with
/// the scheduled articles that came due since the reader last asked (those change what the public sees without a write).
/// </summary>
public sealed class ChangeLog(Database database, TimeProvider clock, ContentChanges changes, IOptions<ChangesOptions> options)
{
    /// <summary>
    /// Commits a write that changed what the public sees: records its changes in its transaction, commits, and then
    /// tells this process (and, through it, the other instances) so that cached answers move on.
    /// </summary>
    public async Task CommitAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ContentChange> made,
        CancellationToken cancellationToken)
    {
        var now = Now;
        var recorded = new List<ContentChange>(made.Count);
        foreach (var change in made)
        {
            var number = await connection.ExecuteScalarAsync<long>(
                $"""
                INSERT INTO content_changes (tx, site_key, article_id, changed_at, channel_key, moved_from, action, version, related)
                VALUES ({WritingTransaction}, @Site, @ArticleId, @now, @Channel, @MovedFrom, @Action, @Version, @related)
                RETURNING id
                """,
                new
                {
                    change.Site, change.ArticleId, now, change.Channel, change.MovedFrom, change.Action, change.Version,
                    related = change.Related is { Count: > 0 } related ? StoredJson.Write(related) : null, // none for most
                }, transaction);
            recorded.Add(change with { Number = number });
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var change in recorded)
        {
            changes.Announce(change);
        }
    }

    /// <summary>
    /// PostgreSQL commits transactions side by side, in another order than their rows were numbered: the writing
    /// transaction's id lets <see cref="ReadAsync"/> hold back the changes of any transaction that may still be running.
    /// SQLite commits one writer at a time, so the row's number alone is the commit order.
    /// </summary>
    private string WritingTransaction => database.Dialect == Dialect.Postgres ? "pg_current_xact_id()::text::bigint" : "0";

    /// <summary>
    /// The rows after a position up to the <c>horizon</c>, in commit order: by (transaction id, row) below the oldest
    /// transaction still running on PostgreSQL; by row number alone on SQLite, which would scan every row from the
    /// first for the row value comparison (it ranges over the leading column only, and there every row's is 0).
    /// </summary>
    private string WrittenAfter(IReadOnlyList<string>? sites, bool belowHorizon = true) =>
        (database.Dialect == Dialect.Postgres
            ? "WHERE (c.tx, c.id) > (@Tx, @Id)" + (belowHorizon ? " AND c.tx < @horizon" : "")
            : "WHERE c.id > @Id" + (belowHorizon ? " AND c.id <= @horizon" : "")) +
        (sites is null ? "" : $" AND {database.AnyOf("c.site_key", "@sites")}") +
        (database.Dialect == Dialect.Postgres ? " ORDER BY c.tx, c.id" : " ORDER BY c.id");

    private long Now => UnixTime.ToMilliseconds(clock.GetUtcNow());

    /// <summary>A position in the feed: after the change (<paramref name="Tx"/>, <paramref name="Id"/>), and after the
    /// articles that came due up to (<paramref name="DueAt"/>, <paramref name="DueId"/>), in the feed of the sites
    /// that <paramref name="Sites"/> names (<see cref="SitesMark"/>; null for all sites). A position in one site's feed
    /// has passed the other sites' changes, so it is no cursor for another feed.</summary>
    public sealed record Position(long Tx, long Id, long DueAt, long DueId, string? Sites = null)
    {
        public string Encode() => OpaqueTokens.Encode(new Wire(Tx, Id, DueAt, DueId, Sites));

        public static Position? Decode(string? text) =>
            OpaqueTokens.Decode<Wire>(text) is { T: >= 0, I: >= 0, D: > 0, J: >= 0 } wire
                ? new Position(wire.T, wire.I, wire.D, wire.J, wire.S)
                : null;

        private sealed record Wire(long T, long I, long D, long J, string? S = null);
    }

    /// <summary>A short mark of a set of sites for a cursor (a hash: a key may be limited to a hundred sites); null for all.</summary>
    public static string? SitesMark(IReadOnlyList<string>? sites) => sites is null
        ? null
        : Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sites.Order(StringComparer.Ordinal)))).AsSpan(0, 9));

    /// <summary>Whether a cursor is too old to follow: changes after it may have been deleted.</summary>
    public bool Expired(Position position) => position.DueAt < Now - (long)options.Value.Keep.TotalMilliseconds;

    /// <summary>
    /// Up to <paramref name="limit"/> changes of <paramref name="sites"/> (null: of every site) after
    /// <paramref name="after"/> (null: from now on, with no items; else a position of the same sites' feed), and the
    /// position after them.
    /// </summary>
    public async Task<(IReadOnlyList<Change> Items, Position Next)> ReadAsync(Position? after, int limit, IReadOnlyList<string>? sites,
        CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        if (after is null)
        {
            return ([], await StartAsync(connection, now) with { Sites = SitesMark(sites) });
        }
        var (written, next) = await WrittenAfterAsync(connection, after, limit, sites);
        var items = written.Select(row => Item(row.Change, row.ChangedAt, row.TimeZone, ChangeCause.Write)).ToList();
        if (items.Count == limit)
        {
            return (items, next);
        }

        // Articles published for a time that has come since, and not written since it came: a write would be above.
        var rest = limit - items.Count;
        var due = (await connection.QueryAsync<DueRow>(
            $"""
            SELECT a.id, a.published_at, s.key AS site_key, s.time_zone, c.key AS channel_key
            FROM sites s {database.JoinInOrder} articles a {database.IndexedBy("ix_articles_site_listing")} ON a.site_id = s.id
            JOIN channels c ON c.id = a.channel_id
            WHERE a.status = 'published' AND a.published_at >= @DueAt AND a.published_at <= @now
              AND (a.published_at, a.id) > (@DueAt, @DueId) AND a.published_at > a.updated_at{(sites is null ? "" : $" AND {database.AnyOf("s.key", "@sites")}")}
            ORDER BY a.published_at, a.id
            LIMIT @rest
            """,
            new { after.DueAt, after.DueId, now, rest, sites })).ToList();
        // their 相关文章 partners' …/related change as they become public, as on a write
        var linked = await Articles.ArticleStore.LinkedAsync(database, connection, null, [.. due.Select(row => row.Id)]);
        items.AddRange(due.Select(row => Item(new ContentChange(row.SiteKey, row.Id, Channel: row.ChannelKey, Related: [.. linked[row.Id]]),
            row.PublishedAt, row.TimeZone, ChangeCause.Due)));
        next = due.Count == rest
            ? next with { DueAt = due[^1].PublishedAt, DueId = due[^1].Id }
            : next with { DueAt = now, DueId = long.MaxValue }; // all that came due by now
        return (items, next);
    }

    /// <summary>Where the log stands now: the position a reader starts from to see what changes from now on.</summary>
    public async Task<Position> StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await StartAsync(connection, Now);
    }

    /// <summary>On PostgreSQL, below the oldest transaction still running: changes of transactions that may commit later
    /// than others numbered after them come later too.</summary>
    private async Task<Position> StartAsync(DbConnection connection, long now) => database.Dialect == Dialect.Postgres
        ? new Position(Math.Max(await SettledAsync(connection) - 1, 0), long.MaxValue, now, long.MaxValue)
        : new Position(0, await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM content_changes"), now, long.MaxValue);

    /// <summary>
    /// A position in the feed of <paramref name="sites"/> before every change recorded at <paramref name="from"/> or
    /// later and every article that came due then or since: where a webhook is sent back to, to have them delivered
    /// again. A few changes from just before may follow it too (at least once, as every delivery).
    /// </summary>
    public async Task<Position> SinceAsync(DateTimeOffset from, IReadOnlyList<string> sites, CancellationToken cancellationToken)
    {
        var since = UnixTime.ToMilliseconds(from);
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = await StartAsync(connection, Now);
        var first = await connection.QuerySingleOrDefaultAsync<(long Tx, long Id)?>(
            $"SELECT tx, id FROM content_changes WHERE changed_at >= @since ORDER BY {(database.Dialect == Dialect.Postgres ? "tx, " : "")}id LIMIT 1",
            new { since });
        // never past where the log stands now: on PostgreSQL a transaction still running may yet add changes before it
        var before = first is { } row && (row.Tx, row.Id - 1).CompareTo((now.Tx, now.Id)) < 0 ? (row.Tx, Id: row.Id - 1) : (now.Tx, now.Id);
        return new Position(before.Tx, before.Id, since, DueId: 0, SitesMark(sites));
    }

    /// <summary>Up to <paramref name="limit"/> recorded changes after <paramref name="after"/>, in commit order.</summary>
    public async Task<IReadOnlyList<Written>> WrittenAfterAsync(Position after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await WrittenAfterAsync(connection, after, limit, sites: null)).Rows;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> recorded changes of <paramref name="sites"/> (null: all) after
    /// <paramref name="after"/>, and the position after them: the last one's on a full page, else the horizon, past
    /// every change (of any site) this read could see, so that a feed of few sites does not read the others' again.
    /// </summary>
    private async Task<(List<Written> Rows, Position Next)> WrittenAfterAsync(DbConnection connection, Position after, int limit,
        IReadOnlyList<string>? sites)
    {
        // Read before the rows, the horizon below which every change has committed and is visible to the query that
        // follows: on PostgreSQL the oldest transaction still running (one may commit later than another numbered after
        // it); on SQLite, where writers commit one at a time, the last row.
        var horizon = database.Dialect == Dialect.Postgres
            ? await SettledAsync(connection)
            : await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM content_changes");
        var rows = (await connection.QueryAsync<Written>(
            $"""
            {WrittenSelect}
            {WrittenAfter(sites)}
            LIMIT @limit
            """,
            new { after.Tx, after.Id, horizon, limit, sites })).ToList();
        return (rows, rows.Count == limit ? after with { Tx = rows[^1].Tx, Id = rows[^1].Id }
            : database.Dialect == Dialect.Postgres ? after with { Tx = Math.Max(after.Tx, horizon - 1), Id = long.MaxValue }
            : after with { Id = Math.Max(after.Id, horizon) });
    }

    /// <summary>
    /// Up to <paramref name="limit"/> changes after <paramref name="after"/> that have committed, those of transactions
    /// that committed while an older one still runs included: what an instance that may have missed their notices must
    /// announce (<see cref="ChangeFeed"/>). Not a place to read on from (an older transaction may yet add rows before them).
    /// </summary>
    public async Task<IReadOnlyList<Written>> CommittedAfterAsync(Position after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Written>(
            $"""
            {WrittenSelect}
            {WrittenAfter(sites: null, belowHorizon: false)}
            LIMIT @limit
            """,
            new { after.Tx, after.Id, limit })).ToList();
    }

    private const string WrittenSelect =
        """
        SELECT c.tx, c.id, c.site_key, c.article_id, c.changed_at, s.time_zone, c.channel_key, c.moved_from, c.action, c.version,
               c.related
        FROM content_changes c LEFT JOIN sites s ON s.key = c.site_key
        """;

    private static Task<long> SettledAsync(DbConnection connection) =>
        connection.ExecuteScalarAsync<long>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint");

    private static Change Item(ContentChange change, long at, string? timeZone, ChangeCause cause) =>
        new(change.Site, change.ArticleId, change.Channel, change.MovedFrom, UnixTime.InZone(at, timeZone is null ? TimeZoneInfo.Utc : SiteTimeZone.Find(timeZone)),
            cause, change.Action, change.Version, change.Related ?? [], PublicReadPolicy.Retires(change));

    /// <summary>Deletes the changes no valid cursor can still be before (<see cref="ChangesOptions.Keep"/> and a day).</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "DELETE FROM content_changes WHERE changed_at < @before",
            new { before = Now - (long)(options.Value.Keep + TimeSpan.FromDays(1)).TotalMilliseconds }, transaction), cancellationToken);

    /// <summary>A recorded change: its position (<paramref name="Tx"/>, <paramref name="Id"/>), what changed, when, and
    /// the site's time zone (null when the site is gone), the article's channel and the one the change moved it from,
    /// what the write did and the article's version after it, and the other articles whose 相关文章 it may have changed
    /// (a JSON array).</summary>
    public sealed record Written(long Tx, long Id, string SiteKey, long? ArticleId, long ChangedAt, string? TimeZone, string? ChannelKey,
        string? MovedFrom, string? Action, long? Version, string? Related)
    {
        public ContentChange Change => new(SiteKey, ArticleId, Number: Id, Channel: ChannelKey, MovedFrom: MovedFrom, Action: Action, Version: Version,
            Related: Related is null ? null : StoredJson.Read<long[]>(Related));
    }

    private sealed record DueRow(long Id, long PublishedAt, string SiteKey, string TimeZone, string ChannelKey);
}
