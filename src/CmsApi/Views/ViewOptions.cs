namespace CmsApi.Views;

/// <summary>The view counter's settings (section <c>Views</c>).</summary>
public sealed class ViewOptions
{
    public const string Section = "Views";

    /// <summary>How often pending views are written. A crash loses at most this much counting.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A visitor reloading within this window counts once.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the counter trusts what it read about an article (published? which site time zone?).</summary>
    public TimeSpan ArticleCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Visitors remembered for deduplication at most; beyond this, views still count but are not deduplicated.</summary>
    public int MaxRememberedVisitors { get; set; } = 1_000_000;
}
