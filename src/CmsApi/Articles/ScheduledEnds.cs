using CmsApi.Data;
using Dapper;

namespace CmsApi.Articles;

/// <summary>
/// Ends what was set to end at a time: pins whose 置顶有效期 has come (<see cref="Transition.EndPin"/>) and publications
/// whose 下线时间 has (<see cref="Transition.EndPublication"/>), each as a write: the article's version, its revision,
/// the change feed and the cached answers all see it, as they would see an editor's unpin or unpublish. Reads need not
/// know about end times. It sleeps until the earliest end; the instance that sets an end wakes its own sweeper
/// (<see cref="EndSet"/>), so ends come on time without a query after every write. Every instance sweeps, and an end
/// that another took stays as it is.
/// </summary>
public sealed partial class ScheduledEnds(Database database, ArticleStore articles, TimeProvider clock, ILogger<ScheduledEnds> logger)
    : BackgroundService
{
    /// <summary>What ends: the column that holds the time (each has a partial index of its non-null times) and the step.</summary>
    private sealed record End(string Column, Transition Transition);

    private static readonly End[] Ends = [new("pinned_until", Transition.EndPin), new("published_until", Transition.EndPublication)];

    /// <summary>The longest sleep: an end whose instance stopped before it still comes within it, by another's sweep.</summary>
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
                // a fresh signal before the sweep: an end set while it runs wakes the next sleep at once
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

    /// <summary>A pin or a publication with an end was set on this instance: it may end before the sweeper would look again.</summary>
    public void EndSet() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Takes every end due by now; answers when to look again: the next end, or at the latest a minute on.</summary>
    private async Task<DateTimeOffset> SweepAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var time = clock.GetUtcNow();
            var now = time.ToUnixTimeMilliseconds();
            var due = new List<(End End, DueArticle Article)>();
            var nextEnd = long.MaxValue;
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                foreach (var end in Ends)
                {
                    due.AddRange((await connection.QueryAsync<DueArticle>(
                        $"""
                        SELECT s.key AS site_key, a.id FROM articles a JOIN sites s ON s.id = a.site_id
                        WHERE a.{end.Column} IS NOT NULL AND a.{end.Column} <= @now
                        ORDER BY a.{end.Column}, a.id LIMIT @Batch
                        """,
                        new { now, Batch })).Select(article => (end, article)));
                }
                // with nothing due, the time to look again: the earliest end (each read from its partial index alone)
                foreach (var end in due.Count > 0 ? [] : Ends)
                {
                    nextEnd = Math.Min(nextEnd, await connection.ExecuteScalarAsync<long?>(
                        $"SELECT MIN({end.Column}) FROM articles WHERE {end.Column} IS NOT NULL") ?? long.MaxValue);
                }
            }
            if (due.Count == 0)
            {
                return time + TimeSpan.FromMilliseconds(Math.Clamp(nextEnd - now, 0, LongestSleep.TotalMilliseconds));
            }
            var taken = 0;
            foreach (var (end, article) in due)
            {
                var result = await articles.TransitionAsync(article.SiteKey, article.Id, null, end.Transition, actor: null, cancellationToken);
                if (result.Outcome == ArticleStore.Outcome.Done)
                {
                    taken++;
                    LogEnded(end.Transition.Action, article.Id, article.SiteKey);
                }
                // else an editor or another instance wrote it first (purged it, perhaps): the next sweep sees that
            }
            if (taken == 0)
            {
                return time + TimeSpan.FromSeconds(1); // none of them would end: not a tight loop over the same rows
            }
        }
    }

    private sealed record DueArticle(string SiteKey, long Id);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action}: article {Id} of site {Site}, at its time")]
    private partial void LogEnded(string action, long id, string site);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take the ends that are due (pins, publications); trying again in 5 seconds")]
    private partial void LogSweepFailed(Exception exception);
}
