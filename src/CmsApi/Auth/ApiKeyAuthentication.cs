using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CmsApi.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>. No header means anonymous (public routes still work);
/// a wrong key fails authentication; 401 and 403 are answered as problem+json.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length == BearerPrefix.Length)
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        }
        var key = await keys.FindActiveAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            // Never log the presented key, not even in part.
            LogRejected(Logger, Request.Method, Request.Path);
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Prefix), new(ClaimTypes.Name, key.Name) };
        claims.AddRange(key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(Scopes.ClaimType, s)));
        if (key.Sites is not null)
        {
            claims.Add(new Claim(Scopes.SiteLimitedClaimType, "true"));
            claims.AddRange(Data.StoredJson.Read<List<string>>(key.Sites).Select(site => new Claim(Scopes.SiteClaimType, site)));
        }
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Detail = failure?.Message ?? "This route needs an API key: send 'Authorization: Bearer <api key>'.",
        });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblemAsync(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Detail = "The API key is valid but its scopes or sites do not allow this route.",
        });
    }

    private async Task WriteProblemAsync(ProblemDetails problem) =>
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an unknown, revoked or expired API key on {Method} {Path}")]
    private static partial void LogRejected(ILogger logger, string method, PathString path);
}
