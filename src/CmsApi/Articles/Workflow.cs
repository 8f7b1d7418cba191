namespace CmsApi.Articles;

/// <summary>
/// The publishing workflow as pure rules: from the stored state and the time, the next state or a refusal.
/// Scheduling is publishing with a future <c>publishedAt</c>: the public query hides it until then. A step taken
/// again (trash a trashed article, as a script retries after a lost answer) leaves the article as it is and succeeds.
/// A step's <c>Note</c> is what the key wrote with it (a review's 审核意见), kept with its revision.
/// </summary>
public sealed record Transition(string Action, Func<ArticleStore.State, long, Transition.Outcome> Apply, string? Note = null)
{
    /// <summary>Whether the step makes the article public (publish, schedule): its content is checked against the
    /// site's 错敏词库 first.</summary>
    public bool Publishes { get; init; }

    /// <summary>Whether the step takes the article from <paramref name="before"/> to the public: a publishing step, or
    /// any other that makes it published (restoring one that was published when it was trashed).</summary>
    public bool MakesPublic(ArticleStore.State before, Outcome after) =>
        after.Status == "published" && (Publishes || before.Status != "published");

    /// <summary>Whether a publish step was given its own times (publishedAt, until), which a revision's publishing refuses.</summary>
    public bool SetsTimes { get; init; }

    /// <summary>The stored state after the transition, or why it cannot happen; pinned when <paramref name="PinLevel"/> is above 0.</summary>
    public sealed record Outcome(string Status, string? StatusBeforeTrash, long? PublishedAt, long? PublishedUntil, long? FirstPublishedAt,
        long? TrashedAt, long PinLevel, long? PinnedUntil, string? ReviewStatus, string? ReviewSubmittedBy, string? ReviewApprovedBy,
        string? Refusal = null)
    {
        /// <summary>Whether this differs from the stored state; when not, nothing is written (no new version or revision).</summary>
        public bool Changes(ArticleStore.State s) => this != Stay(s);
    }

    private static Outcome Stay(ArticleStore.State s) => new(s.Status, s.StatusBeforeTrash, s.PublishedAt, s.PublishedUntil, s.FirstPublishedAt,
        s.TrashedAt, s.PinLevel, s.PinnedUntil, s.ReviewStatus, s.ReviewSubmittedBy, s.ReviewApprovedBy);

    private static Outcome Refuse(ArticleStore.State s, string why) => Stay(s) with { Refusal = why };

    private const string InTrash = "The article is in the trash; restore it first.";

    /// <summary>
    /// Publish at <paramref name="at"/>, else at the stored publish time, else now; re-publishing keeps <c>firstPublishedAt</c>.
    /// With <paramref name="until"/> (下线时间; the caller checks that it is in the future) the publication ends then, by
    /// <see cref="EndPublication"/>; publishing again without it publishes until unpublished, as pinning again does.
    /// </summary>
    public static Transition Publish(long? at, long? until = null) => new("publish", (s, now) =>
    {
        if (s.Status == "trashed")
        {
            return Refuse(s, InTrash);
        }
        if (s.NeedsApproval)
        {
            return Refuse(s, $"The article's site or channel publishes reviewed articles only ({s.ReviewSteps} approval(s), 先审后发): submit the article and have it approved first.");
        }
        var publishedAt = at ?? s.PublishedAt ?? now;
        if (until <= publishedAt)
        {
            return Refuse(s, "The publication would end before it begins: until must be after publishedAt.");
        }
        return Stay(s) with { Status = "published", PublishedAt = publishedAt, PublishedUntil = until, FirstPublishedAt = s.FirstPublishedAt ?? publishedAt };
    }) { Publishes = true, SetsTimes = at is not null || until is not null };

    /// <summary>Publish at a future time; the caller checks that <paramref name="at"/> is in the future.</summary>
    public static Transition Schedule(long at, long? until = null) => Publish(at, until) with { Action = "schedule" };

    /// <summary>
    /// Back to the drafts. One in the trash that was published comes back from it as a draft: the way to take out of the
    /// public an article that restoring would otherwise publish again (one its site's 错敏词库 blocks now).
    /// </summary>
    public static readonly Transition Unpublish = new("unpublish", (s, _) => s.Status switch
    {
        "published" => Stay(s) with { Status = "draft", PublishedUntil = null },
        "trashed" when s.StatusBeforeTrash == "published" => Stay(s) with { StatusBeforeTrash = "draft", PublishedUntil = null },
        _ => Stay(s),
    });

