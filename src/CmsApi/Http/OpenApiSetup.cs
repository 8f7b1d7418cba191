using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CmsApi.Articles;
using CmsApi.Auth;
using CmsApi.Caching;
using CmsApi.Import;
using CmsApi.Sections;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CmsApi.Http;

/// <summary>The OpenAPI document (Swashbuckle) at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>.</summary>
public static partial class OpenApiSetup
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
                              "Public routes are anonymous GETs; every write needs an API key (Authorization: Bearer <key>). " +
                              "Every GET also answers HEAD (the same status and headers, no body); HEADs are not listed.",
            });
            options.AddSecurityDefinition(SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: Authorization: Bearer <key>.",
            });
            // HEAD is every GET route's too (HeadRequests): listed once, as the GET, rather than as a twin operation.
            options.DocInclusionPredicate((document, api) =>
                api.HttpMethod != HttpMethods.Head && (api.GroupName is null || api.GroupName == document));
            options.OperationFilter<ScopeRequirementFilter>();
            options.OperationFilter<PublicReadFilter>();
            options.OperationFilter<TextAlternativesFilter>();
            options.OperationFilter<ConditionalHeadersFilter>();
            options.OperationFilter<ParameterDescriptionsFilter>();
            options.OperationFilter<FixtureExamplesFilter>();
            options.SupportNonNullableReferenceTypes();
            // A merge patch's values are any JSON; described from JsonNode's .NET properties (options, parent, root),
            // the document refused the patches it takes ({"title": "…"}).
            options.MapType<System.Text.Json.Nodes.JsonNode>(() => new OpenApiSchema { Description = "Any JSON value." });
            options.SchemaFilter<RequiredMembersFilter>();
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "CmsApi.xml"));
            options.SchemaFilter<XmlIndentationFilter>(); // after the XML comments, which it tidies
        });

    public static WebApplication MapCmsOpenApi(this WebApplication app)
    {
        // Swashbuckle's middlewares are built on the first request under /swagger rather than at start-up, where they
        // took about 50 ms (compiled expressions, an index of the UI's embedded files); every other request pays one
        // path test.
        app.Use(next =>
        {
            var swagger = new Lazy<RequestDelegate>(() =>
            {
                var branch = ((IApplicationBuilder)app).New();
                branch.UseSwagger();
                branch.UseSwaggerUI(options => options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "CmsApi v1"));
                branch.Run(next);
                return branch.Build();
            });
            return http => http.Request.Path.StartsWithSegments("/swagger") ? swagger.Value(http) : next(http);
        });
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

    /// <summary>
    /// The conditional request headers as parameters, so that generated clients can send them: <c>If-Match</c> where a
    /// write reads it (<see cref="IfMatchHeader"/>), <c>If-None-Match</c> on public reads.
    /// </summary>
    private sealed class ConditionalHeadersFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IfMatchHeader>().FirstOrDefault() is { } ifMatch)
            {
                Add(operation, "If-Match", ifMatch.Required,
                    (ifMatch.Required ? "Required. " : "Checked when sent. ") +
                    "The ETag of the version read (only the version in it counts; a stale one is a 412), or `*` for whatever version is stored.");
            }
            if (metadata.OfType<PublicRead>().Any())
            {
                Add(operation, "If-None-Match", false, "ETags of answers held: a 304 without a body when the answer's ETag is one of them.");
            }
            if (metadata.OfType<IdempotencyKeyHeader>().Any())
            {
                Add(operation, IdempotencyKeys.Header, false,
                    "A new value (a UUID, say) for each creation. Sent again with the same request, the answer is what the first " +
                    "made (with `Idempotent-Replayed: true`), not a second one; with another request, a 422.");
            }
        }

        private static void Add(OpenApiOperation operation, string name, bool required, string description) =>
            (operation.Parameters ??= []).Add(new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Header, Required = required, Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
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
            var note = $"Needs an API key with the scope `{scope.Scope}`.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? note : $"{operation.Description}\n\n{note}";
        }
    }

    /// <summary>Public reads say so, and how they cache.</summary>
    private sealed class PublicReadFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<PublicRead>().FirstOrDefault() is not { } read)
            {
                return;
            }
            var note = "Public: no key needed (a key with `content:read-drafts` also sees unpublished articles). " +
                       "Answers carry an ETag (If-None-Match → 304), Cache-Control and Surrogate-Key" +
                       read switch
                       {
                           { OneArticle: true } => "; anonymous answers are kept in memory until the article (by id), or the site's settings or channels, change.",
                           { Stored: true } => "; anonymous answers are kept in memory until the site changes.",
                           _ => ".",
                       };
            operation.Description = string.IsNullOrEmpty(operation.Description) ? note : $"{operation.Description}\n\n{note}";
        }
    }

    /// <summary>Path parameters (and the few query parameters without a bound record) described in one place, with their limits.</summary>
    private sealed class ParameterDescriptionsFilter : IOperationFilter
    {
        private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
        {
            ["site"] = "Key of the site: 2–32 lowercase letters, digits or '-', starting with a letter or digit (e.g. `gzsjgdj`).",
            ["id"] = "Numeric id of the article (GET also takes its slug).",
            ["channel"] = "Key of a channel (栏目) of the site, e.g. `news`.",
            ["path"] = "Position path of a section: numbers joined by dots, e.g. `2.1` for 二、（一）; up to four levels (five in a " +
                       "regulation, six in one with 编). A regulation's parts are also found by label, as laws cite them: a 编 or 条 " +
                       "(`第十二条`), a 章 no other has, or a part within the part before it (`第二章第一节`, `第二编第一章`, `第三条第（二）项`).",
            ["version"] = "A version of the article (see its revisions).",
            ["date"] = "A day as yyyy-MM-dd, between 1901-02-19 and 2100-12-31.",
            ["prefix"] = "The key's public prefix: the 10 characters after `cms_`.",
            ["days"] = "Window of the ranking: 1, 7 (default) or 30 days in the site's time zone, or `all`.",
            ["limit"] = "Page size: 1–100 (default 20; popular: 1–50, default 10).",
        };

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter { Description: null or "" } concrete && Descriptions.TryGetValue(concrete.Name!, out var text))
                {
                    concrete.Description = text;
                }
            }
        }
    }

    /// <summary>Request and response examples taken from the reference article (shared/fixtures), parsed as the importer parses it.</summary>
    private sealed class FixtureExamplesFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOperationFilter
    {
        private static readonly Lazy<Article> Reference = new(() =>
        {
            var page = LegacyPageParser.Parse(Demo.DemoContent.ReferencePage());
            var at = page.PublishedAt ?? DateTimeOffset.UnixEpoch;
            return new Article(1, Demo.DemoContent.Site.Key!, "news", null, ArticleStatus.Published, false, null, 0, page.Title!, page.Subtitle, null, null,
                page.Source, page.Author, page.Editor, [], null, null, null, null, null, at, null, at, at, at, 2, Numbering.Number(page.Body), [], []);
        });

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var options = json.Value.SerializerOptions;
            switch (operation.OperationId)
            {
                case "GetArticle":
                    SetExample(operation.Responses?["200"].Content, "application/json", JsonSerializer.SerializeToNode(Reference.Value, options));
                    SetExample(operation.Responses?["200"].Content, "text/plain", ArticleText.Plain(Reference.Value));
                    break;
                case "CreateArticle" or "ReplaceArticle":
                    SetExample(operation.RequestBody?.Content, "application/json", JsonSerializer.SerializeToNode(ArticleInput.From(Reference.Value), options));
                    break;
                case "ImportLegacyPage":
                    // The page itself is the text/plain body (the JSON form wraps it in { text, channel, publish }).
                    if (operation.RequestBody?.Content?.TryGetValue("text/plain", out var text) == true && text is OpenApiMediaType plain)
                    {
                        plain.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The page as text, one block per line." };
                        plain.Example = Demo.DemoContent.ReferencePage();
                    }
                    break;
            }
        }

        private static void SetExample(IDictionary<string, IOpenApiMediaType>? content, string mediaType, System.Text.Json.Nodes.JsonNode? example)
        {
            if (content?.TryGetValue(mediaType, out var media) == true && media is OpenApiMediaType concrete)
            {
                concrete.Example = example;
            }
        }
    }

    /// <summary>
    /// A record's <c>param</c> text that runs over several lines keeps the source's indentation on each further line (the
    /// compiler writes it into the XML file as it stands); summaries lose it. Members are described like summaries.
    /// </summary>
    private sealed partial class XmlIndentationFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            foreach (var described in (schema.Properties?.Values ?? []).Prepend(schema))
            {
                if (described is OpenApiSchema { Description: { } text } concrete)
                {
                    concrete.Description = Indentation().Replace(text, "\n");
                }
            }
        }

        [GeneratedRegex(@"\n[ \t]+")]
        private static partial Regex Indentation();
    }

    /// <summary>
    /// A member that is never null (a non-nullable reference or value type) is required in the schema, so generated
    /// clients type answers exactly (an article always has a title) and requests say what must be sent. Not one left
    /// out of answers when it has its default (a body's <c>numbering</c>).
    /// </summary>
    private sealed class RequiredMembersFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } concrete ||
                context.Type.Namespace?.StartsWith("CmsApi", StringComparison.Ordinal) != true)
            {
                return;
            }
            // One context for the type, never shared: it caches in plain dictionaries, and two documents built at once (two
            // first requests, or two test hosts) corrupted a shared one into a 500 (dotnet/runtime#100254).
            var nullability = new System.Reflection.NullabilityInfoContext();
            foreach (var property in context.Type.GetProperties())
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (properties.ContainsKey(name) && nullability.Create(property).ReadState != System.Reflection.NullabilityState.Nullable &&
                    property.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true) is not [JsonIgnoreAttribute { Condition: not JsonIgnoreCondition.Never }])
                {
                    (concrete.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
                }
            }
        }
    }
}
