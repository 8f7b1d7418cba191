namespace CmsApi.Changes;

/// <summary>The changes feed's settings (section <c>Changes</c>).</summary>
public sealed class ChangesOptions
{
    public const string Section = "Changes";

    /// <summary>
    /// How long the feed can be followed from an old position: a cursor older than this is refused (410), and changes are
    /// deleted a day after it, so that none a valid cursor still points before is gone.
    /// </summary>
    public TimeSpan Keep { get; set; } = TimeSpan.FromDays(7);
}
