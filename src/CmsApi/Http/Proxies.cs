using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace CmsApi.Http;

/// <summary>
/// Reverse proxies and CDNs in front of the service. Behind one, every request comes from the proxy's address, so the
/// per-address rate limits and the view counter's visitors (address and user agent) would take all readers for one.
/// The client's address and scheme are read from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> when they come from
/// loopback (a proxy on the same host, ASP.NET Core's default) or from a network in <c>Proxies:KnownNetworks</c>;
/// anyone else's are ignored, so a client cannot pose as another.
/// </summary>
public static class Proxies
{
    public const string KnownNetworksKey = "Proxies:KnownNetworks";

    public static IServiceCollection AddCmsProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = (configuration.GetSection(KnownNetworksKey).Get<string[]>() ?? []).Select(network =>
            IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{KnownNetworksKey}: '{network}' is not a network such as 10.0.0.0/8 or 2001:db8::/32.")).ToList();
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Through a CDN and then nginx, as many hops as are trusted; the first untrusted one is the client.
            options.ForwardLimit = null;
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
    }
}
