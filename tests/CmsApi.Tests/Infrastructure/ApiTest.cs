namespace CmsApi.Tests.Infrastructure;

/// <summary>
/// Base of the HTTP tests: the service on a database of one engine. Where the engine is unavailable the test
/// is skipped with the reason, or fails when CMS_REQUIRE_POSTGRES=1 (CI), so a skip can never hide a failure there.
/// </summary>
public abstract class ApiTest(TestDatabase database) : IAsyncLifetime
{
    protected TestDatabase Database { get; } = database;

    protected CmsAppFactory App => Database.App;

    protected HttpClient Anonymous { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    public virtual ValueTask InitializeAsync()
    {
        if (Database.Unavailable is { } reason)
        {
            if (PostgresServer.Required)
            {
                Assert.Fail($"CMS_REQUIRE_POSTGRES=1 but: {reason}");
            }
            Assert.Skip(reason);
        }
        Anonymous = App.CreateClient();
        Admin = App.AdminClient();
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        Anonymous?.Dispose();
        Admin?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
