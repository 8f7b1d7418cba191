using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;

namespace CmsApi.Auth;

public static class AuthSetup
{
    internal const string DataProtectionKeyRingLoader = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static IServiceCollection AddCmsAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        // Authentication registers data protection, whose hosted service only loads the key ring early. API keys never
        // use it, so the early load goes: about 30 ms of start-up (docs/performance.md); a first use would still load it.
        if (services.FirstOrDefault(d => d.ImplementationType?.FullName == DataProtectionKeyRingLoader) is { } loader)
        {
            services.Remove(loader);
        }
        var authorization = services.AddAuthorizationBuilder();
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireClaim(Scopes.ClaimType, scope).AddRequirements(new SiteAccess()));
        }
        services.AddSingleton<IAuthorizationHandler, SiteAccessHandler>();
        services.AddHostedService<BootstrapAdminKey>();
        return services;
    }

    /// <summary>
    /// A key that is sent must be valid, on public routes too: a script or preview front end with a mistyped, revoked
    /// or expired key is told so (401) instead of being served, without a word, only what the public sees.
    /// </summary>
    public static WebApplication UseCmsPresentedKeys(this WebApplication app)
    {
        app.Use((http, next) =>
            http.Request.Headers.ContainsKey(HeaderNames.Authorization) && http.User.Identity?.IsAuthenticated != true &&
            http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
                ? http.ChallengeAsync()
                : next(http));
        return app;
    }

    /// <summary>Lets a route demand one scope; the OpenAPI document then shows the key requirement and 401/403.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string scope) =>
        builder.RequireAuthorization(scope)
            .WithMetadata(new RequiredScope(scope))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>The same for every route of a group.</summary>
    public static RouteGroupBuilder RequireScope(this RouteGroupBuilder builder, string scope) =>
        builder.RequireAuthorization(scope)
            .WithMetadata(new RequiredScope(scope))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}

/// <summary>A site-limited key may act only on routes of its sites.</summary>
public sealed class SiteAccess : IAuthorizationRequirement;

public sealed class SiteAccessHandler : AuthorizationHandler<SiteAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SiteAccess requirement)
    {
        if (context.Resource is HttpContext http && Scopes.MayActOnSite(http))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Endpoint metadata naming the scope a route needs (read by the OpenAPI filter and the route-walking tests).</summary>
public sealed record RequiredScope(string Scope);

/// <summary>
/// <c>CMS_BOOTSTRAP_ADMIN_KEY</c>, when set at start-up, becomes a key with every scope (stored hashed);
/// when unset, an earlier bootstrap key stops working.
/// </summary>
public sealed partial class BootstrapAdminKey(ApiKeyStore keys, IConfiguration configuration, ILogger<BootstrapAdminKey> logger) : IHostedService
{
    public const string Variable = "CMS_BOOTSTRAP_ADMIN_KEY";
    private const int MinimumLength = 16;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = configuration[Variable];
        if (string.IsNullOrWhiteSpace(key))
        {
            await keys.SetBootstrapKeyAsync(null, cancellationToken);
            return;
        }
        if (key.Trim().Length < MinimumLength)
        {
            throw new InvalidOperationException($"{Variable} must be at least {MinimumLength} characters long.");
        }
        await keys.SetBootstrapKeyAsync(key.Trim(), cancellationToken);
        LogEnabled(logger, Variable);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "The bootstrap admin key from {Variable} is active")]
    private static partial void LogEnabled(ILogger logger, string variable);
}
