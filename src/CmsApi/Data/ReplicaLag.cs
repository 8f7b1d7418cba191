namespace CmsApi.Data;

/// <summary>
/// Whether a read may go to the read replica. Only public reads may (anonymous GET and HEAD: nothing they show was
/// written by the same client a moment ago), and only while the replica has replayed every change this instance knows
/// of: its own writes (from the commit until their WAL position is known) and the others' (heard through the
/// <see cref="ChangeFeed"/> with their WAL position). So an answer after a change never comes from a replica without it.
/// </summary>
public sealed class ReplicaLag
{
    private static readonly AsyncLocal<bool> PublicRead = new();
    private long _localChangesInFlight;
    private ulong _required;
    private ulong _replayed; // 0: unknown or unreachable

    /// <summary>Marks the current request as a public read (set by a middleware before the endpoint runs).</summary>
    public static void MarkPublicRead() => PublicRead.Value = true;

    /// <summary>True when this request is a public read and the replica has replayed every known change.</summary>
    public bool ReplicaMayServe =>
        PublicRead.Value && Interlocked.Read(ref _localChangesInFlight) == 0 &&
        Volatile.Read(ref _replayed) is var replayed and not 0 && replayed >= Volatile.Read(ref _required);

    /// <summary>A write of this instance committed; its WAL position follows with <see cref="LocalChangeKnown"/>.</summary>
    public void LocalChangeCommitted() => Interlocked.Increment(ref _localChangesInFlight);

    public void LocalChangeKnown(ulong position)
    {
        Require(position);
        Interlocked.Decrement(ref _localChangesInFlight);
    }

    /// <summary>The replica must have replayed up to <paramref name="position"/> before it serves a read again.</summary>
    public void Require(ulong position)
    {
        for (var seen = Volatile.Read(ref _required); position > seen;)
        {
            var previous = Interlocked.CompareExchange(ref _required, position, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }

    /// <summary>The replica's replay position (0 when it does not answer).</summary>
    public void Replayed(ulong position) => Volatile.Write(ref _replayed, position);
}
