namespace CmsApi.Caching;

/// <summary>HTTP caching of public reads (section <c>Caching</c>).</summary>
public sealed class CacheOptions
{
    public const string Section = "Caching";

    /// <summary>
    /// Keep serialized answers of anonymous public reads in memory (the output cache), and the rankings of
    /// <c>…/popular</c> (<see cref="Views.PopularRankings"/>). Off, every read is computed: for measuring what that costs.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>max-age</c> for browsers.</summary>
    public int MaxAgeSeconds { get; set; } = 10;

    /// <summary><c>s-maxage</c> for CDNs and proxies, which can purge early by <c>Surrogate-Key</c>.</summary>
    public int SharedMaxAgeSeconds { get; set; } = 60;

    /// <summary><c>stale-while-revalidate</c>: how long a stale answer may be served while it is fetched again.</summary>
    public int StaleWhileRevalidateSeconds { get; set; } = 30;

    /// <summary>
    /// The longest an answer stays in this instance's memory. Writes make it unreachable at once (see
    /// <see cref="SiteGenerations"/>); this bounds memory, and staleness should a change notice from another instance be lost.
    /// </summary>
    public int ServerSeconds { get; set; } = 300;

    /// <summary>
    /// The most memory the cached answers may take: 128 MB holds every article of a 10,000-article site (about 12 KB
    /// each), which an even spread of reads over them needs (docs/performance.md).
    /// </summary>
    public long SizeLimitBytes { get; set; } = 128 * 1024 * 1024;
}
