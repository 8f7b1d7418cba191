namespace CmsApi.Data;

/// <summary>An article of a site changed (was written, published, unpublished, trashed, restored or purged).</summary>
public sealed record ContentChange(string Site, long ArticleId);

/// <summary>
/// Announces committed content changes inside this process, so that what an instance keeps in memory about an
/// article (the view counter's visibility cache today) is dropped the moment the article changes here.
/// </summary>
public sealed class ContentChanges
{
    public event Action<ContentChange>? Changed;

    public void Announce(ContentChange change) => Changed?.Invoke(change);
}
