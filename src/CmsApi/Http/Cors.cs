using System.Collections.Concurrent;
using CmsApi.Data;
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
public sealed class SiteCorsPolicies : ICorsPolicyProvider
{
    public const string Policy = "site-domains";

    private readonly SiteStore _sites;
    private readonly Caching.ChangeFeedHealth _health;
    private readonly string[] _extra;

    // The policies of each site (and of "", the routes of no site), built from the database once: a browser sends Origin
    // on every cross-origin request, and reading the site for each took a route from 34,000 answers a second to 14,000.
    // A change to a site drops them (an article write leaves them); _changes tells a build that raced a change not to keep
    // what it read. Only sites that exist are kept, so made-up keys cannot fill this.
    private readonly ConcurrentDictionary<string, (CorsPolicy Public, CorsPolicy Editor)> _kept = new(StringComparer.Ordinal);
    private long _changes;

    public SiteCorsPolicies(SiteStore sites, IConfiguration configuration, ContentChanges changes, Caching.ChangeFeedHealth health)
    {
        _sites = sites;
        _health = health;
        _extra = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        changes.Changed += change =>
        {
            if (change.ArticleId is null)
            {
                Interlocked.Increment(ref _changes);
                _kept.TryRemove(change.Site, out _);
                _kept.TryRemove("", out _);
            }
        };
    }

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var site = context.GetRouteValue("site") as string ?? "";
        // an editing UI (an origin in Cors:AllowedOrigins) may also change what it reads
        var editor = context.Request.Headers.Origin is [{ } origin] && _extra.Contains(origin, StringComparer.OrdinalIgnoreCase);
        if (!_kept.TryGetValue(site, out var policies) || !_health.Trusted)
        {
            var before = Interlocked.Read(ref _changes);
            var (exists, domains) = site.Length > 0
                ? await _sites.FindAsync(site, context.RequestAborted) is { } found ? (true, found.Domains) : (false, [])
                : (true, (await _sites.ListAsync(context.RequestAborted)).SelectMany(s => s.Domains).ToList());
            policies = (Build(domains, editor: false), Build(domains, editor: true));
            if (exists && _health.Trusted && Interlocked.Read(ref _changes) == before)
            {
                _kept[site] = policies;
            }
        }
        return editor ? policies.Editor : policies.Public;
    }

    private static readonly string[] ReadMethods = ["GET", "HEAD", "POST"], EditMethods = ["PUT", "PATCH", "DELETE"];
    private static readonly string[] ReadHeaders = ["Content-Type", "X-Visitor-Id", "If-None-Match", "Authorization"],
        EditHeaders = ["If-Match", IdempotencyKeys.Header];

    private CorsPolicy Build(IEnumerable<string> domains, bool editor) => new CorsPolicyBuilder()
        .WithOrigins(domains.SelectMany(d => new[] { $"https://{d}", $"http://{d}" }).Concat(_extra).ToArray())
        .WithMethods(editor ? [.. ReadMethods, .. EditMethods] : ReadMethods)
        .WithHeaders(editor ? [.. ReadHeaders, .. EditHeaders] : ReadHeaders)
        .WithExposedHeaders("ETag", "Location", "Retry-After", IdempotencyKeys.ReplayedHeader)
        .SetPreflightMaxAge(TimeSpan.FromHours(1))
        .Build();
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
