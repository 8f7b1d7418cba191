using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace CmsApi.Views;

/// <summary>
/// Who viewed which article recently, to count a reload within the window once. Visitors are remembered only as
/// HMAC-SHA256 digests under a key that lives in this process's memory, never in clear and never on disk.
/// Per instance: two instances behind a load balancer may each count one reload.
/// </summary>
public sealed class VisitorWindow(TimeProvider clock, Microsoft.Extensions.Options.IOptions<ViewOptions> options)
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<UInt128, long> _seenUntil = new();
    // _seenUntil's size, kept apart: ConcurrentDictionary.Count takes every bucket's lock, and asking it on each view
    // had the counter's threads spinning on those locks (a sixth of the view route's CPU under load).
    private int _remembered;

    /// <summary>True the first time in the window that this visitor views this article.</summary>
    public bool IsFirstView(long articleId, string visitor)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var key = Digest(articleId, visitor);
        var until = now + (long)options.Value.DedupeWindow.TotalMilliseconds;
        if (_seenUntil.TryGetValue(key, out var seen) && seen > now)
        {
            return false;
        }
        if (Volatile.Read(ref _remembered) >= options.Value.MaxRememberedVisitors)
        {
            return true; // full: count without remembering rather than refuse or grow without bound
        }
        // Of concurrent first views, only the one that stores its entry counts.
        if (seen != 0)
        {
            return _seenUntil.TryUpdate(key, until, seen);
        }
        if (!_seenUntil.TryAdd(key, until))
        {
            return false;
        }
        Interlocked.Increment(ref _remembered);
        return true;
    }

    /// <summary>Forgets visitors whose window has passed.</summary>
    public void Sweep()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (key, until) in _seenUntil)
        {
            if (until <= now)
            {
                if (_seenUntil.TryRemove(new KeyValuePair<UInt128, long>(key, until)))
                {
                    Interlocked.Decrement(ref _remembered);
                }
            }
        }
    }

    /// <summary>The visitor: the X-Visitor-Id header when the page sends one, else its address and user agent.</summary>
    public static string Identify(HttpContext http)
    {
        string? visitorId = http.Request.Headers["X-Visitor-Id"];
        return !string.IsNullOrWhiteSpace(visitorId) && visitorId.Length <= 200
            ? "id:" + visitorId
            : $"ip:{http.Connection.RemoteIpAddress}|ua:{http.Request.Headers.UserAgent}";
    }

    private UInt128 Digest(long articleId, string visitor)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"{articleId}\n{visitor}"), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
