using System.Text.Json.Nodes;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Foundation;

/// <summary>
/// The committed document (openapi/cmsapi.v1.json) must be what the service serves. To refresh it after changing
/// routes: <c>CMS_UPDATE_OPENAPI=1 dotnet test --filter FullyQualifiedName~OpenApiDocumentTests</c>.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteDatabase database) : ApiTest(database), IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task The_committed_document_matches_the_served_one()
    {
        var served = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var path = Path.Combine(RepositoryRoot(), "openapi", "cmsapi.v1.json");

        if (Environment.GetEnvironmentVariable("CMS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the refresh command in README.md.");
        var committed = await File.ReadAllTextAsync(path);
        Assert.True(committed == served,
            "openapi/cmsapi.v1.json differs from what the service serves. Refresh it with: " +
            "CMS_UPDATE_OPENAPI=1 dotnet test --filter FullyQualifiedName~OpenApiDocumentTests");
    }

    [Fact]
    public async Task Protected_operations_carry_the_key_requirement()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

        var createSite = document["paths"]!["/api/v1/sites"]!["post"]!;
        Assert.NotNull(createSite["security"]);
        Assert.NotNull(createSite["responses"]!["401"]);
        Assert.Null(document["paths"]!["/api/v1/sites"]!["get"]!["security"]);
        Assert.NotNull(document["components"]!["securitySchemes"]!["ApiKey"]);
    }

    /// <summary>
    /// The document named no request headers, so a generated client could not send If-Match at all: writes that check
    /// it declare it (required where a missing one is a 428), and public reads declare If-None-Match.
    /// </summary>
    [Fact]
    public async Task Conditional_headers_are_parameters_where_they_are_read()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;
        JsonNode? Header(JsonNode operation, string name) =>
            operation["parameters"]?.AsArray().FirstOrDefault(p => p!["in"]!.GetValue<string>() == "header" && p["name"]!.GetValue<string>() == name);
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key} {path.Key}", Operation: op.Value!))).ToList();

        Assert.All(operations, o =>
        {
            var responses = o.Operation["responses"]!.AsObject();
            var ifMatch = Header(o.Operation, "If-Match");
            Assert.True(responses.ContainsKey("412") == (ifMatch is not null), $"{o.Name}: a 412 and an If-Match parameter go together");
            Assert.True(responses.ContainsKey("428") == (ifMatch?["required"]?.GetValue<bool>() == true), $"{o.Name}: a 428 and a required If-Match go together");
        });
        Assert.True(Header(document["paths"]!["/api/v1/sites/{site}/articles/{id}"]!["put"]!, "If-Match")!["required"]!.GetValue<bool>());
        Assert.NotNull(Header(document["paths"]!["/api/v1/sites/{site}/channels/{channel}"]!["patch"]!, "If-Match"));
        Assert.NotNull(Header(document["paths"]!["/api/v1/sites/{site}/articles/{id}"]!["get"]!, "If-None-Match"));
    }

    /// <summary>
    /// A merge patch's values were described by JsonNode's .NET properties (options, parent, root, and nothing else
    /// allowed), so the document refused {"title": "…"}; and the import report listed a helper property (isEmpty).
    /// </summary>
    [Fact]
    public async Task Schemas_describe_the_json_on_the_wire_not_dotnet_members()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();

        Assert.DoesNotContain(schemas, schema => schema.Key.StartsWith("JsonNode", StringComparison.Ordinal));
        var patchValues = document["paths"]!["/api/v1/sites/{site}/articles/{id}"]!["patch"]!["requestBody"]!["content"]!["application/merge-patch+json"]!["schema"]!["additionalProperties"]!;
        Assert.Null(patchValues["$ref"]);
        Assert.Null(patchValues["type"]);
        Assert.False(schemas["FooterReport"]!["properties"]!.AsObject().ContainsKey("isEmpty"));
        // a description written over several lines of source reads as text, not with the source's indentation
        Assert.DoesNotContain(Descriptions(document), text => text.Contains("\n ", StringComparison.Ordinal));
    }

    [Fact]
    public void No_nullability_context_is_shared()
    {
        // NullabilityInfoContext is not thread-safe (dotnet/runtime#100254): a static one made the document a 500 when two
        // were built at once, as CI once saw. A race cannot be shown on demand; its cause can.
        var shared = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(System.Reflection.NullabilityInfoContext))
            .Select(f => $"{f.DeclaringType}.{f.Name}");

        Assert.Empty(shared);
    }

    private static IEnumerable<string> Descriptions(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p is { Key: "description", Value: JsonValue v } ? [v.GetValue<string>()] : Descriptions(p.Value)),
        JsonArray a => a.SelectMany(Descriptions),
        _ => [],
    };

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CmsApi.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("CmsApi.sln not found above the test binaries.");
    }
}
