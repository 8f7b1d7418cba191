using CmsApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Sites;

/// <summary>
/// A 404 under <c>/sites/{site}</c> names the site when the site is what is missing. The article routes look an
/// article up by site and id in one read, and a mistyped site key answered "No article '1' exists", which sent the
/// client looking for the article. Only a 404 costs the second read.
/// </summary>
public static class MissingSites
{
    public static TBuilder NameMissingSites<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
            context.MethodInfo.GetParameters().Any(p => p.Name == "site" && p.ParameterType == typeof(string))
                ? async invocation =>
                {
                    var result = await next(invocation);
                    if (Inner(result) is ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound }
                        && invocation.HttpContext.GetRouteValue("site") is string site)
                    {
                        var sites = invocation.HttpContext.RequestServices.GetRequiredService<SiteStore>();
                        if ((await sites.ExistingAsync([site], invocation.HttpContext.RequestAborted)).Count == 0)
                        {
                            return Problems.NotFound("site", site);
                        }
                    }
                    return result;
                }
                : next);

    // a handler's Results<…> wraps the result it chose
    private static object? Inner(object? result) => result is INestedHttpResult nested ? nested.Result : result;
}
