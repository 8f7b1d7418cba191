using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CmsApi.Auth;
using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CmsApi.Import;

/// <summary>One page's result in a batch.</summary>
/// <param name="Line">The line of the NDJSON body.</param>
/// <param name="Status">201 created, 200 updated, 409 duplicate, 400 invalid, 404 unknown site.</param>
/// <param name="ArticleId">The created, updated or (for 409) existing article.</param>
/// <param name="Title">The title read from the page.</param>
/// <param name="Detail">Why the page was not imported.</param>
/// <param name="Errors">Field errors, as in a validation problem.</param>
/// <param name="Report">How the page was read.</param>
public sealed record BatchItem(int Line, int Status, long? ArticleId, string? Title, string? Detail,
    IDictionary<string, string[]>? Errors, ImportReport? Report);

/// <summary>The results of a batch, in the order of its lines.</summary>
/// <param name="Items">One result per line.</param>
/// <param name="Created">Pages imported as new articles.</param>
/// <param name="Updated">Pages that updated the article imported from them before (mode=update).</param>
/// <param name="Failed">Pages not imported (duplicate, invalid, unknown site).</param>
public sealed record BatchResult(IReadOnlyList<BatchItem> Items, int Created, int Updated, int Failed);

public static class ImportApi
{
    public static IServiceCollection AddImport(this IServiceCollection services) => services.AddSingleton<PageImporter>();

    public static RouteGroupBuilder MapImport(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}/articles/import").WithTags("Import").RequireScope(Scopes.ContentWrite)
            .WithMetadata(new ImportSizedBody());

