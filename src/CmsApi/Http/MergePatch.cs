using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Http;

/// <summary>
/// JSON Merge Patch (RFC 7396): objects merge member by member, null removes, anything else replaces. A PATCH route
/// reads the patch, merges it into what a PUT would send for the resource as it is, and validates the result as that PUT
/// body, so that a patch can make nothing a replace could not.
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

    /// <summary>The request's body as a patch: a JSON object, each member once, no deeper than any request body.</summary>
    public static async Task<(JsonObject? Patch, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(request.Body, new JsonNodeOptions { PropertyNameCaseInsensitive = false },
                new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false }, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("malformed_json", JsonErrors.Describe(ex, null)));
        }
        return patch is JsonObject patchObject ? (patchObject, null) : (null, Problems.BadRequest("malformed_json", "A merge patch is a JSON object."));
    }

    /// <summary>
    /// <paramref name="patch"/> merged into <paramref name="current"/> (what a PUT would send now), read back and
    /// validated: the PUT body to write, or the 400 that says what is wrong with it.
    /// </summary>
    public static async Task<(T? Input, ProblemHttpResult? Problem)> MergeAsync<T>(T current, JsonObject patch, JsonSerializerOptions options,
        IValidator<T> validator, CancellationToken cancellationToken) where T : class
    {
        var merged = Apply(JsonSerializer.SerializeToNode(current, options), patch);
        T input;
        try
        {
            // an object merged into an object is an object: never null
            input = merged.Deserialize<T>(options)!;
        }
        catch (JsonException ex)
        {
            // paths in the merged body are the patch's own paths
            return (null, Problems.BadRequest("malformed_json", JsonErrors.Describe(ex, options.GetTypeInfo(typeof(T)), positions: false)));
        }
        var validation = await validator.ValidateAsync(input, cancellationToken);
        return validation.IsValid ? (input, null) : (null, ValidationFilter.Problem(validation));
    }

    /// <summary>What a PATCH route takes, for the OpenAPI document: an object of the PUT body's fields, or a 400.</summary>
    public static RouteHandlerBuilder AcceptsMergePatch(this RouteHandlerBuilder builder) =>
        builder.Accepts<JsonObject>(ContentType, "application/json").ProducesValidationProblem();
}
