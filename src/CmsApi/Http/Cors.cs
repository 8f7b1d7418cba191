using CmsApi.Sites;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CmsApi.Http;

/// <summary>
/// Browsers may call the API from a site's own domains: a route of one site allows that site's domains, routes of no
/// site (the site list, the calendar) allow the domains of every site. Origins are matched with http and https (and a
/// Chinese domain in the ASCII form browsers send: the policy builder converts it).
/// <c>Cors:AllowedOrigins</c> adds origins allowed for every site (a front end in development, a preview server, an
/// editing UI): those may also replace, patch and delete, with <c>If-Match</c> and <c>Idempotency-Key</c>, which an
/// editor in a browser needs. A site's public domains keep what a front end needs: reads and the view counter.
/// (Writes need a key either way; CORS only decides what a browser lets a page send.)
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
        var editor = context.Request.Headers.Origin is [{ } origin] && _extra.Contains(origin, StringComparer.OrdinalIgnoreCase);
        var policy = new CorsPolicyBuilder()
            .WithOrigins(domains.SelectMany(d => new[] { $"https://{d}", $"http://{d}" }).Concat(_extra).ToArray())
            .WithMethods(editor ? ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] : ["GET", "HEAD", "POST"])
            .WithHeaders(editor
                ? ["Content-Type", "X-Visitor-Id", "If-None-Match", "Authorization", "If-Match", IdempotencyKeys.Header]
                : ["Content-Type", "X-Visitor-Id", "If-None-Match", "Authorization"])
            .WithExposedHeaders("ETag", "Location", "Retry-After", IdempotencyKeys.ReplayedHeader)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build();
        return policy;
    }
}

/// <summary>
/// ASP.NET Core's CORS, except that it names <c>Origin</c> in <c>Vary</c> only when the answer does not already: public
/// reads name it on every answer (<see cref="Caching.PublicReads"/>), and the stock service appends it again.
/// </summary>
public sealed class SiteCorsService(IOptions<CorsOptions> options, ILoggerFactory loggerFactory) : CorsService(options, loggerFactory)
{
    public override void ApplyResult(CorsResult result, HttpResponse response)
    {
        if (response.Headers.VariesBy(HeaderNames.Origin))
        {
            result.VaryByOrigin = false;
        }
        base.ApplyResult(result, response);
    }
}

public static class CorsSetup
{
    public static IServiceCollection AddCmsCors(this IServiceCollection services) =>
        services.AddCors().AddSingleton<ICorsPolicyProvider, SiteCorsPolicies>()
            .Replace(ServiceDescriptor.Transient<ICorsService, SiteCorsService>());
}
