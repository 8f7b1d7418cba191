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
