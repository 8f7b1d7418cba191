namespace CmsApi.Caching;

/// <summary>
/// Whether this instance hears about every write made by the others. While it may be missing notices (its
/// listening connection to PostgreSQL is down), cached answers are neither served nor stored.
/// With one instance there is nothing to miss, and it stays trusted.
/// </summary>
public sealed class ChangeFeedHealth
{
    private volatile bool _trusted = true;

    public bool Trusted
    {
        get => _trusted;
        set => _trusted = value;
    }
}
