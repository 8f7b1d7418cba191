namespace CmsApi.Articles;

/// <summary>
/// The publishing workflow as pure rules: from the stored state and the time, the next state or a refusal.
/// Scheduling is publishing with a future <c>publishedAt</c>: the public query hides it until then. A step taken
/// again (trash a trashed article, as a script retries after a lost answer) leaves the article as it is and succeeds.
/// </summary>
public sealed record Transition(string Action, Func<ArticleStore.State, long, Transition.Outcome> Apply)
{
    /// <summary>The stored state after the transition, or why it cannot happen.</summary>
    public sealed record Outcome(string Status, string? StatusBeforeTrash, long? PublishedAt, long? FirstPublishedAt, long? TrashedAt, string? Refusal = null)
    {
        /// <summary>Whether this differs from the stored state; when not, nothing is written (no new version or revision).</summary>
        public bool Changes(ArticleStore.State s) =>
            (Status, StatusBeforeTrash, PublishedAt, FirstPublishedAt, TrashedAt) != (s.Status, s.StatusBeforeTrash, s.PublishedAt, s.FirstPublishedAt, s.TrashedAt);
    }

    private static Outcome Stay(ArticleStore.State s) => new(s.Status, s.StatusBeforeTrash, s.PublishedAt, s.FirstPublishedAt, s.TrashedAt);

    private static Outcome Refuse(ArticleStore.State s, string why) => Stay(s) with { Refusal = why };

    /// <summary>Publish at <paramref name="at"/>, else at the stored publish time, else now; re-publishing keeps <c>firstPublishedAt</c>.</summary>
    public static Transition Publish(long? at) => new("publish", (s, now) =>
    {
        if (s.Status == "trashed")
        {
            return Refuse(s, "The article is in the trash; restore it first.");
        }
        var publishedAt = at ?? s.PublishedAt ?? now;
        return new Outcome("published", null, publishedAt, s.FirstPublishedAt ?? publishedAt, null);
    });

    /// <summary>Publish at a future time; the caller checks that <paramref name="at"/> is in the future.</summary>
    public static Transition Schedule(long at) => Publish(at) with { Action = "schedule" };

    public static readonly Transition Unpublish = new("unpublish", (s, _) => s.Status switch
    {
        "published" => new Outcome("draft", null, s.PublishedAt, s.FirstPublishedAt, null),
        "draft" => Stay(s),
        _ => Refuse(s, "The article is in the trash; restore it first."),
    });

    public static readonly Transition Trash = new("trash", (s, now) =>
        s.Status == "trashed" ? Stay(s) : new Outcome("trashed", s.Status, s.PublishedAt, s.FirstPublishedAt, now));

    public static readonly Transition Restore = new("restore", (s, _) =>
        s.Status == "trashed" ? new Outcome(s.StatusBeforeTrash ?? "draft", null, s.PublishedAt, s.FirstPublishedAt, null) : Stay(s));
}
