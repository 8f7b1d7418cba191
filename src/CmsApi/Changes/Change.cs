using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace CmsApi.Changes;

/// <summary>
/// Why an item is in the feed: <c>write</c> (a write committed: an article written, published, unpublished, trashed,
/// restored or purged, or the site, its footer or its channels changed) or <c>due</c> (a scheduled article's publish
/// time came, with no write).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeCause>))]
public enum ChangeCause
{
    Write,
    Due,
}

/// <summary>Something the public sees changed.</summary>
/// <param name="Site">The site's key (the site may be gone since, when this change deleted it).</param>
/// <param name="ArticleId">The article that changed; null when the site itself, its footer or its channels did.</param>
/// <param name="Channel">The article's channel (its key) after the change; null for a change of the site, and for a
/// change recorded before this field was.</param>
/// <param name="MovedFrom">The channel the change moved the article out of; null when it stayed where it was.</param>
/// <param name="At">When it changed (the commit, or the publish time that came), in the site's time zone (UTC once the
/// site is gone).</param>
/// <param name="Cause">A write, or a scheduled article coming due.</param>
/// <param name="Action">What the write did to the article: the action of the revision it made, as the article's revisions
/// name it (create, replace, patch, import, revert:{version}, publish, schedule, unpublish, trash, restore, pin, unpin,
/// pin-ended, publication-ended, submit, approve, reject, revise, revised-by:{id}, copied-from:{site}/{id}, number), or purge; of
/// a write of several steps (an import published at once) the last. Null for a change of the site, an article coming
/// due, and a change recorded before this field was.</param>
/// <param name="Version">The article's version after the write (the revision to read for its review note); null when
/// there is no action.</param>
/// <param name="Related">The other articles whose 相关文章 (<c>…/related</c>) this change may have changed, in id order: those
/// the article names in its <c>related</c> or named before the write, and those naming it. A static front end rebuilds
/// their pages too (for a scheduled article coming due, those linked with it now). Empty for most changes, for a change
/// of the site, and for changes recorded before this field was.</param>
/// <param name="SurrogateKeys">What to purge at a CDN: the <c>Surrogate-Key</c>s of every answer this change may have
/// changed. For an article, <c>lists-{site}</c> and <c>article-{id}</c>; for the site, <c>site-{site}</c>.</param>
public sealed record Change(string Site, long? ArticleId, string? Channel, string? MovedFrom, DateTimeOffset At, ChangeCause Cause,
    string? Action, long? Version, IReadOnlyList<long> Related, IReadOnlyList<string> SurrogateKeys);

/// <summary>The names of the changes' actions (an action's part before a colon: revert, not revert:3), by which a webhook
/// may be limited to some changes (a reviewers' notice of submit, approve and reject only).</summary>
public static class ChangeActions
{
    /// <summary>The name a scheduled article coming due has (its change has no action; its cause is due).</summary>
    public const string Due = "due";

    public static readonly FrozenSet<string> Names = new[]
    {
        "create", "replace", "patch", "import", "revert", "publish", "schedule", "unpublish", "trash", "restore", "purge", "pin", "unpin",
        "pin-ended", "publication-ended", "submit", "approve", "reject", "revise", "revised-by", "copied-from", "number", Due,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The change's action name; null for a change of the site (or one recorded before changes had actions).</summary>
    public static string? NameOf(Change change) =>
        change.Cause == ChangeCause.Due ? Due : change.Action is { } action ? action.Split(':', 2)[0] : null;
}

/// <summary>A page of the changes feed, oldest first.</summary>
/// <param name="Items">The changes after the cursor's position, in the order they committed (at most <c>limit</c>).</param>
/// <param name="NextCursor">Where to read on: always set. A full page means more follow at once; a shorter one, that
/// this is all for now (ask again later with this cursor).</param>
public sealed record ChangePage(IReadOnlyList<Change> Items, string NextCursor);
