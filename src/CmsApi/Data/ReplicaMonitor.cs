using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace CmsApi.Data;

/// <summary>
/// Follows how far the read replica has replayed the primary's WAL, every 50 ms, for <see cref="ReplicaLag"/>. At
/// start the replica must reach the primary's position of that moment before it serves anything; when it does not
/// answer, reads go to the primary until it does again.
/// </summary>
public sealed partial class ReplicaMonitor(Database database, ReplicaLag lag, ILogger<ReplicaMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.HasReplica)
        {
            return;
        }
        await using (var primary = await database.OpenAsync(stoppingToken))
        {
            lag.Require((ulong)NpgsqlLogSequenceNumber.Parse(await primary.ExecuteScalarAsync<string>("SELECT pg_current_wal_lsn()::text") ?? "0/0"));
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = database.CreateOwnPostgresConnection(replica: true);
                await connection.OpenAsync(stoppingToken);
                while (true)
                {
                    var replayed = await connection.ExecuteScalarAsync<string?>("SELECT pg_last_wal_replay_lsn()::text");
                    lag.Replayed(replayed is null ? 0 : (ulong)NpgsqlLogSequenceNumber.Parse(replayed));
                    await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                lag.Replayed(0);
                LogReplicaDown(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The read replica does not answer; public reads go to the primary")]
    private partial void LogReplicaDown(Exception exception);
}
