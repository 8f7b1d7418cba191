using Microsoft.Net.Http.Headers;

namespace CmsApi.Http;

/// <summary>The <c>Vary</c> header as a set: ASP.NET Core's middlewares append to it without looking.</summary>
public static class VaryHeader
{
    public static bool VariesBy(this IHeaderDictionary headers, string header) =>
        headers.GetCommaSeparatedValues(HeaderNames.Vary).Contains(header, StringComparer.OrdinalIgnoreCase);

    /// <summary>Names <paramref name="header"/> in <c>Vary</c> unless it is there already.</summary>
    public static void VaryBy(this IHeaderDictionary headers, string header)
    {
        if (!headers.VariesBy(header))
        {
            headers.Append(HeaderNames.Vary, header);
        }
    }
}
