namespace CmsApi.Data;

/// <summary>
/// Something of a site changed: an article (written, published, unpublished, trashed, restored or purged) when
/// <paramref name="ArticleId"/> is set, else the site itself, its footer or its channels. <paramref name="Remote"/>:
/// another instance made the change (heard through the <see cref="ChangeFeed"/>). <paramref name="Number"/>: its row in
/// the change log (<see cref="Changes.ChangeLog"/>), once recorded there. <paramref name="Channel"/>: the article's
/// channel after the change; <paramref name="MovedFrom"/>: the channel it left, when the change moved it;
/// <paramref name="Action"/> and <paramref name="Version"/>: the write's revision (its action, the article's version);
/// <paramref name="Related"/>: the other articles whose 相关文章 it may have changed (see <see cref="Changes.Change"/>).
/// </summary>
public sealed record ContentChange(string Site, long? ArticleId = null, bool Remote = false, long? Number = null,
    string? Channel = null, string? MovedFrom = null, string? Action = null, long? Version = null, IReadOnlyList<long>? Related = null);

/// <summary>
/// Announces committed content changes inside this process, so that what an instance keeps in memory about an
/// article or a site (the view counter's visibility cache, the cached answers) is dropped the moment it changes.
/// </summary>
public sealed class ContentChanges
{
    /// <summary>Raised first, before <see cref="Changed"/>: read routing stops trusting the replica before caches move on.</summary>
    public event Action<ContentChange>? Announcing;

    public event Action<ContentChange>? Changed;

    public void Announce(ContentChange change)
    {
        Announcing?.Invoke(change);
        Changed?.Invoke(change);
    }
}
