using System.Buffers;
using System.Globalization;
using System.Numerics;
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
    private const int MinimumCapacity = 1 << 12;

    /// <summary>A remembered visitor: 64 bits of the digest and when its window ends (0: an empty slot).</summary>
    private record struct Slot(ulong Digest, long Until);

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _gate = new();
    // One array of slots, probed linearly from the digest's low bits and never more than half full: no object per
    // visitor for the collector to promote and trace. With a ConcurrentDictionary (a node per visitor, all of them
    // re-created on each resize) 220,000 new visitors grew the service's RSS by 92 MB, with this array by 37 MB
    // (docs/performance.md).
    // An expired slot is reused by the next visitor whose probe passes it; a sweep or a growth drops them all.
    private Slot[] _slots = new Slot[MinimumCapacity];
    private int _used;

    /// <summary>True the first time in the window that this visitor views this article.</summary>
    public bool IsFirstView(long articleId, string visitor)
    {
        var digest = Digest(articleId, visitor);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)options.Value.DedupeWindow.TotalMilliseconds;
        lock (_gate)
        {
            if (_used < options.Value.MaxRememberedVisitors && (_used + 1) * 2 > _slots.Length)
            {
                Rebuild(now, growing: true);
            }
            var mask = _slots.Length - 1;
            var reusable = -1;
            var index = (int)digest & mask;
            for (; _slots[index].Until != 0; index = (index + 1) & mask)
            {
                ref var slot = ref _slots[index];
                if (slot.Digest == digest)
                {
                    if (slot.Until > now)
                    {
                        return false;
                    }
                    slot.Until = until; // its window has passed: a new view, remembered anew
                    return true;
                }
                if (reusable < 0 && slot.Until <= now)
                {
                    reusable = index;
                }
            }
            if (reusable >= 0)
            {
                _slots[reusable] = new Slot(digest, until);
                return true;
            }
            if (_used >= options.Value.MaxRememberedVisitors)
            {
                return true; // full: count without remembering rather than refuse or grow without bound
            }
            _slots[index] = new Slot(digest, until);
            _used++;
            return true;
        }
    }

    /// <summary>Forgets visitors whose window has passed (and gives back the room a surge of visitors took).</summary>
    public void Sweep()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            Rebuild(now, growing: false);
        }
    }

    /// <summary>
    /// Copies the visitors still in their window into a new table: twice as large when growing with at least a quarter
    /// of the slots in use, else just large enough to stay at most half full.
    /// </summary>
    private void Rebuild(long now, bool growing)
    {
        var live = 0;
        foreach (var slot in _slots)
        {
            live += slot.Until > now ? 1 : 0;
        }
        var slots = new Slot[growing && live * 4 >= _slots.Length
            ? _slots.Length * 2
            : Math.Max(MinimumCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)live * 2 + 2))];
        var mask = slots.Length - 1;
        foreach (var slot in _slots)
        {
            if (slot.Until > now)
            {
                var index = (int)slot.Digest & mask;
                while (slots[index].Until != 0)
                {
                    index = (index + 1) & mask;
                }
                slots[index] = slot;
            }
        }
        _slots = slots;
        _used = live;
    }

    /// <summary>The visitor: the X-Visitor-Id header when the page sends one, else its address and user agent.</summary>
    public static string Identify(HttpContext http)
    {
        string? visitorId = http.Request.Headers["X-Visitor-Id"];
        return !string.IsNullOrWhiteSpace(visitorId) && visitorId.Length <= 200
            ? "id:" + visitorId
            : $"ip:{http.Connection.RemoteIpAddress}|ua:{http.Request.Headers.UserAgent}";
    }

    /// <summary>HMAC of "articleId\nvisitor", its first 64 bits: a chance of two visitors colliding of about one in
    /// 10^13 with a million remembered, which would cost one view.</summary>
    private ulong Digest(long articleId, string visitor)
    {
        var length = 21 + Encoding.UTF8.GetMaxByteCount(visitor.Length);
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> input = rented ?? stackalloc byte[1024];
        articleId.TryFormat(input, out var written, default, CultureInfo.InvariantCulture);
        input[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(visitor, input[written..]);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_secret, input[..written], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
