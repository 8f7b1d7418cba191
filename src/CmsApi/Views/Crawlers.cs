using System.Text.RegularExpressions;

namespace CmsApi.Views;

/// <summary>User agents of search-engine and other obvious crawlers, whose page loads are not views.</summary>
public static partial class Crawlers
{
    public static bool IsCrawler(string? userAgent) =>
        !string.IsNullOrWhiteSpace(userAgent) && Pattern().IsMatch(userAgent);

    // Baidu, Sogou, 360, Shenma (Yisou), Toutiao (Bytespider), Google, Bing, Yandex, DuckDuckGo, Yahoo, Apple, and the
    // generic words crawlers put in their names; plus HTTP libraries that no browser sends.
    [GeneratedRegex(@"baiduspider|sogou|360spider|haosouspider|yisouspider|bytespider|googlebot|adsbot-google|mediapartners-google|bingbot|bingpreview|yandex(bot|images)|duckduckbot|slurp|applebot|petalbot|semrushbot|ahrefsbot|mj12bot|dotbot|\b(bot|crawler|spider)\b|^(curl|wget|python-requests|go-http-client|java)/",
        RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
