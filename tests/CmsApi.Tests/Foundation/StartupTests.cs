using System.Net;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Foundation;

/// <summary>
/// What start-up leaves for later or skips (docs/performance.md, start-up), checked to still work and to stay skipped.
/// </summary>
public sealed class StartupTests(SqliteDatabase database) : ApiTest(database), IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task Swagger_is_built_on_its_first_request_and_serves_the_document_and_the_UI()
    {
        var ui = await Anonymous.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
        var document = await Anonymous.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"openapi\"", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The branch passes on what it does not serve, and only /swagger reaches it.
        await (await Anonymous.GetAsync("/swagger/v2/swagger.json")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.GetAsync("/swaggerish")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
