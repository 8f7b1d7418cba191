using CmsApi.Auth;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CmsApi.Http;

/// <summary>The OpenAPI document (Swashbuckle) at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>.</summary>
/// <summary>Endpoint metadata: the answer can also be negotiated as these text types.</summary>
public sealed record TextAlternatives(params string[] MediaTypes);

public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    private const string SchemeName = "ApiKey";

    public static IServiceCollection AddCmsOpenApi(this IServiceCollection services) =>
        services.AddEndpointsApiExplorer().AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "CmsApi",
                Version = "v1",
                Description = "Headless CMS for the news portals of government bodies: sites, channels, articles with " +
                              "numbered sections, filing-aware footers and the lunar page-header calendar. " +
                              "Public routes are anonymous GETs; every write needs an API key (Authorization: Bearer <key>).",
            });
            options.AddSecurityDefinition(SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: Authorization: Bearer <key>.",
            });
            options.OperationFilter<ScopeRequirementFilter>();
            options.OperationFilter<TextAlternativesFilter>();
            options.SupportNonNullableReferenceTypes();
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "CmsApi.xml"));
        });

    public static WebApplication MapCmsOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options => options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "CmsApi v1"));
        return app;
    }

    /// <summary>A successful answer is also available as these text types (plain strings), besides JSON.</summary>
    private sealed class TextAlternativesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var alternatives = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<TextAlternatives>().FirstOrDefault();
            if (alternatives is null || operation.Responses?.TryGetValue("200", out var ok) != true || ok!.Content is null)
            {
                return;
            }
            foreach (var mediaType in alternatives.MediaTypes)
            {
                ok.Content[mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }
    }

    /// <summary>Operations that demand a scope get the key requirement, and say which scope in their description.</summary>
    private sealed class ScopeRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var scope = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().FirstOrDefault();
            if (scope is null)
            {
                return;
            }
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
            operation.Description = $"Needs an API key with the scope `{scope.Scope}`.";
        }
    }
}
