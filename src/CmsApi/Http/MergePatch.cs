using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CmsApi.Http;

/// <summary>
/// JSON Merge Patch (RFC 7396): objects merge member by member, null removes, anything else replaces. A PATCH route
/// reads the patch, merges it into what a PUT would send for the resource as it is, and validates the result as that PUT
/// body, so that a patch can make nothing a replace could not; then writes it as its PUT does.
/// </summary>
public static class MergePatch
{
    public const string ContentType = "application/merge-patch+json";

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target as JsonObject is { } targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }
        return result;
    }

    /// <summary>
    /// A PATCH request's input: its body read as a patch (a JSON object, each member once, no deeper than any request
    /// body), merged into what a PUT would send for the resource as it is (<paramref name="current"/>; null when there
    /// is none: <paramref name="notFound"/>), read back and validated; with the version to write against: If-Match's, or
    /// without one (or with *) the version the patch was merged into, so that a change in between is a 412, not lost.
    /// </summary>
    public static async Task<(T? Input, long Expected, ProblemHttpResult? Problem)> MergeAsync<T>(HttpContext http,
        Func<Task<(T Input, long Version)?>> current, Func<ProblemHttpResult> notFound, IValidator<T> validator) where T : class
    {
        var cancellationToken = http.RequestAborted;
        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(http.Request.Body, new JsonNodeOptions { PropertyNameCaseInsensitive = false },
                new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false }, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, 0, Problems.BadRequest("malformed_json", JsonErrors.Describe(ex, null)));
        }
        if (patch is not JsonObject patchObject)
        {
            return (null, 0, Problems.BadRequest("malformed_json", "A merge patch is a JSON object."));
        }
        if (await current() is not { } found)
        {
            return (null, 0, notFound());
        }
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var merged = Apply(JsonSerializer.SerializeToNode(found.Input, options), patchObject);
        T input;
        try
        {
            // an object merged into an object is an object: never null
            input = merged.Deserialize<T>(options)!;
        }
        catch (JsonException ex)
        {
            // paths in the merged body are the patch's own paths
            return (null, 0, Problems.BadRequest("malformed_json", JsonErrors.Describe(ex, options.GetTypeInfo(typeof(T)), positions: false)));
        }
        var validation = await validator.ValidateAsync(input, cancellationToken);
        return validation.IsValid ? (input, ETags.RequiredVersion(http) ?? found.Version, null) : (null, 0, ValidationFilter.Problem(validation));
    }

    /// <summary>What a PATCH route takes, for the OpenAPI document: an object of the PUT body's fields, or a 400.</summary>
    public static RouteHandlerBuilder AcceptsMergePatch(this RouteHandlerBuilder builder) =>
        builder.Accepts<JsonObject>(ContentType, "application/json").ProducesValidationProblem();
}