    /// <summary>
    /// The end of a publication (下线时间: a 公示 whose period is over), taken by <see cref="ScheduledEnds"/>: the article
    /// goes back to the drafts as an unpublish would take it; one in the trash goes back to them when restored. One
    /// published again meanwhile, with a later end or none, stays as it is.
    /// </summary>
    public static readonly Transition EndPublication = new("publication-ended", (s, now) =>
        s.PublishedUntil is not { } end || end > now ? Stay(s)
        : s.Status == "trashed" ? Stay(s) with { StatusBeforeTrash = "draft", PublishedUntil = null }
        : Stay(s) with { Status = "draft", PublishedUntil = null });

    /// <summary>The trash keeps the pin, so that restoring an article brings it back as it was.</summary>
    public static readonly Transition Trash = new("trash", (s, now) =>
        s.Status == "trashed" ? Stay(s) : Stay(s) with { Status = "trashed", StatusBeforeTrash = s.Status, TrashedAt = now });

    /// <summary>Out of the trash, as it was: one that was published is public again, so its content is checked against
    /// the site's 错敏词库 as publishing is (<see cref="MakesPublic"/>).</summary>
    public static readonly Transition Restore = new("restore", (s, _) =>
        s.Status == "trashed" ? Stay(s) with { Status = s.StatusBeforeTrash ?? "draft", StatusBeforeTrash = null, TrashedAt = null } : Stay(s));

    /// <summary>
    /// 置顶 at <paramref name="level"/> (1–9, checked by the caller), until <paramref name="until"/> when given (the
    /// caller checks that it is in the future), else until unpinned: pinning again sets both anew. A draft may be pinned
    /// before it is published (the pin shows once it is); one in the trash may not.
    /// </summary>
    public static Transition Pin(long? until, int level) => new("pin", (s, _) =>
        s.Status == "trashed" ? Refuse(s, InTrash) : Stay(s) with { PinLevel = level, PinnedUntil = until });

    public static readonly Transition Unpin = new("unpin", (s, _) => Stay(s) with { PinLevel = 0, PinnedUntil = null });

    /// <summary>
    /// The end of a pin, taken by <see cref="ScheduledEnds"/>: it unpins only a pin whose end has
    /// come, so that one pinned again in the meantime, with a later end or none, stays pinned.
    /// </summary>
    public static readonly Transition EndPin = new("pin-ended", (s, now) =>
        s.PinnedUntil <= now ? Stay(s) with { PinLevel = 0, PinnedUntil = null } : Stay(s));

    // ---------------------------------------------------------------- 审核 (review)

    private const string ReviewOff = "Neither the site nor the article's channel reviews articles (their reviewSteps are 0).";

    /// <summary>
    /// 送审: ask for review of the content as it is. An article pending or approved already stays as it is; a rejected one,
    /// or one never submitted, waits for its first approval.
    /// </summary>
    public static Transition Submit(string? actor, string? note) => new("submit", (s, _) =>
        s.Status == "trashed" ? Refuse(s, InTrash)
        : s.ReviewSteps == 0 ? Refuse(s, ReviewOff)
        : s.ReviewStatus is "pending" or "approved" ? Stay(s)
        : Stay(s) with { ReviewStatus = "pending", ReviewSubmittedBy = actor, ReviewApprovedBy = null }, note);

    /// <summary>
    /// 审核通过: one approval of the content as it is, the next step of its review; the last step the site asks for approves
    /// it. Each step needs another key, and not the one that submitted it: three approvals are three people.
    /// </summary>
    public static Transition Approve(string? actor, string? note) => new("approve", (s, _) =>
    {
        if (s.Status == "trashed")
        {
            return Refuse(s, InTrash);
        }
        if (s.ReviewStatus != "pending")
        {
            return Refuse(s, "Only an article waiting for review can be approved: submit it first.");
        }
        if (actor is null || actor == s.ReviewSubmittedBy)
        {
            return Refuse(s, "The key that submitted the article may not approve it: another reviewer must.");
        }
        var approvers = ArticleStore.State.Approvers(s.ReviewApprovedBy);
        if (approvers.Contains(actor))
        {
            return Refuse(s, $"This key gave approval {approvers.IndexOf(actor) + 1} already: the next step needs another reviewer.");
        }
        List<string> approved = [.. approvers, actor];
        // a site that stopped reviewing meanwhile: one approval finishes the review
        return Stay(s) with
        {
            ReviewStatus = approved.Count >= Math.Max(1, s.ReviewSteps) ? "approved" : "pending",
            ReviewApprovedBy = Data.StoredJson.Write(approved),
        };
    }, note);

    /// <summary>退回: send the article back to its editors, with the reason; the approvals given so far go.</summary>
    public static Transition Reject(string note) => new("reject", (s, _) =>
        s.Status == "trashed" ? Refuse(s, InTrash)
        : s.ReviewStatus != "pending" ? Refuse(s, "Only an article waiting for review can be rejected.")
        : Stay(s) with { ReviewStatus = "rejected", ReviewApprovedBy = null }, note);
}
