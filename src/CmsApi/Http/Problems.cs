using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CmsApi.Http;

/// <summary>
/// RFC 9457 problem details for every error: each carries a stable machine <c>code</c> and a
/// <c>traceId</c>; unhandled exceptions become a 500 without a stack trace.
/// </summary>
public static partial class Problems
{
    public static IServiceCollection AddCmsProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = DefaultCode(problem.Status ?? context.HttpContext.Response.StatusCode);
            }
        });
        // after the framework's writer, which declines clients whose Accept leaves JSON out
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWhateverTheAccept>();
        services.AddExceptionHandler<ExceptionToProblem>();
        // Minimal APIs only log a body that does not bind unless told to throw; the handler turns it into a 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseCmsProblemDetails(this IApplicationBuilder app) =>
        app.UseExceptionHandler().UseStatusCodePages(WriteStatusProblemAsync);

    /// <summary>
    /// A problem for an answer that has a status and no body, as the framework's status code pages write it; and for
    /// a 400 of the binder, which fields it could not read. The generated binder answers a value it cannot parse
    /// (<c>?limit=abc</c>) with a bare 400 when the parameter is a property of an <c>[AsParameters]</c> record, without
    /// the exception that <c>ThrowOnBadRequest</c> asks for, so the problem said nothing.
    /// </summary>
    private static async Task WriteStatusProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Response.StatusCode == StatusCodes.Status400BadRequest && UnreadableParameters(http) is { Count: > 0 } errors)
        {
            await Validation(errors).ExecuteAsync(http);
            return;
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = http.Response.StatusCode,
                // the binder's 413 for a compressed body that grew past the route's limit once decompressed
                Detail = http.Response.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is larger than this route takes." : null,
            },
        });
    }

    private static Dictionary<string, string[]> UnreadableParameters(HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var parameter in http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            // a record's property is named by its [FromQuery(Name = …)]
            var name = parameter.ParameterInfo.GetCustomAttributes(inherit: false).OfType<IFromQueryMetadata>()
                .FirstOrDefault()?.Name ?? parameter.Name;
            if (parameter.HasTryParse && http.Request.Query[name] is [{ Length: > 0 } value] &&
                JsonErrors.Expected(type) is { } expected && !Parses(type, value))
            {
                errors[name] = [$"{name} should be {expected}."];
            }
        }
        return errors;
    }

    private static bool Parses(Type type, string value) =>
        type == typeof(int) ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(long) ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type != typeof(bool) || bool.TryParse(value, out _);

    public static ProblemHttpResult NotFound(string what, string id) =>
        Problem(StatusCodes.Status404NotFound, "not_found", $"No {what} '{id}' exists.");

    public static ProblemHttpResult Conflict(string code, string detail) =>
        Problem(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult PreconditionFailed(string what) =>
        Problem(StatusCodes.Status412PreconditionFailed, "precondition_failed",
            $"The {what} has changed since the version named in If-Match; read it again and retry.");

    public static ProblemHttpResult PreconditionRequired(string what) =>
        Problem(StatusCodes.Status428PreconditionRequired, "precondition_required",
            $"Send If-Match with the ETag of the {what} you read, so that no one else's change is overwritten.");

    public static ProblemHttpResult BadRequest(string code, string detail) =>
        Problem(StatusCodes.Status400BadRequest, code, detail);

    /// <summary>A 400 validation problem about one field, for checks that need the database (an unknown channel, say).</summary>
    public static ProblemHttpResult FieldError(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The one shape of a validation failure: 400, per-field <c>errors</c>, and the given code and extras.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string detail = "One or more fields are invalid.",
        string code = "validation_failed", IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var problem = new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Detail = detail };
        problem.Extensions["code"] = code;
        foreach (var (name, value) in extensions ?? [])
        {
            problem.Extensions[name] = value;
        }
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        409 => "conflict",
        412 => "precondition_failed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        428 => "precondition_required",
        429 => "too_many_requests",
        503 => "service_unavailable",
        >= 500 => "internal_error",
        _ => "error",
    };

    /// <summary>
    /// Writes a problem whatever the request's Accept says, as the framework's writer does for clients that take JSON.
    /// That writer declines the others (<c>Accept: text/markdown</c>, which an article answers, or a browser's
    /// <c>text/html</c>), and their errors came out as a bare 500 (a refused key), an empty 415 or a plain-text 404.
    /// RFC 9110 (12.5.1) lets a server disregard Accept; an error in problem+json says more than a 406 would.
    /// </summary>
    private sealed class ProblemJsonWhateverTheAccept(IOptions<ProblemDetailsOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var problem = context.ProblemDetails;
            problem.Status ??= context.HttpContext.Response.StatusCode;
            _ = TypedResults.Problem(problem); // fills in type and title from the status, as the framework's writer does
            options.Value.CustomizeProblemDetails?.Invoke(context);
            var type = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
            return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, type, "application/problem+json"));
        }
    }

    /// <summary>Bad requests keep their status and say what was wrong; anything else is a 500 that says nothing.</summary>
    private sealed partial class ExceptionToProblem(IProblemDetailsService problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        ILogger<ExceptionToProblem> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            ProblemDetails problem;
            if (exception is BadHttpRequestException bad)
            {
                problem = new ProblemDetails { Status = bad.StatusCode, Detail = Describe(bad, httpContext) };
                problem.Extensions["code"] = bad.InnerException is JsonException ? "malformed_json" : DefaultCode(bad.StatusCode);
            }
            else if (exception is InvalidDataException)
            {
                // a gzip, deflate or Brotli request body that does not decompress
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Detail = "The request body does not decompress in the coding its Content-Encoding names.",
                };
                problem.Extensions["code"] = "invalid_compressed_body";
            }
            else if (Data.Database.IsBusy(exception))
            {
                // Not a fault of the service or of the request: the writes before it took longer than the busy timeout.
                LogBusy(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Detail = "The database is busy with other writes; nothing was written. Try again shortly.",
                };
                problem.Extensions["code"] = "database_busy";
                httpContext.Response.Headers.RetryAfter = "1";
            }
            else
            {
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Detail = "An unexpected error occurred. Quote the traceId when reporting it.",
                };
            }
            httpContext.Response.StatusCode = problem.Status.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        }

        private string Describe(BadHttpRequestException bad, HttpContext http) => bad.InnerException is JsonException error
            // the handler runs with the endpoint cleared; the feature keeps the one that threw
            ? JsonErrors.Describe(error, http.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } body
                ? json.Value.SerializerOptions.GetTypeInfo(body)
                : null)
            : bad.Message;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Database busy on {Method} {Path}")]
        private static partial void LogBusy(ILogger logger, Exception exception, string method, PathString path);

        [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
        private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
    }
}
