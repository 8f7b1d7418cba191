using System.Net;
using CmsApi.Http;
using CmsApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public void Every_JSON_body_and_answer_has_generated_contracts()
    {
        // A type missing from CmsJsonContext still works (by reflection) but costs start-up time for a body, and the
        // first request's time for an answer: this keeps new routes from slipping out of it unnoticed.
        var types = new HashSet<Type>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            foreach (var accepts in endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>())
            {
                if (accepts.RequestType is { } body && accepts.ContentTypes.Contains("application/json"))
                {
                    types.Add(body);
                }
            }
            foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
            {
                if (produces is { StatusCode: >= 200 and < 300, Type: { } answer } && answer != typeof(void) &&
                    produces.ContentTypes.Contains("application/json"))
                {
                    types.Add(answer);
                }
            }
        }

        Assert.Contains(typeof(CmsApi.Articles.Article), types);
        Assert.Contains(typeof(CmsApi.Articles.ArticleInput), types);
        Assert.Empty(types.Where(type => CmsJsonContext.Default.GetTypeInfo(type) is null).Select(type => type.FullName));
    }

    [Fact]
    public void Configuration_files_are_read_once_unless_the_command_line_asks_to_watch_them()
    {
        // The test host sets DOTNET_hostBuilder__reloadConfigOnChange=false for every app in this process, so the
        // service's own setting is read from its command line, and the builders below show how the host applies it.
        var commandLine = new ConfigurationBuilder().AddCommandLine(ConfigurationFiles.ReadOnce([])).Build();
        Assert.Equal("false", commandLine["hostBuilder:reloadConfigOnChange"]);

        static List<FileConfigurationProvider> Files(string[] args) =>
            ((IConfigurationRoot)Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(ConfigurationFiles.ReadOnce(args)).Configuration)
                .Providers.OfType<FileConfigurationProvider>().ToList();
        var once = Files([]);
        Assert.Contains(once, file => file.Source.Path == "appsettings.json");
        Assert.All(once, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched"));
        Assert.All(Files(["--hostBuilder:reloadConfigOnChange=true"]), file => Assert.True(file.Source.ReloadOnChange));
    }
}
