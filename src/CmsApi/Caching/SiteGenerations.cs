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
/// </summary>
public sealed class SiteGenerations
{
    private readonly Database _database;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);
    private long _counter;

    /// <param name="Generation">Unique in this process.</param>
    /// <param name="NextDueAt">When the next scheduled article becomes public (ms); null when not known yet.</param>
    private sealed record State(long Generation, long? NextDueAt);

    public SiteGenerations(Database database, TimeProvider clock, ContentChanges changes)
    {
        _database = database;
        _clock = clock;
        changes.Changed += change => Changed(change.Site);
    }

    /// <summary>Raised after a site's number changed because of a write, to drop the old answers from memory early.</summary>
    public event Action<string>? SiteChanged;

    public void Changed(string site)
    {
        _states[site] = new State(Interlocked.Increment(ref _counter), null);
        SiteChanged?.Invoke(site);
    }

    /// <summary>Every site's answers become unreachable (when change notices may have been missed).</summary>
    public void ChangedAll()
    {
        foreach (var site in _states.Keys)
        {
            Changed(site);
        }
    }

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
        var next = await connection.ExecuteScalarAsync<long?>(
            """
            SELECT MIN(a.published_at) FROM articles a JOIN sites s ON s.id = a.site_id
            WHERE s.key = @site AND a.status = 'published' AND a.published_at > @now
            """, new { site, now });
        var fresh = new State(generation, next ?? long.MaxValue);
        var stored = seen is null ? _states.TryAdd(site, fresh) : _states.TryUpdate(site, fresh, seen);
        // Lost the race to a change: the newer number wins, and the next read learns the schedule again.
        return Format(stored ? generation : _states.TryGetValue(site, out var newer) ? newer.Generation : generation);
    }

    private static string Format(long generation) => generation.ToString(CultureInfo.InvariantCulture);
}
