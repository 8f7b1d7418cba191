using CmsApi.Data;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Foundation;

/// <summary>How the service's PostgreSQL connections are set up (<see cref="Database"/>).</summary>
public sealed class PostgresConnectionTests(PostgresDatabase database) : ApiTest(database), IClassFixture<PostgresDatabase>
{
    /// <summary>
    /// Two writes that lock the same things in opposite orders deadlock; PostgreSQL ends one of them (40P01), rolled back
    /// whole, and the service answers it as a busy database (503, to be retried), not as a fault (500).
    /// </summary>
    [Fact]
    public async Task A_write_ended_to_break_a_deadlock_is_a_busy_database()
    {
        var cms = App.Services.GetRequiredService<Database>();
        await using var first = await cms.OpenAsync();
        await using var second = await cms.OpenAsync();
        await using var firstWrite = await first.BeginTransactionAsync();
        await using var secondWrite = await second.BeginTransactionAsync();
        await first.ExecuteAsync("SELECT pg_advisory_xact_lock(731001)", transaction: firstWrite);
        await second.ExecuteAsync("SELECT pg_advisory_xact_lock(731002)", transaction: secondWrite);

        var crossed = await Task.WhenAll(
            Task.Run(() => Outcome(first.ExecuteAsync("SELECT pg_advisory_xact_lock(731002)", transaction: firstWrite))),
            Task.Run(() => Outcome(second.ExecuteAsync("SELECT pg_advisory_xact_lock(731001)", transaction: secondWrite))));

        var ended = Assert.Single(crossed, e => e is not null);
        Assert.True(CmsApi.Data.Database.IsBusy(ended!), $"{ended}");
        Assert.False(CmsApi.Data.Database.IsBusy(new Npgsql.PostgresException("duplicate key", "ERROR", "ERROR", "23505")));

        static async Task<Exception?> Outcome(Task write)
        {
            try
            {
                await write;
                return null;
            }
            catch (Npgsql.PostgresException ex)
            {
                return ex;
            }
        }
    }

    /// <summary>
    /// <see cref="Database.PlanForEachRunAsync"/>: a search's statements are planned for their values, and the connection
    /// goes back to the pool as it came, so point reads on it keep their generic plans.
    /// </summary>
    [Fact]
    public async Task Statements_are_planned_for_their_values_until_it_is_disposed()
    {
        var cms = App.Services.GetRequiredService<Database>();
        await using var connection = await cms.OpenAsync();

        await using (await cms.PlanForEachRunAsync(connection))
        {
            Assert.Equal("force_custom_plan", await connection.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
        }

        Assert.Equal("auto", await connection.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
    }

    /// <summary>
    /// The service's connections know only the built-in types: they skip reading the server's type catalog, which cost
    /// each data source about 30 ms at start-up. A type of the database's own is therefore unknown to them (the service
    /// defines none), while an ordinary Npgsql data source reads it.
    /// </summary>
    [Fact]
    public async Task The_services_connections_do_not_read_the_servers_types()
    {
        var cms = App.Services.GetRequiredService<Database>();
        await using (var setup = await cms.OpenAsync())
        {
            await setup.ExecuteAsync("DROP TYPE IF EXISTS test_mood; CREATE TYPE test_mood AS ENUM ('happy')");
        }
        await using (var loading = Npgsql.NpgsqlDataSource.Create(cms.ConnectionString)) // reads the catalog as it is now
        {
            await using var connection = await loading.OpenConnectionAsync(TestContext.Current.CancellationToken);
            Assert.Equal("happy", await connection.ExecuteScalarAsync<string>("SELECT 'happy'::test_mood"));
        }

        await using var started = Database.NewApp(); // its connections are all made after the type
        var service = started.Services.GetRequiredService<Database>();
        await using var pooled = await service.OpenAsync();
        await using var own = service.CreateOwnPostgresConnection();
        await own.OpenAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<Exception>(() => pooled.ExecuteScalarAsync<string>("SELECT 'happy'::test_mood"));
        await Assert.ThrowsAnyAsync<Exception>(() => own.ExecuteScalarAsync<string>("SELECT 'happy'::test_mood"));
    }
}
