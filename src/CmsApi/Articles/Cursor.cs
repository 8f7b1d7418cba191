using CmsApi.Http;

namespace CmsApi.Articles;

/// <summary>
/// The keyset position after the last article of a page: its sort time and id. Opaque to clients
/// (<see cref="OpaqueTokens"/>); a cursor that does not decode, or was made for the other sort order, is refused.
/// </summary>
/// <remarks>In a search ranked by relevance the position also holds the rank (1 = every term in the title). In a list
/// with its pinned articles first (<see cref="ListParameters.PinnedFirst"/>), <paramref name="Pinned"/> says that the
/// position is among them, and the rank is the pin's level (1–9); a position in the rest is written as one of the
/// newest-first order, so that a cursor from before pinning still pages on.</remarks>
public sealed record Cursor(bool Newest, long At, long Id, int? Rank = null, bool Pinned = false)
{
    public string Encode() => OpaqueTokens.Encode(new Wire(Pinned ? PinnedSort : Sort(Newest, Rank is not null), At, Id, Rank));

    private const string PinnedSort = "p";

    private static string Sort(bool newest, bool relevance) => relevance ? "r" : newest ? "n" : "o";

    public static Cursor? Decode(string? text, bool newest, bool relevance = false, bool pinnedFirst = false) =>
        OpaqueTokens.Decode<Wire>(text) is { I: > 0 } wire &&
        (wire.S == PinnedSort
            ? pinnedFirst && wire.R is >= 1 and <= 9
            : wire.S == Sort(newest, relevance) && (wire.R is null) != relevance && wire.R is null or 0 or 1)
            ? new Cursor(newest, wire.T, wire.I, wire.R, Pinned: wire.S == PinnedSort)
            : null;

    private sealed record Wire(string S, long T, long I, int? R = null);
}
