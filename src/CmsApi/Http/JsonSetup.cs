using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace CmsApi.Http;

public static class JsonSetup
{
    /// <summary>Chinese text as is, not as \u escapes; HTML-sensitive characters escaped. Stored JSON uses it too.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    /// <summary>Enums as their camelCase names, and only so: a number is not one of the names the API documents.</summary>
    public static readonly JsonStringEnumConverter Enums = new(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    /// <summary>
    /// Strict input (unknown or duplicate properties, numbers in strings and deep nesting are 400s) and readable output:
    /// Chinese text is written as is, not as \u escapes, while HTML-sensitive characters stay escaped.
    /// </summary>
    public static IServiceCollection AddCmsJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.Encoder = Encoder;
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.AllowDuplicateProperties = false;
            // the web defaults take "14" for 14: a number sent as a string is a client's mistake to be told of
            json.NumberHandling = JsonNumberHandling.Strict;
            json.MaxDepth = 32;
            json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            json.Converters.Add(Enums);
            json.Converters.Add(new InstantConverter());
            json.TypeInfoResolverChain.Insert(0, CmsJsonContext.Default);
        });
}