        group.MapPost("/", ImportPage).WithName("ImportLegacyPage")
            .WithSummary("Import one legacy page (text/plain, or JSON { text, channel, publish }) as an article, with a report")
            .WithDescription("text/plain may be UTF-8 (the default) or, named by its charset, GB18030, GBK or GB2312, as older portals' pages often are.")
            .Accepts<ImportRequest>("application/json", "text/plain")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapPost("/batch", ImportBatch).WithName("ImportLegacyPages")
            .WithSummary("Import many pages: NDJSON, one JSON { text, channel, publish } per line; a result per page")
            .Accepts<ImportRequest>("application/x-ndjson")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return group;
    }

    /// <summary>The query options every import takes (properties: see <see cref="Articles.ListParameters"/>).</summary>
    public sealed record ImportParameters
    {
        /// <summary>Key of the channel the articles go into.</summary>
        [FromQuery(Name = "channel")] public string? Channel { get; init; }

        /// <summary>Publish the articles (needs content:publish).</summary>
        [FromQuery(Name = "publish")] public bool? Publish { get; init; }

        /// <summary>create (default: a page imported before is a 409) or update (update that article).</summary>
        [FromQuery(Name = "mode")] public string? Mode { get; init; }

        /// <summary>Write the page's copyright and filings into the site (needs sites:admin).</summary>
        [FromQuery(Name = "applyFooter")] public bool? ApplyFooter { get; init; }
    }

    private static async Task<Results<Created<ImportResult>, Ok<ImportResult>, ProblemHttpResult>> ImportPage(
        string site, [AsParameters] ImportParameters parameters, HttpContext http, PageImporter importer,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        ImportRequest request;
        var contentType = http.Request.GetTypedHeaders().ContentType;
        switch (contentType?.MediaType.Value)
        {
            case "text/plain":
                if (PageCharset(contentType.Charset.Value) is not { } charset)
                {
                    return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported_charset",
                        $"The charset '{contentType.Charset.Value}' is not one a page may come in: send UTF-8, or name GB18030, GBK or GB2312.");
                }
                if (await ReadTextAsync(http.Request, charset.Encoding) is not { } text)
                {
                    return Problems.BadRequest(charset.InvalidCode, $"The page text is not valid {charset.Name}.");
                }
                request = new ImportRequest(text, null, null);
                break;
            case "application/json":
                try
                {
                    request = await JsonSerializer.DeserializeAsync<ImportRequest>(http.Request.Body, json.Value.SerializerOptions, ct)
                              ?? new ImportRequest(null, null, null);
                }
                catch (JsonException ex)
                {
                    return Problems.BadRequest("malformed_json", JsonErrors.Describe(ex, json.Value.SerializerOptions.GetTypeInfo(typeof(ImportRequest))));
                }
                break;
            default:
                return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    "Send the page as text/plain; charset=utf-8, or as application/json { text, channel, publish }.");
        }
        var (options, refused) = Options(parameters, request, http.User);
        if (refused is not null)
        {
            return refused;
        }
        var outcome = await importer.ImportAsync(site, request.Text, options, Scopes.KeyPrefix(http.User), ct);
        return outcome.Status switch
        {
            PageImporter.Status.Created => TypedResults.Created($"/api/v1/sites/{site}/articles/{outcome.Article!.Id}", new ImportResult(outcome.Article, outcome.Report!)),
            PageImporter.Status.Updated => TypedResults.Ok(new ImportResult(outcome.Article!, outcome.Report!)),
            PageImporter.Status.Duplicate => TypedResults.Problem(detail: outcome.Detail, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["code"] = "already_imported", ["existingId"] = outcome.ExistingId }),
            PageImporter.Status.SiteNotFound => Problems.NotFound("site", site),
            _ => Problems.Validation(outcome.Errors ?? new Dictionary<string, string[]>(), outcome.Detail ?? "The page could not be imported.",
                "import_failed", [new("report", outcome.Report)]),
        };
    }

    private static async Task<Results<Ok<BatchResult>, ProblemHttpResult>> ImportBatch(
        string site, [AsParameters] ImportParameters parameters, HttpContext http, PageImporter importer, Sites.SiteStore sites,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        if (http.Request.GetTypedHeaders().ContentType?.MediaType.Value is not ("application/x-ndjson" or "application/jsonl"))
        {
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "Send the pages as application/x-ndjson: one JSON object { text, channel, publish } per line.");
        }
        // one 404 for the batch, not one per page
        if ((await sites.ExistingAsync([site], ct)).Count == 0)
        {
            return Problems.NotFound("site", site);
        }
        if (await ReadTextAsync(http.Request, Utf8.Encoding) is not { } body)
        {
            return Problems.BadRequest("invalid_utf8", "The body is not valid UTF-8.");
        }
        var items = new List<BatchItem>();
        var lines = body.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            items.Add(await ImportLineAsync(site, index + 1, line, parameters, http.User, importer, json.Value.SerializerOptions, ct));
        }
        if (items.Count == 0)
        {
            return Problems.BadRequest("empty_batch", "The batch has no pages.");
        }
        return TypedResults.Ok(new BatchResult(items, items.Count(i => i.Status == 201), items.Count(i => i.Status == 200),
            items.Count(i => i.Status >= 400)));
    }

    /// <summary>Each page on its own: a bad one is reported and the next goes on.</summary>
    private static async Task<BatchItem> ImportLineAsync(string site, int number, string line, ImportParameters parameters,
        ClaimsPrincipal user, PageImporter importer, JsonSerializerOptions json, CancellationToken ct)
    {
        ImportRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ImportRequest>(line, json);
        }
        catch (JsonException ex)
        {
            return new BatchItem(number, 400, null, null, JsonErrors.Describe(ex, json.GetTypeInfo(typeof(ImportRequest)), "This line", positions: false), null, null);
        }
        request ??= new ImportRequest(null, null, null);
        var (options, refused) = Options(parameters, request, user);
        if (refused is not null)
        {
            return new BatchItem(number, refused.StatusCode, null, null, refused.ProblemDetails.Detail, null, null);
        }
        var outcome = await importer.ImportAsync(site, request.Text, options, Scopes.KeyPrefix(user), ct);
        var status = outcome.Status switch
        {
            PageImporter.Status.Created => 201,
            PageImporter.Status.Updated => 200,
            PageImporter.Status.Duplicate => 409,
            PageImporter.Status.SiteNotFound => 404,
            _ => 400,
        };
        return new BatchItem(number, status, outcome.Article?.Id ?? outcome.ExistingId, outcome.Report?.Title?.Text, outcome.Detail,
            outcome.Errors, outcome.Report);
    }

    /// <summary>
    /// The options, or why they are refused: malformed, or asking for a scope the key lacks (the route's policy has
    /// already checked content:write and that a site-limited key may act on this site).
    /// </summary>
    private static (ImportOptions Options, ProblemHttpResult? Refused) Options(ImportParameters parameters, ImportRequest request, ClaimsPrincipal user)
    {
        var publish = request.Publish ?? parameters.Publish ?? false;
        var applyFooter = parameters.ApplyFooter ?? false;
        var options = new ImportOptions(request.Channel ?? parameters.Channel, publish, parameters.Mode == "update", applyFooter);
        ProblemHttpResult? refused =
            parameters.Mode is not (null or "create" or "update") ? Problems.FieldError("mode", "mode is create or update.")
            : publish && !user.HasClaim(Scopes.ClaimType, Scopes.ContentPublish)
                ? Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Publishing on import needs a key with content:publish.")
            : applyFooter && !user.HasClaim(Scopes.ClaimType, Scopes.SitesAdmin)
                ? Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "applyFooter needs a key with sites:admin.")
            : null;
        return (options, refused);
    }

    /// <summary>A charset a page may come in, decoding strictly: a byte sequence it does not define is an error, not a '?'.</summary>
    private sealed record Charset(string Name, Encoding Encoding, string InvalidCode);

    private static readonly Charset Utf8 = new("UTF-8", new UTF8Encoding(false, throwOnInvalidBytes: true), "invalid_utf8");

    /// <summary>GB18030, which contains GBK, which contains GB2312: older Chinese portals wrote their pages in these.</summary>
    private static readonly Charset Gb18030 = new("GB18030",
        CodePagesEncodingProvider.Instance.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!,
        "invalid_gb18030");

    /// <summary>The charset a text/plain page names (UTF-8 when it names none), or null when it is not one we read.</summary>
    private static Charset? PageCharset(string? name) =>
        string.IsNullOrEmpty(name) || Hardening.NamesUtf8(name) ? Utf8
        : name.Trim('"').ToUpperInvariant() is "GB18030" or "GBK" or "GB2312" or "X-GBK" or "CP936" ? Gb18030
        : null;

    /// <summary>The body as text, or null when it is not valid in the encoding (which must throw on invalid bytes).</summary>
    private static async Task<string?> ReadTextAsync(HttpRequest request, Encoding encoding)
    {
        using var reader = new StreamReader(request.Body, encoding);
        try
        {
            return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
