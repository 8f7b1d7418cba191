using CmsApi.Data;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Foundation;

/// <summary>
/// The service's PostgreSQL connections know only the built-in types: they skip reading the server's catalog, which
/// cost each data source a round trip and about 60 ms at start-up. A type of the database's own is therefore unknown
/// to them (the service defines none), while an ordinary Npgsql connection reads it.
/// </summary>
public sealed class PostgresTypeLoadingTests(PostgresDatabase database) : ApiTest(database), IClassFixture<PostgresDatabase>
{
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
