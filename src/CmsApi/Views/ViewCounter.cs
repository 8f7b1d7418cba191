using System.Collections.Concurrent;
using CmsApi.Sites;
using Microsoft.Extensions.Options;

namespace CmsApi.Views;

/// <param name="ViewCount">The article's count (浏览次数): stored as of the last flush, plus the views this instance holds.</param>
/// <param name="Counted">False when this request was not counted (a reload within the window, or a crawler).</param>
public sealed record ArticleViews(long ViewCount, bool Counted);

/// <summary>
/// Counts views in memory and writes them in batches. A view costs a lock held for two dictionary updates; the database
/// sees one increment per article and one bucket upsert per article-day each flush interval, as <c>count = count + delta</c>,
/// so any number of instances can share one database. On a graceful stop every pending view is written; a crash
/// loses at most one flush interval of views. A flush that fails keeps its views pending for the next one.
/// </summary>
public sealed partial class ViewCounter : BackgroundService
{
    private readonly ViewStore store;
    private readonly PopularRankings rankings;
    private readonly VisitorWindow visitors;
    private readonly TimeProvider clock;
    private readonly IOptions<ViewOptions> options;
    private readonly ILogger<ViewCounter> logger;

    public ViewCounter(ViewStore store, PopularRankings rankings, VisitorWindow visitors, TimeProvider clock,
        IOptions<ViewOptions> options, ILogger<ViewCounter> logger, Data.ContentChanges changes)
    {
        (this.store, this.rankings, this.visitors, this.clock, this.options, this.logger) =
            (store, rankings, visitors, clock, options, logger);
        // An article unpublished, trashed or purged here stops counting at once, not when the cached answer expires.
        changes.Changed += change =>
        {
            if (change.ArticleId is { } id)
            {
                _targets.TryRemove((change.Site, id), out _);
            }
        };
    }

    private readonly Lock _gate = new();
    // One flush at a time: a flush that finds another writing waits for it, so that when FlushAsync returns, every
    // view counted before the call is stored (a stop must not return while the timer's flush is still writing).
    // Not disposed: it holds no wait handle, and a host may dispose services while a stop is still flushing.
    private readonly SemaphoreSlim _flushTurn = new(1, 1);
    private Dictionary<(long Article, int Day), long> _pending = [];
    private Dictionary<long, long> _pendingByArticle = [];
    // Views being written: still part of every answer until the flush's stored totals are known.
    private Dictionary<long, long> _flushing = [];
    private readonly Dictionary<long, long> _stored = [];
    private readonly ConcurrentDictionary<(string Site, long Id), (ViewStore.Target Target, long Until)> _targets = new();

    /// <summary>Counts one view of a published article; null when the article is not (or not yet) visible.</summary>
    public async Task<ArticleViews?> CountAsync(string site, long id, HttpContext http, CancellationToken cancellationToken)
    {
        if (await VisibleAsync(site, id, cancellationToken) is not { } target)
        {
            return null;
        }
        var counted = !Crawlers.IsCrawler(http.Request.Headers.UserAgent) && visitors.IsFirstView(target.Id, VisitorWindow.Identify(http));
        var day = Day(target.Zone);
        lock (_gate)
        {
            if (counted)
            {
                _pending[(target.Id, day)] = _pending.GetValueOrDefault((target.Id, day)) + 1;
                _pendingByArticle[target.Id] = _pendingByArticle.GetValueOrDefault(target.Id) + 1;
            }
            return new ArticleViews(TotalLocked(target), counted);
        }
    }

    /// <summary>The count of a published article; null when it is not visible.</summary>
    public async Task<long?> CurrentAsync(string site, long id, CancellationToken cancellationToken)
    {
        if (await VisibleAsync(site, id, cancellationToken) is not { } target)
        {
            return null;
        }
        lock (_gate)
        {
            return TotalLocked(target);
        }
    }

    /// <summary>
    /// Writes every pending view now, then has the popular rankings computed again; returns when the views are stored
    /// (or kept pending after a failure) and the rankings show them.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken) => FlushAsync(refreshRankings: true, cancellationToken);

    private async Task FlushAsync(bool refreshRankings, CancellationToken cancellationToken)
    {
        await _flushTurn.WaitAsync(cancellationToken);
        try
        {
            await StoreAsync(cancellationToken);
            if (refreshRankings)
            {
                await rankings.RefreshAsync(options.Value.FlushInterval, cancellationToken);
            }
        }
        finally
        {
            _flushTurn.Release();
        }
    }

    private async Task StoreAsync(CancellationToken cancellationToken)
    {
        Dictionary<(long, int), long> batch;
        Dictionary<long, long> byArticle;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            (batch, _pending) = (_pending, []);
            (byArticle, _pendingByArticle) = (_pendingByArticle, []);
            _flushing = byArticle;
        }
        try
        {
            var totals = await store.AddAsync(batch, cancellationToken);
            lock (_gate)
            {
                foreach (var (article, total) in totals)
                {
                    Remember(article, total);
                }
                _flushing = [];
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFlushFailed(logger, ex, batch.Values.Sum());
            lock (_gate)
            {
                foreach (var (key, count) in batch)
                {
                    _pending[key] = _pending.GetValueOrDefault(key) + count;
                }
                foreach (var (article, count) in byArticle)
                {
                    _pendingByArticle[article] = _pendingByArticle.GetValueOrDefault(article) + count;
                }
                _flushing = [];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, clock);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                if (++ticks % 60 == 0)
                {
                    visitors.Sweep();
                    SweepTargets();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync writes what is left
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(refreshRankings: false, CancellationToken.None);
        lock (_gate)
        {
            if (_pending.Count > 0)
            {
                LogLostOnStop(logger, _pending.Values.Sum());
            }
        }
    }

    private async Task<ViewStore.Target?> VisibleAsync(string site, long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!_targets.TryGetValue((site, id), out var cached) || cached.Until <= now)
        {
            var target = await store.FindAsync(site, id, cancellationToken);
            cached = (target!, now + (long)options.Value.ArticleCacheTime.TotalMilliseconds);
            if (target is null)
            {
                return null;
            }
            _targets[(site, id)] = cached;
            lock (_gate)
            {
                // A read racing a flush may or may not include the batch in flight; the flush's own totals will tell.
                if (_flushing.Count == 0)
                {
                    Remember(target.Id, target.ViewCount);
                }
            }
        }
        var t = cached.Target;
        return t.Status == "published" && t.PublishedAt <= now ? t : null;
    }

    private long TotalLocked(ViewStore.Target target) =>
        _stored.GetValueOrDefault(target.Id, target.ViewCount) + _flushing.GetValueOrDefault(target.Id) +
        _pendingByArticle.GetValueOrDefault(target.Id);

    /// <summary>Counts only grow: a read older than the last flush must not lower what this instance knows.</summary>
    private void Remember(long article, long stored) =>
        _stored[article] = Math.Max(stored, _stored.GetValueOrDefault(article));

    private void SweepTargets()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (key, value) in _targets)
        {
            if (value.Until <= now)
            {
                _targets.TryRemove(new KeyValuePair<(string, long), (ViewStore.Target, long)>(key, value));
            }
        }
    }

    /// <summary>The day of a view, yyyymmdd in the site's time zone.</summary>
    public int Day(TimeZoneInfo zone) => DayNumber(SiteTimeZone.Today(clock, zone));

    public static int DayNumber(DateOnly day) => day.Year * 10_000 + day.Month * 100 + day.Day;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Views} view(s) failed; they stay pending for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, long views);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Views} view(s) could not be written before stopping and are lost")]
    private static partial void LogLostOnStop(ILogger logger, long views);
}
