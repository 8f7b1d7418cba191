using Npgsql;
using Testcontainers.PostgreSql;

namespace CmsApi.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use, found once per test run: the server named by <c>CMS_TEST_POSTGRES</c>
/// (what CI starts), else a Testcontainers container when a Docker engine answers, else none (tests skip, and
/// fail instead when <c>CMS_REQUIRE_POSTGRES=1</c>).
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<(string? AdminConnectionString, string? Unavailable)>> Server = new(FindAsync);

    public static bool Required => Environment.GetEnvironmentVariable("CMS_REQUIRE_POSTGRES") == "1";

    public static Task<(string? AdminConnectionString, string? Unavailable)> GetAsync() => Server.Value;

    /// <summary>A streaming replica of the server (<c>CMS_TEST_POSTGRES_REPLICA</c>, which .ci/postgres starts), or null.</summary>
    public static string? Replica => Environment.GetEnvironmentVariable("CMS_TEST_POSTGRES_REPLICA") is { Length: > 0 } replica ? replica : null;

    /// <summary>A new, empty database on the server; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string admin)
    {
        var name = "cms_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string admin, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(string?, string?)> FindAsync()
    {
        var configured = Environment.GetEnvironmentVariable("CMS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null);
        }
        if (!DockerMayAnswer())
        {
            return (null, "No PostgreSQL for the tests: set CMS_TEST_POSTGRES to a server's connection string (.ci/run starts one), or run a Docker engine for Testcontainers.");
        }
        try
        {
            var container = new PostgreSqlBuilder("postgres:16-alpine").Build();
            await container.StartAsync();
            return (container.GetConnectionString(), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, $"Testcontainers could not start PostgreSQL: {ex.Message}");
        }
    }

    private static bool DockerMayAnswer() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");
}
