using CmsApi.Http;

namespace CmsApi.Articles;

/// <summary>
/// The keyset position after the last article of a page: its sort key (a time, or a 成文日期 as yyyyMMdd) and id. Opaque
/// to clients (<see cref="OpaqueTokens"/>); a cursor that does not decode, or was made for another sort order, is refused.
/// </summary>
/// <remarks>In a search ranked by relevance the position also holds the rank (1 = every term in the title). In a list
/// with its pinned articles first (<see cref="ListParameters.PinnedFirst"/>), <paramref name="Pinned"/> says that the
/// position is among them, and the rank is the pin's level (1–9); a position in the rest is written as one of the
/// newest-first order, so that a cursor from before pinning still pages on. <paramref name="Written"/>: a position in
/// the order by 成文日期, whose key is a day, not a time.</remarks>
public sealed record Cursor(bool Newest, long At, long Id, int? Rank = null, bool Pinned = false, bool Written = false)
{
    public string Encode() => OpaqueTokens.Encode(new Wire(Pinned ? PinnedSort : Sort(Newest, Rank is not null, Written), At, Id, Rank));

    private const string PinnedSort = "p";

    private static string Sort(bool newest, bool relevance, bool written) =>
        relevance ? "r" : (written ? "w" : "") + (newest ? "n" : "o");

    public static Cursor? Decode(string? text, bool newest, bool relevance = false, bool pinnedFirst = false, bool written = false) =>
        OpaqueTokens.Decode<Wire>(text) is { I: > 0 } wire &&
        (wire.S == PinnedSort
            ? pinnedFirst && wire.R is >= 1 and <= 9
            : wire.S == Sort(newest, relevance, written) && (wire.R is null) != relevance && wire.R is null or 0 or 1)
            ? new Cursor(newest, wire.T, wire.I, wire.R, Pinned: wire.S == PinnedSort, Written: written)
            : null;

    private sealed record Wire(string S, long T, long I, int? R = null);
}
