using Microsoft.Data.Sqlite;

namespace CmsApi.Tests.Infrastructure;

/// <summary>
/// A fresh database per test class on one engine, and the service running on it (a class fixture).
/// The same integration tests run on each engine through the subclasses below.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    private CmsAppFactory? _app;

    public abstract string Provider { get; }

    /// <summary>False for a bare database that a test starts its own services on.</summary>
    public bool StartsApp { get; init; } = true;

    public string ConnectionString { get; protected set; } = "";

    /// <summary>Why this engine cannot be tested here, or null.</summary>
    public string? Unavailable { get; protected set; }

    /// <summary>Skips the test when this engine cannot be tested here, or fails it when CMS_REQUIRE_POSTGRES=1 says it must be.</summary>
    public void SkipWhenUnavailable()
    {
        if (Unavailable is { } reason)
        {
            if (PostgresServer.Required)
            {
                Assert.Fail($"CMS_REQUIRE_POSTGRES=1 but: {reason}");
            }
            Assert.Skip(reason);
        }
    }

    public CmsAppFactory App => _app ?? throw new InvalidOperationException(Unavailable ?? "The database is not initialised.");

    /// <summary>A second service on the same database, e.g. to test instances that share it. The caller disposes it.</summary>
    public CmsAppFactory NewApp(Action<CmsAppFactory>? configure = null)
    {
        var app = new CmsAppFactory(Provider, ConnectionString);
        configure?.Invoke(app);
        return app;
    }

    public async ValueTask InitializeAsync()
    {
        await CreateAsync();
        if (Unavailable is null && StartsApp)
        {
            _app = NewApp();
            _ = _app.Server; // start it: migrations run here, once per class
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task CreateAsync();

    protected abstract Task DropAsync();
}

public sealed class SqliteDatabase : TestDatabase
{
    private string _path = "";

    public override string Provider => "sqlite";

    protected override Task CreateAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"cmsapi-test-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={_path}";
        return Task.CompletedTask;
    }

    protected override Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", _path + ".migrate.lock" })
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }
}

public sealed class PostgresDatabase : TestDatabase
{
    private string? _admin;

    public override string Provider => "postgres";

    protected override async Task CreateAsync()
    {
        (_admin, Unavailable) = await PostgresServer.GetAsync();
        if (_admin is not null)
        {
            ConnectionString = await PostgresServer.CreateDatabaseAsync(_admin);
        }
    }

    protected override Task DropAsync() =>
        _admin is null ? Task.CompletedTask : PostgresServer.DropDatabaseAsync(_admin, ConnectionString);
}
