using CmsApi.Data;
using Microsoft.Extensions.Options;

namespace CmsApi.Search;

/// <summary>
/// Merges SQLite's search indexes back into one segment once no article has been written for
/// <see cref="SearchOptions.MergeAfterQuiet"/>. Each write of a title or text adds a segment, FTS5 merges them only in
/// part, and a search probes every one: after 300 title edits on 10,000 articles, first-time searches cost twice the CPU
/// (about 6 ms against 3; docs/performance.md). The merge goes in short steps and gives way to the next write; it starts over once
/// the service is quiet again, and FTS5 keeps what earlier steps merged. It also runs once after start-up, for writes
/// from before it. PostgreSQL's GIN indexes need none of this.
/// </summary>
public sealed partial class SearchIndexMerge(
    SearchIndex index, ContentChanges changes, TimeProvider clock, IOptions<SearchOptions> options, ILogger<SearchIndexMerge> logger)
    : BackgroundService
{
    // Never disposed: a write may still announce itself while the service stops (it has no wait handle to free).
    private readonly SemaphoreSlim _written = new(0);
    private long _writes; // article writes seen; the merge waits until this stops moving

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quiet = options.Value.MergeAfterQuiet;
        if (!index.MergesInSteps || quiet <= TimeSpan.Zero)
        {
            return;
        }
        changes.Changed += OnChanged;
        try
        {
            long? mergedAt = null; // the write count the index was last merged at; unknown at start
            while (true)
            {
                var writes = Volatile.Read(ref _writes);
                if (writes == mergedAt)
                {
                    await _written.WaitAsync(stoppingToken);
                    continue;
                }
                await Task.Delay(quiet, clock, stoppingToken);
                if (Volatile.Read(ref _writes) == writes && await MergeAsync(writes, stoppingToken))
                {
                    mergedAt = writes;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }

    /// <summary>Merges until nothing is left (true), or until an article is written meanwhile or a step fails (false).</summary>
    private async Task<bool> MergeAsync(long writes, CancellationToken stoppingToken)
    {
        var started = clock.GetTimestamp();
        var steps = 0;
        try
        {
            while (Volatile.Read(ref _writes) == writes)
            {
                steps++;
                if (!await index.MergeStepAsync(stoppingToken))
                {
                    var elapsed = clock.GetElapsedTime(started);
                    if (steps > 1)
                    {
                        LogMerged(steps - 1, elapsed);
                    }
                    return true;
                }
            }
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Most likely a writer held the database past the busy timeout; the next quiet spell tries again.
            LogMergeFailed(ex);
            return false;
        }
    }

    private void OnChanged(ContentChange change)
    {
        if (change.ArticleId is not null)
        {
            Interlocked.Increment(ref _writes);
            if (_written.CurrentCount == 0)
            {
                _written.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search indexes merged into one segment in {Steps} steps, {Elapsed}")]
    private partial void LogMerged(int steps, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merging the search indexes failed; it is tried again after the next quiet spell")]
    private partial void LogMergeFailed(Exception exception);
}
