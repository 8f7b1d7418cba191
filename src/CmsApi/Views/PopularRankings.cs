using System.Collections.Concurrent;
using CmsApi.Caching;
using Microsoft.Extensions.Options;
using Ranking = System.Collections.Generic.IReadOnlyList<(CmsApi.Articles.ArticleSummary Article, long Views)>;

namespace CmsApi.Views;

/// <summary>
/// The rankings of <c>…/popular</c>, kept in memory and computed again in the background. After each flush (whether
/// or not it stored views: other instances store views too) the view counter has the rankings asked for in the last
/// minute computed again, as many as a flush interval allows, the oldest first, and only then moves
/// <see cref="Version"/>: until a new ranking is ready, readers get the one before. (Were a flush to retire the
/// answer instead, the readers after it would wait for the ranking: about 100 ms for 30 days at a million articles,
/// the route's p99.) Readers still wait for it the first time and after a write to the site (a ranking shows titles,
/// and only public articles). A window of days moves to a new day at the first flush after midnight.
/// </summary>
public sealed partial class PopularRankings(ViewStore store, SiteGenerations generations, ChangeFeedHealth health,
    IOptions<CacheOptions> cache, TimeProvider clock, ILogger<PopularRankings> logger)
{
    /// <summary>Bounds memory (50 summaries are up to about 50 KB) and a refresh's work; beyond it, rankings are computed each time.</summary>
    public const int MaxKept = 200;

    private static readonly TimeSpan KeptUnasked = TimeSpan.FromMinutes(1);

    private sealed record Key(string Site, int? Days, string? Channel, int Limit);

    /// <param name="generation">The site's generation read before the ranking was computed.</param>
    /// <param name="ranking">Computed once, by the first reader or refresh that needs it.</param>
    /// <param name="since">When it was made (<see cref="TimeProvider.GetTimestamp"/>): refreshes take the oldest first.</param>
    private sealed class Kept(string generation, Lazy<Task<Ranking?>> ranking, long since)
    {
        public string Generation { get; } = generation;
        public Lazy<Task<Ranking?>> Ranking { get; } = ranking;
        public long Since { get; } = since;
        public long LastAsked; // ms
    }

    private readonly ConcurrentDictionary<Key, Kept> _kept = new();
    private long _version;

    /// <summary>Moves when kept rankings were computed again: part of the output cache's key for these answers.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>The ranking; null when the site, or the channel asked for, does not exist.</summary>
    public async Task<Ranking?> GetAsync(string site, int? days, string? channel, int limit, CancellationToken cancellationToken)
    {
        // Computed for this reader alone with caching off, while another instance's writes may go unheard (as cached
        // answers are), and once the table is full.
        var key = new Key(site, days, channel, limit);
        var kept = cache.Value.Enabled && health.Trusted ? Keep(key, await generations.CurrentAsync(site, cancellationToken)) : null;
        if (kept is null)
        {
            return await store.PopularAsync(site, days, channel, limit, cancellationToken);
        }
        kept.LastAsked = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Ranking? ranking;
        try
        {
            // Computed without the reader's token: other readers may be waiting for it.
            ranking = await kept.Ranking.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _kept.TryRemove(new KeyValuePair<Key, Kept>(key, kept)); // the next reader tries again
            throw;
        }
        if (ranking is null)
        {
            _kept.TryRemove(new KeyValuePair<Key, Kept>(key, kept)); // no such site or channel: made-up keys must not fill the table
        }
        return ranking;
    }

    /// <summary>
    /// The ranking kept for this generation of the site, else a new one to compute, kept in its place (so that readers
    /// who miss together wait for one computation); null when the table is full.
    /// </summary>
    private Kept? Keep(Key key, string generation)
    {
        while (true)
        {
            if (_kept.TryGetValue(key, out var found))
            {
                if (found.Generation == generation)
                {
                    return found;
                }
                var replacing = Compute(key, generation);
                if (_kept.TryUpdate(key, replacing, found))
                {
                    return replacing;
                }
            }
            else
            {
                if (_kept.Count >= MaxKept)
                {
                    return null;
                }
                var adding = Compute(key, generation);
                if (_kept.TryAdd(key, adding))
                {
                    return adding;
                }
            }
        }
    }

    /// <summary>
    /// Computes again the rankings asked for in the last minute (with today's window), the oldest first, for as long as
    /// <paramref name="budget"/> lasts, and forgets the others; then moves <see cref="Version"/>, kept rankings or not:
    /// the answers in the output cache are computed again too. The budget keeps the view counter's flushes on time
    /// however many rankings are kept: a window costs about 100 ms at a million articles whatever the site (the day
    /// entries of every site are summed), and 50 sites with three rankings each would take 15 s; those not reached
    /// are the first next time.
    /// </summary>
    public async Task RefreshAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        Forget();
        var started = clock.GetTimestamp();
        foreach (var (key, kept) in _kept.ToArray().OrderBy(k => k.Value.Since))
        {
            if (clock.GetElapsedTime(started) >= budget)
            {
                break;
            }
            try
            {
                // The site's generation before computing: a write meanwhile leaves this ranking behind it, never ahead.
                var fresh = Compute(key, await generations.CurrentAsync(key.Site, cancellationToken));
                await fresh.Ranking.Value;
                fresh.LastAsked = kept.LastAsked;
                _kept.TryUpdate(key, fresh, kept);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogRefreshFailed(logger, ex, key.Site);
                _kept.TryRemove(new KeyValuePair<Key, Kept>(key, kept)); // the next reader computes it, and sees the error
            }
        }
        Interlocked.Increment(ref _version);
    }

    /// <summary>Forgets the rankings nobody asked for in the last minute.</summary>
    private void Forget()
    {
        var before = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)KeptUnasked.TotalMilliseconds;
        foreach (var (key, kept) in _kept)
        {
            if (kept.LastAsked < before)
            {
                _kept.TryRemove(new KeyValuePair<Key, Kept>(key, kept));
            }
        }
    }

    private Kept Compute(Key key, string generation) =>
        new(generation, new Lazy<Task<Ranking?>>(
            () => store.PopularAsync(key.Site, key.Days, key.Channel, key.Limit, CancellationToken.None)), clock.GetTimestamp());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing a popular ranking of site {Site} again failed; it is computed when next asked for")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string site);
}
