using CmsApi.Articles;
using CmsApi.Auth;
using CmsApi.Http;
using CmsApi.Sites;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CmsApi.Audit;

/// <summary>
/// 操作日志 (等保 安全审计): who tried to change what, from where, and how it ended, for every POST, PUT, PATCH and DELETE
/// of a route that needs a key (refusals included: a missing or revoked key, a key without the scope). Read with
/// <c>audit:read</c>, a scope of its own, so that an audit administrator (三员分立: 审计管理员) reads it without being
/// able to change anything; nobody can change or delete an entry.
/// </summary>
public static class AuditApi
{
    public const int MaxLimit = 100;

    /// <summary>The log as a spreadsheet: every entry the filters let through, in one answer, for an auditor to archive or
    /// open in Excel (等保测评 asks for exported logs).</summary>
    private static readonly TextAlternatives Export = new("text/csv");

    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() is { Keep: var keep } && keep < TimeSpan.FromDays(1))
        {
            throw new InvalidOperationException($"{AuditOptions.Section}:Keep: '{keep}' is shorter than a day.");
        }
        services.Configure<AuditOptions>(configuration.GetSection(AuditOptions.Section));
        services.AddSingleton<AuditLog>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditLog>());
        return services;
    }

    /// <summary>Logs each request the log keeps as it ends (after authentication, so that refusals of keys are logged too).</summary>
    public static WebApplication UseCmsAudit(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<AuditLog>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (http, next) =>
        {
            if (!AuditLog.Keeps(http))
            {
                await next(http);
                return;
            }
            var at = clock.GetUtcNow();
            var ended = false;
            try
            {
                await next(http);
                ended = true;
            }
            finally
            {
                // an exception becomes a 500 further out, in the problem details handler
                await log.AddAsync(log.EntryOf(http, at, ended ? http.Response.StatusCode : StatusCodes.Status500InternalServerError));
            }
        });
        return app;
    }

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        // A key limited to sites reads the entries of its sites: the route is of no site, and answers for the key's.
        var group = routes.MapGroup("/audit").WithTags("Audit").RequireScope(Scopes.AuditRead).WithMetadata(new AnswersForKeySites());

        group.MapGet("/", async Task<Results<Ok<AuditPage>, PushStreamHttpResult, ProblemHttpResult>> (
                [AsParameters] AuditQuery query, AuditLog log, HttpContext http, CancellationToken ct) =>
            {
                var zone = SiteTimeZone.Find(SiteInput.DefaultTimeZone);
                var (from, until) = (ListParameters.ParseBound(query.From, zone, endOfDay: false), ListParameters.ParseBound(query.To, zone, endOfDay: true));
                if (Scopes.OtherSite(http, query.Site) is { } otherSite)
                {
                    return otherSite;
                }
                var filter = new AuditLog.Filter(query.Site, query.Actor, from, until, AuditQuery.Before(query.Cursor), Scopes.SitesOf(http.User));
                http.Response.Headers.Vary = "Accept";
                if (Export.Choose(http.Request) is not null)
                {
                    return TypedResults.Stream(stream => AuditCsv.WriteAsync(stream, log.ReadAsync(filter, limit: null, http.RequestAborted)),
                        Csv.MediaType, "audit.csv");
                }
                var limit = query.Limit ?? MaxLimit;
                var items = new List<AuditEvent>(limit + 1);
                await foreach (var item in log.ReadAsync(filter, limit + 1, ct))
                {
                    items.Add(item);
                }
                return TypedResults.Ok(new AuditPage(items.Take(limit).ToList(), items.Count > limit ? AuditQuery.CursorBefore(items[limit - 1].Id) : null));
            })
            .WithName("ListAuditEvents")
            .WithSummary("操作日志: who tried to change what, from where, and how it ended; newest first. Accept: text/csv exports every entry the filters let through")
            .WithMetadata(Export)
            .WithDescription(
                "Every POST, PUT, PATCH and DELETE of a route that needs a key, refusals included (401: no valid key; 403: a " +
                "key without the scope or the site; 4xx: refused, nothing written), kept for Audit:Keep (180 days). Filters: " +
                "site, actor (a key's prefix), from and to (days in Beijing time, or instants). A key limited to sites reads " +
                "the entries of its sites. Entries are written within moments of the request's end. With Accept: text/csv the " +
                "answer is a spreadsheet (UTF-8 with a byte-order mark, as Excel wants for Chinese) of every entry the filters " +
                "and cursor let through, newest first, limit aside. Needs audit:read.")
            .WithValidation();

        return group;
    }
}

