using System.Text.RegularExpressions;
using CmsApi.Auth;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Security;

/// <summary>Every route the app maps, read from its endpoint data source, so that a new route cannot be forgotten.</summary>
public static partial class Routes
{
    public sealed record Route(string Method, string Pattern, string? Scope, string Name, string ContentType)
    {
        /// <summary>The path with each parameter replaced by what <paramref name="value"/> gives for its name.</summary>
        public string Path(Func<string, string> value) =>
            Parameter().Replace(Pattern, m => Uri.EscapeDataString(value(m.Groups["name"].Value)));

        public override string ToString() => $"{Method} {Pattern}";
    }

    public static IReadOnlyList<Route> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                new Route(method, e.RoutePattern.RawText!, e.Metadata.GetMetadata<RequiredScope>()?.Scope,
                    e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName ?? "",
                    e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts ? accepts.ContentTypes[0] : "application/json")))
            .ToList();

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();
}
