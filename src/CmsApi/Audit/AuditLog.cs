using System.Text.RegularExpressions;
using System.Threading.Channels;
using CmsApi.Auth;
using CmsApi.Data;
using CmsApi.Sites;
using Dapper;
using Microsoft.Extensions.Options;

namespace CmsApi.Audit;

/// <summary>
/// 操作日志 in SQL: each request that tried to change something through a route that needs a key is queued as it ends
/// and written with the others queued within a quarter second, in one transaction (writes cost one more write a quarter
/// second, not one each); entries older than <see cref="AuditOptions.Keep"/> are deleted hourly. No route changes or deletes one.
/// </summary>
public sealed partial class AuditLog(Database database, TimeProvider clock, IOptions<AuditOptions> options, ILogger<AuditLog> logger)
    : BackgroundService
{
    /// <summary>Most entries one transaction writes.</summary>
    private const int Batch = 500;

    /// <summary>
    /// How long entries gather after the first before they are written: one editor's writes one after another would
    /// otherwise each bring a transaction of the log along (0.76× the creates a second at one connection, written at
    /// once; docs/performance.md).
    /// </summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(250);

    private volatile bool stopping;

    // Bounded: a database that cannot keep up slows the writes it logs rather than lose their entries.
    private readonly Channel<Entry> queue = Channel.CreateBounded<Entry>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>An entry to write (its time in Unix milliseconds).</summary>
    public sealed record Entry(long At, string? Actor, string? Site, string Method, string Route, string Path, int Status, string? Ip, string TraceId,
        string? Articles = null);

    /// <summary>Whether a request is one the log keeps: a POST, PUT, PATCH or DELETE of a route that needs a key, whether
    /// or not it presented one, and a read of a route marked <see cref="AuditedRead"/> (a bulk export); other reads, the
    /// public view counter and unknown routes are not.</summary>
    public static bool Keeps(HttpContext http) =>
        http.GetEndpoint()?.Metadata is { } metadata && metadata.GetMetadata<RequiredScope>() is not null
        && (metadata.GetMetadata<AuditedRead>() is not null
            || !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method));

    private const string SiteItem = "audit.site";

    /// <summary>Names the site a request acted on whose route has no <c>{site}</c> (making a site), for its entry.</summary>
    public static void NameSite(HttpContext http, string? site) => http.Items[SiteItem] = site;

    private const string ArticlesItem = "audit.articles";

    /// <summary>Names the articles a request of several acted on, whose ids its path does not hold, for its entry.</summary>
    public static void NameArticles(HttpContext http, IEnumerable<long> ids) => http.Items[ArticlesItem] = StoredJson.Write(ids.ToList());

    /// <summary>The entry of a request that ended with <paramref name="status"/>.</summary>
    public Entry EntryOf(HttpContext http, DateTimeOffset at, int status)
    {
        // with the query: what an import or an export was asked for (status=draft) is part of what was done
        var path = (http.Request.Path.Value ?? "") + http.Request.QueryString.Value;
        return new Entry(UnixTime.ToMilliseconds(at), Scopes.KeyPrefix(http.User), http.GetRouteValue("site") as string ?? http.Items[SiteItem] as string,
            http.Request.Method, Pattern(http), path.Length > 500 ? path[..500] : path, status, http.Connection.RemoteIpAddress?.ToString(),
            System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier, http.Items[ArticlesItem] as string);
    }

    /// <summary>The route's pattern without its constraints, or the trailing slash of a group's own route:
    /// /api/v1/sites/{site}/articles/{id}/publish.</summary>
    private static string Pattern(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } raw } ? Constraints().Replace(raw, "{$1}").TrimEnd('/') : http.Request.Path.Value ?? "";

    [GeneratedRegex(@"\{([^}:=?]+)[^}]*\}")]
    private static partial Regex Constraints();

    /// <summary>Queues the entry; once the service is stopping, writes it at once.</summary>
    public async ValueTask AddAsync(Entry entry)
    {
        try
        {
            await queue.Writer.WriteAsync(entry);
        }
        catch (ChannelClosedException)
        {
            await WriteAsync([entry], CancellationToken.None); // a request still ending while the host stops
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(WriteQueuedAsync(), PruneAsync(stoppingToken));

    /// <summary>Stops taking entries; what was queued is written before the service stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Writes what is queued, batch after batch, until the queue is closed and empty.</summary>
    private async Task WriteQueuedAsync()
    {
        await Task.Yield(); // not on the start-up path
        var batch = new List<Entry>(Batch);
        while (await queue.Reader.WaitToReadAsync())
        {
            if (!stopping)
            {
                await Task.Delay(Gather); // real time, whatever clock the service runs on (tests move theirs by hand)
            }
            while (batch.Count < Batch && queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            while (true) // until the database takes them: entries are not dropped
            {
                try
                {
                    await WriteAsync(batch, CancellationToken.None);
                    break;
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
                {
                    LogWriteFailed(ex, batch.Count); // kept in memory meanwhile; requests wait once the queue is full
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
            batch.Clear();
        }
    }

    private Task<int> WriteAsync(IReadOnlyList<Entry> entries, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            INSERT INTO audit_events (at, actor, site, method, route, path, status, ip, trace_id, articles)
            VALUES (@At, @Actor, @Site, @Method, @Route, @Path, @Status, @Ip, @TraceId, @Articles)
            """, entries, transaction), cancellationToken);

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
            do
            {
                try
                {
                    var before = UnixTime.ToMilliseconds(clock.GetUtcNow() - options.Value.Keep);
                    await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
                        "DELETE FROM audit_events WHERE at < @before", new { before }, transaction), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPruneFailed(ex); // kept until the next hour
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Which entries to read: of <paramref name="Site"/>, of the key <paramref name="Actor"/>, from and until
    /// (Unix milliseconds), before the entry <paramref name="BeforeId"/>, each when given, and of <paramref name="Sites"/>
    /// only when given (a key limited to sites).</summary>
    public sealed record Filter(string? Site, string? Actor, long? From, long? Until, long? BeforeId, IReadOnlyList<string>? Sites);

    /// <summary>The entries the filter lets through, newest first, up to <paramref name="limit"/> when given; read as they
    /// are enumerated (an export of months holds one row in memory at a time).</summary>
    public async IAsyncEnumerable<AuditEvent> ReadAsync(Filter filter, int? limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var conditions = new[]
        {
            filter.BeforeId is null ? null : "e.id < @BeforeId",
            filter.Sites is null ? null : database.AnyOf("e.site", "@sites"),
            filter.Site is null ? null : "e.site = @Site",
            filter.Actor is null ? null : "e.actor = @Actor",
            filter.From is null ? null : "e.at >= @From",
            filter.Until is null ? null : "e.at < @Until",
        }.OfType<string>().ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<Row>(
            $"""
            SELECT e.id, e.at, e.actor, e.site, e.method, e.route, e.path, e.status, e.ip, e.trace_id, s.time_zone, e.articles
            FROM audit_events e LEFT JOIN sites s ON s.key = e.site
            {(conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))}
            ORDER BY e.id DESC
            {(limit is null ? "" : "LIMIT @limit")}
            """,
            new { filter.BeforeId, sites = filter.Sites?.ToArray(), filter.Site, filter.Actor, filter.From, filter.Until, limit });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.ToEvent();
        }
    }

    private sealed record Row(long Id, long At, string? Actor, string? Site, string Method, string Route, string Path, long Status, string? Ip,
        string TraceId, string? TimeZone, string? Articles)
    {
        public AuditEvent ToEvent() => new(Id, UnixTime.InZone(At, TimeZone is null ? TimeZoneInfo.Utc : SiteTimeZone.Find(TimeZone)), Actor, Site,
            Method, Route, Path, (int)Status, Ip, TraceId, Articles is null ? null : StoredJson.Read<List<long>>(Articles));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit log entries; trying again")]
    private partial void LogWriteFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old audit log entries; trying again in an hour")]
    private partial void LogPruneFailed(Exception exception);
}

/// <summary>
/// A read the audit log keeps as it keeps changes: one that hands over a site's content in bulk (归档导出, drafts
/// included), which 等保 counts among the important acts of a user.
/// </summary>
public sealed record AuditedRead
{
    public static readonly AuditedRead Instance = new();
}

public static class AuditedReadExtensions
{
    public static RouteHandlerBuilder WithAuditedRead(this RouteHandlerBuilder builder) => builder.WithMetadata(AuditedRead.Instance);
}
