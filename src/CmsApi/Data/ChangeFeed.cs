using System.Globalization;
using System.Threading.Channels;
using CmsApi.Caching;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace CmsApi.Data;

/// <summary>
/// Tells the other instances on the same PostgreSQL database about this instance's committed changes, and this
/// instance about theirs, with PostgreSQL's own LISTEN/NOTIFY on the channel <c>cms_changes</c>. A notice carries
/// the site, the article and the primary's WAL position after the change, so read routing knows how far a replica
/// must have replayed. While the listening connection is down, cached answers are not used
/// (<see cref="ChangeFeedHealth"/>); on listening again, before they are used again, the change log is read for every
/// change committed since and not announced here, and those are announced (only the answers they retire go; every
/// cached answer goes when more than <see cref="MostToRecover"/> were missed, or the log cannot be read).
/// A notice is sent after its commit, so an instance that stops in between (a crash, a lost connection) sends none:
/// every second the change log (<see cref="Changes.ChangeLog"/>, written in each write's transaction) is read for
/// changes older than <see cref="NoticeGrace"/> that no notice announced here, and those are announced as if heard (a
/// notice that comes after all is then not announced again).
/// </summary>
public sealed partial class ChangeFeed : BackgroundService
{
    public const string Channel = "cms_changes";

    /// <summary>How long a notice may take to arrive before the change log's copy of its change is announced instead.</summary>
    public static readonly TimeSpan NoticeGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(1);

    /// <summary>The most changes missed while not listening that are announced one by one; past it, dropping every
    /// cached answer costs less than retiring them.</summary>
    public const int MostToRecover = 10_000;

    // How long a change announced here is remembered once the catch-up has read past it, so that a late notice of it is
    // not announced again. Until then it is kept whatever its age: a change held back behind a long transaction (of any
    // database of the cluster) is read by a later round, and would be announced twice had it been forgotten.
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    // The most changes remembered before the catch-up has read past them (a bound, should the log never come to them).
    private const int MostRemembered = 100_000;

    private readonly Database _database;
    private readonly ContentChanges _changes;
    private readonly SiteGenerations _generations;
    private readonly ChangeFeedHealth _health;
    private readonly ReplicaLag _lag;
    private readonly Changes.ChangeLog _log;
    private readonly TimeProvider _clock;
    private readonly ILogger<ChangeFeed> _logger;
    // The change log's numbers of the changes announced here (made here, or heard), with when (ms) and whether the
    // catch-up has read past them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Announced> _announced = new();

    private readonly record struct Announced(long At, bool Passed);
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<ContentChange> _outbox = System.Threading.Channels.Channel.CreateUnbounded<ContentChange>();

    public ChangeFeed(Database database, ContentChanges changes, SiteGenerations generations, ChangeFeedHealth health,
        ReplicaLag lag, Changes.ChangeLog log, TimeProvider clock, ILogger<ChangeFeed> logger)
    {
        (_database, _changes, _generations, _health, _lag, _log, _clock, _logger) = (database, changes, generations, health, lag, log, clock, logger);
        if (database.Dialect != Dialect.Postgres)
        {
            return; // one SQLite file serves one instance: nobody to tell, nothing to hear
        }
        _health.Trusted = false; // until the first LISTEN
        changes.Announcing += change =>
        {
            if (!change.Remote)
            {
                _lag.LocalChangeCommitted();
            }
        };
        changes.Changed += change =>
        {
            if (change.Number is { } number)
            {
                _announced.AddOrUpdate(number, new Announced(Now, Passed: false), (_, known) => known with { At = Now });
            }
            if (!change.Remote)
            {
                _outbox.Writer.TryWrite(change);
            }
        };
    }

    private NpgsqlConnection? _listening;
    private Changes.ChangeLog.Position? _caughtUpTo;

