using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CmsApi.Tests.Infrastructure;

/// <summary>The real service, in process, on the given database, with a fake clock and a known admin key.</summary>
public sealed class CmsAppFactory(string provider, string connectionString) : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    /// <summary>The fixture article's publish time (2022-05-12 11:23 Beijing time); tests move it forward.</summary>
    public static readonly DateTimeOffset Start = new(2022, 5, 12, 3, 23, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>
    /// Extra configuration for this instance (set before first use). The search index merge is off unless a test turns it
    /// on: it would otherwise start in whichever test moves the clock on by ten minutes.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Demo:Seed"] = "false", ["RateLimiting:Enabled"] = "false", ["Search:MergeAfterQuiet"] = "00:00:00",
        // webhooks post to a receiver on loopback, and rounds come often enough that a test need not wait long
        ["Webhooks:Key"] = WebhookKey, ["Webhooks:AllowPrivateNetworks"] = "true", ["Webhooks:Interval"] = "00:00:00.200",
    };

    public const string WebhookKey = "dGVzdCB3ZWJob29rIGtleSwgMzIgYnl0ZXMgYXQgbGVhc3QhIQ==";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("ConnectionStrings:Cms", connectionString);
        builder.UseSetting("CMS_BOOTSTRAP_ADMIN_KEY", AdminKey);
        builder.UseSetting("Logging:LogLevel:Default", Environment.GetEnvironmentVariable("CMS_TEST_LOG_LEVEL") ?? "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    private IHost? _host;

    protected override IHost CreateHost(IHostBuilder builder) => _host = base.CreateHost(builder);

    /// <summary>Stops the service gracefully, as SIGTERM would (hosted services finish their work), then disposes it.</summary>
    public override async ValueTask DisposeAsync()
    {
        // The base class's disposal calls Dispose(), which calls this again: stop the host only the first time.
        if (Interlocked.Exchange(ref _host, null) is { } host)
        {
            await host.StopAsync();
        }
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Runs this service on Kestrel on a free loopback port, and a client of it over a socket: what the in-memory test
    /// server does not do (real client addresses, the header rules Kestrel enforces on answers). Call before first use.
    /// <paramref name="listenOn"/>: an address of this machine other than loopback, so that the client comes from it.
    /// </summary>
    public HttpClient StartOnKestrel(SocketsHttpHandler? handler = null, System.Net.IPAddress? listenOn = null)
    {
        if (listenOn is null)
        {
            UseKestrel(0);
        }
        else
        {
            UseKestrel(options => options.Listen(listenOn, 0));
        }
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient AdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        return client;
    }
}
