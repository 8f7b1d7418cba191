namespace CmsApi.Search;

/// <summary>Upkeep of the SQLite search index, and how a search meets a tag (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// How long no article may be written before the indexes are merged back into one segment
    /// (<see cref="SearchIndexMerge"/>); zero turns the merge off. Ten minutes lets an editor's burst of writes end first.
    /// </summary>
    public TimeSpan MergeAfterQuiet { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A search with a tag reads the tag's articles and tests the search on each when the tag has fewer than this many
    /// articles; otherwise it reads the search's matches and tests the tag on each. At a million articles a common
    /// word's matches take about 0.3 s to read, and 10,000 tag tests about as long.
    /// </summary>
    public int SmallTagArticles { get; set; } = 10_000;

    /// <summary>
    /// How far a list's total (<c>total=true</c>: 共 N 条, of a search or any list) is counted: the count reads the list's
    /// index entries or matches one by one, and a front end shows a total beyond this as "more than" anyway.
    /// </summary>
    public int MostCounted { get; set; } = 10_000;
}
