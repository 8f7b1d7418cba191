using CmsApi.Data;
using Dapper;

namespace CmsApi.Articles;

/// <summary>
/// Ends the pins whose 置顶有效期 has come, each as a write (<see cref="Transition.EndPin"/>): the article's version,
/// its revision, the change feed and the cached answers all see it, as they would see an editor's unpin. Reads need
/// not know about the end time. It sleeps until the earliest end; the instance that sets a pin's end wakes its own
/// sweeper (<see cref="PinEndSet"/>), so ends come on time without a query after every write. Every instance sweeps,
/// and a pin that another ended stays as it is.
/// </summary>
public sealed partial class PinExpiry(Database database, ArticleStore articles, TimeProvider clock, ILogger<PinExpiry> logger)
    : BackgroundService
{
    /// <summary>The longest sleep: a pin whose instance stopped before its end still ends within it, by another's sweep.</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    private const int Batch = 100;

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // not on the start-up path
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // a fresh signal before the sweep: a pin set while it runs wakes the next sleep at once
                var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _wake, wake);
                DateTimeOffset lookAgain;
                try
                {
                    lookAgain = await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(ex); // whatever it was (a timeout too), a failed sweep must not stop the host
                    lookAgain = clock.GetUtcNow() + TimeSpan.FromSeconds(5);
                }
                try
                {
                    // measured from now, not from when the sweep read the time: the sweep's own duration is not slept again
                    var sleep = lookAgain - clock.GetUtcNow();
                    await wake.Task.WaitAsync(sleep > TimeSpan.Zero ? sleep : TimeSpan.Zero, clock, stoppingToken);
                }
                catch (TimeoutException)
                {
                    // the earliest end has come
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>A pin with an end was set on this instance: it may end before the sweeper would look again.</summary>
    public void PinEndSet() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Ends every pin due by now; answers when to look again: the next end, or at the latest a minute on.</summary>
    private async Task<DateTimeOffset> SweepAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var time = clock.GetUtcNow();
            var now = time.ToUnixTimeMilliseconds();
            IReadOnlyList<DuePin> due;
            long? nextEnd;
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                due = (await connection.QueryAsync<DuePin>(
                    """
                    SELECT s.key AS site_key, a.id FROM articles a JOIN sites s ON s.id = a.site_id
                    WHERE a.pinned_until IS NOT NULL AND a.pinned_until <= @now
                    ORDER BY a.pinned_until, a.id LIMIT @Batch
                    """,
                    new { now, Batch })).ToList();
                nextEnd = due.Count > 0 ? null : await connection.ExecuteScalarAsync<long?>(
                    "SELECT MIN(pinned_until) FROM articles WHERE pinned_until IS NOT NULL");
            }
            if (due.Count == 0)
            {
                return time + (nextEnd is { } end ? TimeSpan.FromMilliseconds(Math.Clamp(end - now, 0, LongestSleep.TotalMilliseconds)) : LongestSleep);
            }
            var ended = 0;
            foreach (var pin in due)
            {
                var result = await articles.TransitionAsync(pin.SiteKey, pin.Id, null, Transition.EndPin, actor: null, cancellationToken);
                if (result is { Outcome: ArticleStore.Outcome.Done, Article.Pinned: false })
                {
                    ended++;
                    LogPinEnded(pin.Id, pin.SiteKey);
                }
                // else an editor or another instance wrote it first (pinned it again, perhaps): the next sweep sees that
            }
            if (ended == 0)
            {
                return time + TimeSpan.FromSeconds(1); // none of them would end: not a tight loop over the same rows
            }
        }
    }

    private sealed record DuePin(string SiteKey, long Id);

    [LoggerMessage(Level = LogLevel.Information, Message = "The pin of article {Id} of site {Site} ended at its time")]
    private partial void LogPinEnded(long id, string site);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end the pins that are due; trying again in 5 seconds")]
    private partial void LogSweepFailed(Exception exception);
}