    /// <summary>Listens before the instance takes requests, so that its cache is in use from the first one.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_database.Dialect != Dialect.Postgres)
        {
            return;
        }
        await TryListenAsync(cancellationToken);
        try
        {
            var start = await _log.StartAsync(cancellationToken); // what commits from now on may be missed
            _caughtUpTo = start;
            // The start position lies below the oldest transaction still running, anywhere in the cluster, so changes
            // committed before this instance listened may follow it. Its cache was empty then: they retire nothing
            // here, and are remembered as announced so that neither the catch-up nor a later recovery announces them.
            var now = Now;
            foreach (var row in await _log.CommittedAfterAsync(start, MostToRecover, cancellationToken))
            {
                _announced.TryAdd(row.Id, new Announced(now, Passed: false));
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogCatchUpFailed(ex); // the first round finds its place instead
        }
        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listening?.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken), CatchUpAsync(stoppingToken));

    private long Now => UnixTime.ToMilliseconds(_clock.GetUtcNow());

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            // The change log's number rides with the instance ("instance:number"): an instance of an earlier version,
            // during a rolling update, reads the first part only as who sent it, and the payload keeps its four parts.
            var sender = change.Number is { } number ? $"{_instance}:{number.ToString(CultureInfo.InvariantCulture)}" : _instance;
            var payload = string.Join('|', sender, change.Site, change.ArticleId?.ToString(CultureInfo.InvariantCulture) ?? "");
            while (true)
            {
                try
                {
                    await using var connection = await _database.OpenAsync(stoppingToken);
                    // Read after the writer's commit, the position is at or past the change.
                    var position = await connection.ExecuteScalarAsync<string>(
                        "SELECT pg_current_wal_lsn()::text, pg_notify(@Channel, @payload || '|' || pg_current_wal_lsn()::text)",
                        new { Channel, payload });
                    _lag.LocalChangeKnown((ulong)NpgsqlLogSequenceNumber.Parse(position!));
                    break;
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    LogSendFailed(ex);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_listening is null && !await TryListenAsync(stoppingToken))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            try
            {
                while (true)
                {
                    await _listening!.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                _health.Trusted = false;
                LogListenFailed(ex);
                await _listening!.DisposeAsync();
                _listening = null;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Opens the listening connection, and retires what changed while notices could be missed before the cache
    /// is trusted again.</summary>
    private async Task<bool> TryListenAsync(CancellationToken cancellationToken)
    {
        // A connection of its own, outside the pool: it stays open for as long as the instance listens.
        var connection = _database.CreateOwnPostgresConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            connection.Notification += (_, notice) => Heard(notice.Payload);
            await connection.ExecuteAsync($"LISTEN {Channel}");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException)
        {
            LogListenFailed(ex);
            await connection.DisposeAsync();
            return false;
        }
        _listening = connection;
        await RecoverAsync(cancellationToken);
        _health.Trusted = true;
        LogListening();
        return true;
    }

    /// <summary>
    /// Announces every change committed after the catch-up's position that was not announced here: with the connection
    /// listening, any later commit's notice is heard, so nothing committed before or after is missed. (Rows the
    /// catch-up holds back behind an older transaction still running are read too: their notices may have been lost.)
    /// Every cached answer is dropped instead at the first listen, with too many missed, or when the log cannot be read.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_caughtUpTo is { } position
                && await _log.CommittedAfterAsync(position, MostToRecover + 1, cancellationToken) is { Count: <= MostToRecover } rows)
            {
                await AnnounceMissedAsync(rows.Where(row => !_announced.ContainsKey(row.Id)).ToList(), cancellationToken);
                return;
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException)
        {
            LogCatchUpFailed(ex);
        }
        _generations.ChangedAll();
    }

    /// <summary>Announces changes of the log no notice announced here, once read routing knows the primary's WAL
    /// position (at or past each of them).</summary>
    private async Task AnnounceMissedAsync(List<Changes.ChangeLog.Written> missed, CancellationToken cancellationToken)
    {
        if (missed.Count == 0)
        {
            return;
        }
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            var walPosition = await connection.ExecuteScalarAsync<string>("SELECT pg_current_wal_lsn()::text");
            _lag.Require((ulong)NpgsqlLogSequenceNumber.Parse(walPosition!));
        }
        foreach (var row in missed)
        {
            LogCaughtUp(row.SiteKey, row.ArticleId);
            _changes.Announce(row.Change with { Remote = true });
        }
    }

    private void Heard(string payload)
    {
        var parts = payload.Split('|');
        var sender = parts[0].Split(':');
        if (parts.Length != 4 || sender[0] == _instance || !NpgsqlLogSequenceNumber.TryParse(parts[3], out var position))
        {
            return;
        }
        _lag.Require((ulong)position); // before the caches move on: a read after this must not use a replica without it
        long? article = long.TryParse(parts[2], CultureInfo.InvariantCulture, out var id) ? id : null;
        long? number = sender.Length == 2 && long.TryParse(sender[1], CultureInfo.InvariantCulture, out var n) ? n : null;
        if (number is { } known && _announced.ContainsKey(known))
        {
            return; // a late notice of a change the change log's catch-up announced already
        }
        _changes.Announce(new ContentChange(parts[1], article, Remote: true, Number: number));
    }

    /// <summary>
    /// Announces the changes in the change log that no notice announced here within <see cref="NoticeGrace"/>: those
    /// of an instance that stopped between its commit and its notice. Without this, the answers they retire would stay
    /// cached here for up to <c>Caching:ServerSeconds</c>.
    /// </summary>
    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CatchUpInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    _caughtUpTo = await CatchUpOnceAsync(_caughtUpTo ?? await _log.StartAsync(stoppingToken), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever failed, the position stays and the next round reads on from it: an exception let out of
                    // here would stop the host, and this loop is only a safety net under the notices.
                    LogCatchUpFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<Changes.ChangeLog.Position> CatchUpOnceAsync(Changes.ChangeLog.Position position, CancellationToken stoppingToken)
    {
        var now = Now;
        var missed = new List<Changes.ChangeLog.Written>();
        var passed = new List<long>();
        foreach (var row in await _log.WrittenAfterAsync(position, 1000, stoppingToken))
        {
            if (row.ChangedAt > now - (long)NoticeGrace.TotalMilliseconds)
            {
                break; // its notice may still be on its way; this and what follows wait for the next round
            }
            position = position with { Tx = row.Tx, Id = row.Id };
            passed.Add(row.Id);
            if (!_announced.ContainsKey(row.Id))
            {
                missed.Add(row);
            }
        }
        await AnnounceMissedAsync(missed, stoppingToken);
        foreach (var number in passed)
        {
            _announced.AddOrUpdate(number, new Announced(now, Passed: true), (_, known) => known with { Passed = true });
        }
        var forgetAll = _announced.Count > MostRemembered;
        foreach (var (number, announced) in _announced)
        {
            if ((announced.Passed || forgetAll) && announced.At < now - (long)Remembered.TotalMilliseconds)
            {
                _announced.TryRemove(number, out _);
            }
        }
        return position;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other instances' changes on {Channel}")]
    private partial void LogListening(string channel = Channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed's listening connection failed; cached answers are off until it is back")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change to site {Site} (article {ArticleId}) came with no notice; announced from the change log")]
    private partial void LogCaughtUp(string site, long? articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the change log for changes that came with no notice; retrying")]
    private partial void LogCatchUpFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce a change to the other instances; retrying")]
    private partial void LogSendFailed(Exception exception);
}
