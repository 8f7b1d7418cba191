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
/// (<see cref="ChangeFeedHealth"/>); on reconnecting, every cached answer is dropped, since notices may have been missed.
/// </summary>
public sealed partial class ChangeFeed : BackgroundService
{
    public const string Channel = "cms_changes";

    private readonly Database _database;
    private readonly ContentChanges _changes;
    private readonly SiteGenerations _generations;
    private readonly ChangeFeedHealth _health;
    private readonly ReplicaLag _lag;
    private readonly ILogger<ChangeFeed> _logger;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<ContentChange> _outbox = System.Threading.Channels.Channel.CreateUnbounded<ContentChange>();

    public ChangeFeed(Database database, ContentChanges changes, SiteGenerations generations, ChangeFeedHealth health,
        ReplicaLag lag, ILogger<ChangeFeed> logger)
    {
        (_database, _changes, _generations, _health, _lag, _logger) = (database, changes, generations, health, lag, logger);
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
            if (!change.Remote)
            {
                _outbox.Writer.TryWrite(change);
            }
        };
    }

    private NpgsqlConnection? _listening;

    /// <summary>Listens before the instance takes requests, so that its cache is in use from the first one.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_database.Dialect != Dialect.Postgres)
        {
            return;
        }
        await TryListenAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listening?.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            var payload = string.Join('|', _instance, change.Site, change.ArticleId?.ToString(CultureInfo.InvariantCulture) ?? "");
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

    /// <summary>Opens the listening connection; every cached answer is dropped, since notices may have been missed.</summary>
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
        _generations.ChangedAll();
        _health.Trusted = true;
        LogListening();
        return true;
    }

    private void Heard(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 4 || parts[0] == _instance || !NpgsqlLogSequenceNumber.TryParse(parts[3], out var position))
        {
            return;
        }
        _lag.Require((ulong)position); // before the caches move on: a read after this must not use a replica without it
        long? article = long.TryParse(parts[2], CultureInfo.InvariantCulture, out var id) ? id : null;
        _changes.Announce(new ContentChange(parts[1], article, Remote: true));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other instances' changes on {Channel}")]
    private partial void LogListening(string channel = Channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed's listening connection failed; cached answers are off until it is back")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce a change to the other instances; retrying")]
    private partial void LogSendFailed(Exception exception);
}
