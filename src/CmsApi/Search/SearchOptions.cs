namespace CmsApi.Search;

/// <summary>Upkeep of the SQLite search index (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// How long no article may be written before the indexes are merged back into one segment
    /// (<see cref="SearchIndexMerge"/>); zero turns the merge off. Ten minutes lets an editor's burst of writes end first.
    /// </summary>
    public TimeSpan MergeAfterQuiet { get; set; } = TimeSpan.FromMinutes(10);
}
