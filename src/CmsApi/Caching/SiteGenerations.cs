using System.Collections.Concurrent;
using System.Globalization;
using CmsApi.Data;
using Dapper;

namespace CmsApi.Caching;

/// <summary>
/// A number per site that changes whenever what the public sees of the site may have changed: on every committed
/// write (announced through <see cref="ContentChanges"/>), and when the site's next scheduled article comes due.
/// Cached answers are keyed by it, so an answer computed before a change can never be found after it, whatever the
/// order of reads and writes (an answer read before a commit but stored after it is stored under the old number).
/// An article's own answers (by id) show that article and the site's settings and channels, nothing of the other
/// articles: they are keyed by <see cref="ForArticleAsync"/> instead, which a write to another article leaves alone,
/// so a portal publishing through the day keeps its article pages cached.
/// </summary>
public sealed class SiteGenerations
{
    private readonly Database _database;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);
    // The number of the last write to each article, by id modulo the length: two articles sharing a slot only means
    // that a write to one also retires the other's answers. 64 KB, however many articles.
    private readonly long[] _articles = new long[8192];
    private long _counter;

    /// <param name="Generation">Unique in this process; changes with anything of the site.</param>
    /// <param name="Settings">The number of the last change to the site itself (settings, channels), not to its articles.</param>
    /// <param name="NextDueAt">When the next scheduled article becomes public (ms); null when not known yet.</param>
    private sealed record State(long Generation, long Settings, long? NextDueAt);

    private sealed record SiteSchedule(long SiteId, long NextDueAt);

    public SiteGenerations(Database database, TimeProvider clock, ContentChanges changes)
    {
        _database = database;
        _clock = clock;
        changes.Changed += Changed;
    }

    /// <summary>Raised after a write changed a site's number, to drop the answers it retired from memory early.</summary>
    public event Action<ContentChange>? SiteChanged;

    public void Changed(ContentChange change)
    {
        var generation = Interlocked.Increment(ref _counter);
        if (change.ArticleId is { } id)
        {
            Volatile.Write(ref _articles[Slot(id)], generation);
        }
        _states.AddOrUpdate(change.Site,
            static (_, a) => new State(a.Generation, a.Generation, null),
            static (_, seen, a) => new State(a.Generation, a.ArticleWrite ? seen.Settings : a.Generation, null),
            (Generation: generation, ArticleWrite: change.ArticleId is not null));
        SiteChanged?.Invoke(change);
    }

    /// <summary>Every site's answers become unreachable (when change notices may have been missed).</summary>
    public void ChangedAll()
    {
        foreach (var site in _states.Keys)
        {
            Changed(new ContentChange(site));
        }
    }

    /// <summary>
    /// The key part of the answers that show one article: it changes with the site's settings and channels and with
    /// writes to this article, not with writes to others. (Scheduled articles coming due change nothing here: an
    /// article that is not public yet answers 404, and those answers are never kept.)
    /// </summary>
    public async ValueTask<string> ForArticleAsync(string site, long id, CancellationToken cancellationToken)
    {
        if (!_states.TryGetValue(site, out var seen))
        {
            var generation = await CurrentAsync(site, cancellationToken); // learns the site, if there is one
            if (!_states.TryGetValue(site, out seen))
            {
                return generation;
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"{seen.Settings}.{Volatile.Read(ref _articles[Slot(id)])}");
    }

    private int Slot(long id) => (int)((ulong)id % (ulong)_articles.Length);

    public async ValueTask<string> CurrentAsync(string site, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        _states.TryGetValue(site, out var seen);
        if (seen is { NextDueAt: { } due } && now < due)
        {
            return Format(seen.Generation);
        }
        // First use, after a change (keep its number), or a scheduled article came due (a new number).
        var generation = seen is { NextDueAt: null } ? seen.Generation : Interlocked.Increment(ref _counter);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<SiteSchedule>(
            """
            SELECT s.id AS site_id, COALESCE((SELECT MIN(a.published_at) FROM articles a
                                  WHERE a.site_id = s.id AND a.status = 'published' AND a.published_at > @now), @never) AS next_due_at
            FROM sites s WHERE s.key = @site
            """, new { site, now, never = long.MaxValue });
        if (found is null)
        {
            // No such site: a number of its own, not remembered, so that made-up site keys cannot fill this table.
            // (Its answers are 404s, which are never kept.)
            return Format(generation);
        }
        var fresh = new State(generation, seen?.Settings ?? generation, found.NextDueAt);
        var stored = seen is null ? _states.TryAdd(site, fresh) : _states.TryUpdate(site, fresh, seen);
        // Lost the race to a change: the newer number wins, and the next read learns the schedule again.
        return Format(stored ? generation : _states.TryGetValue(site, out var newer) ? newer.Generation : generation);
    }

    private static string Format(long generation) => generation.ToString(CultureInfo.InvariantCulture);
}
