using CmsApi.Sites;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace CmsApi.Http;

/// <summary>
/// Browsers may call the API from a site's own domains: a route of one site allows that site's domains, routes of no
/// site (the site list, the calendar) allow the domains of every site. Origins are matched with http and https.
/// <c>Cors:AllowedOrigins</c> adds origins allowed for every site (a front end in development, a preview server).
/// </summary>
public sealed class SiteCorsPolicies(SiteStore sites, IConfiguration configuration) : ICorsPolicyProvider
{
    private readonly string[] _extra = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];

    public const string Policy = "site-domains";

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        IEnumerable<string> domains = context.GetRouteValue("site") is string key
            ? (await sites.FindAsync(key, context.RequestAborted))?.Domains ?? []
            : (await sites.ListAsync(context.RequestAborted)).SelectMany(s => s.Domains);
        var policy = new CorsPolicyBuilder()
            .WithOrigins(domains.SelectMany(d => new[] { $"https://{d}", $"http://{d}" }).Concat(_extra).ToArray())
            .WithMethods("GET", "HEAD", "POST")
            .WithHeaders("Content-Type", "X-Visitor-Id", "If-None-Match", "Authorization")
            .WithExposedHeaders("ETag")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build();
        return policy;
    }
}

public static class CorsSetup
{
    public static IServiceCollection AddCmsCors(this IServiceCollection services) =>
        services.AddCors().AddSingleton<ICorsPolicyProvider, SiteCorsPolicies>();
}
