using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CmsApi.Http;

/// <summary>Rate limits (section <c>RateLimiting</c>); <c>Enabled=false</c> turns them all off, e.g. for load benchmarks.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>View-counter calls per client address per minute.</summary>
    public int ViewsPerMinute { get; set; } = 300;

    /// <summary>Anonymous API requests per client address per minute (front-end servers and CDNs call from few addresses).</summary>
    public int PublicPerMinute { get; set; } = 6000;

    /// <summary>Requests per API key per minute.</summary>
    public int KeyPerMinute { get; set; } = 1200;
}

public static class RateLimits
{
    public static IServiceCollection AddCmsRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Detail = "Too many requests from this client; retry after the time in Retry-After.",
                    },
                });
            };
            // Every API request: per key when one is presented, else per client address.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }
                var settings = Settings(http);
                var key = Auth.Scopes.KeyPrefix(http.User);
                return key is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("key:" + key, _ => PerMinute(settings.KeyPerMinute))
                    : RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => PerMinute(settings.PublicPerMinute));
            });
            options.AddPolicy(Views.ViewsApi.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => PerMinute(Settings(http).ViewsPerMinute)));
        });
    }

    public static WebApplication UseCmsRateLimits(this WebApplication app)
    {
        if (app.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()?.Enabled ?? true)
        {
            app.UseRateLimiter();
        }
        return app;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    private static RateLimitOptions Settings(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
}
