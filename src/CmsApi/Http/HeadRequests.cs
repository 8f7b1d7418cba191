namespace CmsApi.Http;

/// <summary>
/// Every GET route answers HEAD too, as RFC 9110 asks of a general-purpose server: the same status and headers (ETag,
/// <c>Cache-Control</c>, <c>Content-Length</c>, <c>Surrogate-Key</c>), no body. Link checkers, uptime monitors and CDNs
/// test pages that way. Routing matches methods exactly, so the GET routes of a group get HEAD added to their methods;
/// the OpenAPI document lists each route once, as its GET (<see cref="OpenApiSetup"/>).
/// </summary>
public static class HeadRequests
{
    public static TBuilder AnswerHeadLikeGet<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault() is { } methods &&
                methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}
