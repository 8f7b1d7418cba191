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
        Database.SkipWhenUnavailable();
        Anonymous = App.CreateClient();
        Admin = App.AdminClient();
        return ValueTask.CompletedTask;
    }

    /// <summary>A client with a new API key made by the admin from <paramref name="key"/> (name, scopes, sites…), and the
    /// key's public prefix (its actor in revisions).</summary>
    protected async Task<(HttpClient Client, string Prefix)> ClientWithNewKeyAsync(object key)
    {
        var created = await (await Admin.PostJsonAsync("/api/v1/keys", key)).OkJsonAsync(System.Net.HttpStatusCode.Created);
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", created.Text("key"));
        return (client, created["info"]!.Text("prefix"));
    }

    public virtual ValueTask DisposeAsync()
    {
        Anonymous?.Dispose();
        Admin?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
