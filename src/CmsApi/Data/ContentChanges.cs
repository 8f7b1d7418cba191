namespace CmsApi.Data;

/// <summary>
/// Something of a site changed: an article (written, published, unpublished, trashed, restored or purged) when
/// <paramref name="ArticleId"/> is set, else the site itself, its footer or its channels.
/// </summary>
public sealed record ContentChange(string Site, long? ArticleId = null);

/// <summary>
/// Announces committed content changes inside this process, so that what an instance keeps in memory about an
/// article or a site (the view counter's visibility cache, the cached answers) is dropped the moment it changes here.
/// </summary>
public sealed class ContentChanges
{
    public event Action<ContentChange>? Changed;

    public void Announce(ContentChange change) => Changed?.Invoke(change);
}