/// <summary>One request that tried to change something (操作日志), as the audit log keeps it.</summary>
/// <param name="Id">Its number; a later entry has a higher one.</param>
/// <param name="At">When the request came, in its site's time zone (UTC for a request of no site, or of a site since deleted).</param>
/// <param name="Actor">The public prefix of the API key that made it (GET /api/v1/keys names it); null when no valid key came.</param>
/// <param name="Site">The site the route names, or the site a request made (or tried to make); null for routes of no
/// site (keys).</param>
/// <param name="Method">POST, PUT, PATCH or DELETE.</param>
/// <param name="Route">What was done: the route's pattern, e.g. <c>/api/v1/sites/{site}/articles/{id}/publish</c>.</param>
/// <param name="Path">What it was done to: the path requested (its ids), without the query string.</param>
/// <param name="Status">How it ended: 2xx done; 401 no valid key; 403 a key without the scope or the site; another 4xx
/// refused, nothing written; 5xx failed.</param>
/// <param name="Ip">The client's address (after trusted proxies, <c>Proxies:Trusted</c>).</param>
/// <param name="TraceId">The request's trace id, as its problem details and the service's logs name it.</param>
/// <param name="Articles">The articles a request of several named in its body (批量操作, 批量移动, and the purge of several:
/// those it purged from the whole trash); absent for the others, whose path holds their ids.</param>
public sealed record AuditEvent(long Id, DateTimeOffset At, string? Actor, string? Site, string Method, string Route, string Path, int Status,
    string? Ip, string TraceId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<long>? Articles = null);

/// <summary>A page of the audit log, newest first.</summary>
/// <param name="Items">The entries.</param>
/// <param name="NextCursor">Where the next (older) page starts; null on the last.</param>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, string? NextCursor);

/// <summary>The audit log's query string.</summary>
public sealed record AuditQuery
{
    /// <summary>Only this site's entries.</summary>
    [FromQuery(Name = "site")] public string? Site { get; init; }

    /// <summary>Only this key's entries (its prefix).</summary>
    [FromQuery(Name = "actor")] public string? Actor { get; init; }

    /// <summary>From this day (yyyy-MM-dd, Beijing time) or instant (ISO-8601 with offset), inclusive.</summary>
    [FromQuery(Name = "from")] public string? From { get; init; }

    /// <summary>To this day (inclusive) or instant (exclusive).</summary>
    [FromQuery(Name = "to")] public string? To { get; init; }

    /// <summary>1 to 100; default 100.</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }

    /// <summary>The nextCursor of the previous page.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; init; }

    /// <summary>The entry a cursor continues before; null for none, or for text that is no cursor of the log.</summary>
    public static long? Before(string? cursor) => OpaqueTokens.Decode<Wire>(cursor) is { B: > 0 } wire ? wire.B : null;

    public static string CursorBefore(long id) => OpaqueTokens.Encode(new Wire(id));

    private sealed record Wire(long B);
}

public sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, AuditApi.MaxLimit);
        RuleFor(q => q.Site).Matches(SiteValidator.KeyPattern()).WithMessage("site is a site's key.");
        RuleFor(q => q.Actor).NotEmpty().MaximumLength(64).PlainText().When(q => q.Actor is not null)
            .WithMessage("actor is a key's prefix, as GET /api/v1/keys lists it.");
        RuleFor(q => q.From).Must(ListParameters.IsBound).WithMessage($"from is a day (yyyy-MM-dd, Beijing time) or {Instants.Expected}.");
        RuleFor(q => q.To).Must(ListParameters.IsBound).WithMessage($"to is a day (yyyy-MM-dd, Beijing time) or {Instants.Expected}.");
        RuleFor(q => q.Cursor).Must(c => c is null || AuditQuery.Before(c) is not null)
            .WithMessage("This is not a cursor of the audit log; send a nextCursor it gave, or none.");
    }
}

/// <summary>The audit log's settings (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How long entries are kept: 180 days, the six months the Cybersecurity Law (网络安全法, article 21) asks of
    /// network logs.</summary>
    public TimeSpan Keep { get; set; } = TimeSpan.FromDays(180);
}
