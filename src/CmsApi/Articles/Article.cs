using System.Text.Json.Serialization;
using CmsApi.Channels;
using CmsApi.Http;
using CmsApi.Sections;

namespace CmsApi.Articles;

/// <summary>
/// Where an article is in its workflow: <c>draft</c> (never shown to the public), <c>scheduled</c> (published with a
/// <c>publishedAt</c> still in the future, shown from then on), <c>published</c>, <c>trashed</c> (hidden; restore puts
/// it back as it was, purge deletes it). Only <c>published</c> articles are public; the others need content:read-drafts.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArticleStatus>))]
public enum ArticleStatus
{
    Draft,
    /// <summary>Published with a <c>publishedAt</c> still in the future: invisible to the public until then.</summary>
    Scheduled,
    Published,
    Trashed,
}

/// <summary>
/// A news item, whole: its content, which changes only with its version. 浏览次数 is not part of it: the count is a
/// counter with its own resource (<c>…/views</c>), so that views ticking never change an article's ETag or its cached answer.
/// </summary>
/// <param name="Id">Numeric id, unique in the deployment.</param>
/// <param name="Site">Key of the site.</param>
/// <param name="Channel">Key of the channel (栏目).</param>
/// <param name="Slug">Optional readable address, unique in the site (any Unicode).</param>
/// <param name="Status">draft, scheduled, published or trashed.</param>
/// <param name="Pinned">置顶: shown before the others in lists without a sort (pin and unpin change it).</param>
/// <param name="PinnedUntil">置顶有效期: when the pin ends by itself, in the site's time zone; null while pinned until unpinned.</param>
/// <param name="PinLevel">置顶级别: 1–9 while pinned, higher first among the pinned ones; 0 when not pinned.</param>
/// <param name="Title">标题.</param>
/// <param name="Subtitle">副标题, without the introducing dash.</param>
/// <param name="Kicker">引题, the line above the title.</param>
/// <param name="Summary">摘要.</param>
/// <param name="Source">来源.</param>
/// <param name="Author">作者.</param>
/// <param name="Editor">责任编辑.</param>
/// <param name="Tags">Free tags.</param>
/// <param name="CoverUrl">Cover image URL.</param>
/// <param name="LinkUrl">外链: the address this article links to instead of a page of its own (a report reposted from
/// 新华网); front ends link there from lists. Null for an article of its own.</param>
/// <param name="Keywords">Keywords for the page's meta tags.</param>
/// <param name="Description">Description for the page's meta tags.</param>
/// <param name="Disclosure">政府信息公开 fields (索引号, 主题分类, 发文机关, 成文日期, 发文字号, 有效性), if any.</param>
/// <param name="PublishedAt">The publish time shown on the page (发布时间), in the site's time zone.</param>
/// <param name="PublishedUntil">下线时间: when the publication ends by itself (a 公示 whose period is over), in the site's time zone; null while published until unpublished.</param>
/// <param name="FirstPublishedAt">When the article was first published; kept when it is published again.</param>
/// <param name="CreatedAt">When the article was created.</param>
/// <param name="UpdatedAt">When the article last changed.</param>
/// <param name="Version">Increases with every change; the ETag starts with it, and <c>If-Match</c> needs only it.</param>
/// <param name="Body">Lead, numbered sections and closing.</param>
/// <param name="Attachments">Files to download (附件), in the order the page lists them.</param>
/// <param name="Related">相关文章: ids of the articles of the site this one links to, in the order the page lists them
/// (a 政策解读 names the 政策文件 it explains). <c>…/{id}/related</c> answers them, and those linking to this one, as
/// summaries, published ones only.</param>
/// <param name="Review">审核: where the article is in its review; absent when it was never submitted (as on every article
/// of a site without review: public answers carry no empty fields for it).</param>
/// <param name="Revises">修改稿: the published article whose content this draft replaces when it is published; absent for
/// an article of its own.</param>
public sealed record Article(
    long Id, string Site, string Channel, string? Slug, ArticleStatus Status, bool Pinned, DateTimeOffset? PinnedUntil, int PinLevel,
    string Title, string? Subtitle, string? Kicker, string? Summary, string? Source, string? Author, string? Editor, IReadOnlyList<string> Tags, string? CoverUrl,
    string? LinkUrl, string? Keywords, string? Description, Disclosure? Disclosure, DateTimeOffset? PublishedAt, DateTimeOffset? PublishedUntil,
    DateTimeOffset? FirstPublishedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(ArticleBody.Json))] ArticleBody Body,
    IReadOnlyList<Attachment> Attachments,
    IReadOnlyList<long> Related,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ArticleReview? Review = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Revises = null);

/// <summary>Where an article is in its review (审核).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewStatus>))]
public enum ReviewStatus
{
    /// <summary>Submitted: waiting for the next approval.</summary>
    Pending,
    /// <summary>Approved at every step its site asks for: it may be published.</summary>
    Approved,
    /// <summary>Sent back by a reviewer: change it and submit it again.</summary>
    Rejected,
}

/// <summary>
/// 审核 (先审后发): a site with <c>reviewSteps</c> publishes an article only once that many keys with content:review
/// approved its content, one after the other (三审: 初审, 复审, 终审). A change of content clears the approvals, so what
/// is published is what was approved; who decided what, and why, is in the article's revisions.
/// </summary>
/// <param name="Status">pending, approved or rejected.</param>
/// <param name="Approvals">How many reviewers approved the content as it is (1 after 初审, 2 after 复审…).</param>
public sealed record ArticleReview(ReviewStatus Status, int Approvals);

/// <summary>
/// A file an article offers for download (附件): a notice's forms, a policy's full text. Body paragraphs are plain text,
/// so a link to a file lives here.
/// </summary>
/// <param name="Name">What the page shows, e.g. 附件1：申请表.docx: plain text, 1–200 characters.</param>
/// <param name="Url">Where the file is: an absolute http(s) URL or a path starting with <c>/</c>, up to 1,000 characters.</param>
/// <param name="Size">Its size in bytes, if known (for the page to show 1.2 MB).</param>
public sealed record Attachment(string Name, string Url, long? Size = null);

/// <summary>An article in a list: everything but the body.</summary>
/// <param name="Id">Numeric id.</param>
/// <param name="Channel">Key of the channel.</param>
/// <param name="Slug">Readable address, if any.</param>
/// <param name="Status">draft, scheduled, published or trashed.</param>
/// <param name="Pinned">置顶: shown before the others in lists without a sort (pin and unpin change it).</param>
/// <param name="PinnedUntil">置顶有效期: when the pin ends by itself, in the site's time zone; null while pinned until unpinned.</param>
/// <param name="PinLevel">置顶级别: 1–9 while pinned, higher first among the pinned ones; 0 when not pinned.</param>
/// <param name="Title">标题.</param>
/// <param name="Subtitle">副标题.</param>
/// <param name="Summary">摘要.</param>
/// <param name="Source">来源.</param>
/// <param name="Editor">责任编辑.</param>
/// <param name="Tags">Tags.</param>
/// <param name="CoverUrl">Cover image URL.</param>
/// <param name="LinkUrl">外链: the address this article links to instead of a page of its own (a report reposted from
/// 新华网); front ends link there from lists. Null for an article of its own.</param>
/// <param name="PublishedAt">发布时间.</param>
/// <param name="PublishedUntil">下线时间: when the publication ends by itself; null while published until unpublished.</param>
/// <param name="Version">The article's version.</param>
/// <param name="Snippet">With a search (q): where the article matched, HTML-escaped (&amp; &lt; &gt; &quot; &#39; as entities, every other character as written), the matched text in &lt;mark&gt;.</param>
/// <param name="Review">审核: where the article is in its review; absent when it was never submitted.</param>
/// <param name="Revises">修改稿: the published article this draft revises; absent for an article of its own.</param>
/// <param name="Disclosure">政府信息公开: the document's catalogue fields (索引号, 发文字号, 成文日期…), which a 信息公开目录
/// prints in its table; absent for an article that is no such document.</param>
public sealed record ArticleSummary(
    long Id, string Channel, string? Slug, ArticleStatus Status, bool Pinned, DateTimeOffset? PinnedUntil, int PinLevel, string Title,
    string? Subtitle, string? Summary, string? Source, string? Editor, IReadOnlyList<string> Tags, string? CoverUrl, string? LinkUrl, DateTimeOffset? PublishedAt,
    DateTimeOffset? PublishedUntil, long Version, string? Snippet = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ArticleReview? Review = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Revises = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Disclosure? Disclosure = null);

/// <summary>A page of articles. Pass <c>nextCursor</c> as <c>cursor</c> for the next page; null on the last page.</summary>
/// <param name="Items">The articles of this page, in the list's order.</param>
/// <param name="NextCursor">Opaque: send it back as <c>cursor</c> for the next page; null on the last page.</param>
/// <param name="Total">With <c>total=true</c>: how many articles the whole list holds (共 N 条), counted up to
/// <c>Search:MostCounted</c> (10,000); absent otherwise.</param>
/// <param name="TotalExact">With <c>total=true</c>: false when the list holds more than <c>total</c> (10,000 条以上).</param>
public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Items, string? NextCursor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Total = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TotalExact = null);

/// <summary>
/// 上一篇 and 下一篇: the published articles just before and after one, in its channel (and the channels below it) as its
/// list orders them. Portals print the newer as 上一篇 (above it in a newest-first list) and the older as 下一篇, or
/// the other way round; the names here say which is which.
/// </summary>
/// <param name="Newer">The next newer article; null for the newest.</param>
/// <param name="Older">The next older article; null for the oldest.</param>
public sealed record AdjacentArticles(ArticleSummary? Newer, ArticleSummary? Older);

/// <summary>
/// 相关文章, both ways: what an article's page lists under 相关文件 or 相关解读. Published articles only, whoever asks.
/// </summary>
/// <param name="Links">The articles this one names in its <c>related</c>, in that order.</param>
/// <param name="Backlinks">The articles that name this one in theirs (the 解读 of a 政策文件), newest first; at most
/// <see cref="MostBacklinks"/>.</param>
public sealed record RelatedArticles(IReadOnlyList<ArticleSummary> Links, IReadOnlyList<ArticleSummary> Backlinks)
{
    public const int MostBacklinks = 50;
}

/// <summary>索引号 that more than one document of the site has: from before numbers typed by hand were checked (an
/// import), to be renumbered by hand. A 修改稿 is not counted: it shares its article's.</summary>
/// <param name="Items">Each number with the articles holding it, in number order; at most <see cref="MostNumbers"/>.</param>
public sealed record IndexNumberDuplicates(IReadOnlyList<DuplicatedIndexNumber> Items)
{
    public const int MostNumbers = 1000;
}

/// <param name="IndexNumber">The 索引号.</param>
/// <param name="Articles">The articles that have it (any status, the trash included), in id order.</param>
public sealed record DuplicatedIndexNumber(string IndexNumber, IReadOnlyList<long> Articles);

/// <summary>Published documents given their 索引号 by the site's format, oldest first.</summary>
/// <param name="Items">The documents numbered by this request, each with its new version.</param>
/// <param name="Remaining">How many published documents of the site are still without a 索引号: ask again while it is not 0.</param>
public sealed record NumberedDocuments(IReadOnlyList<NumberedDocument> Items, long Remaining);

/// <param name="Id">The article.</param>
/// <param name="IndexNumber">The 索引号 it was given.</param>
/// <param name="Version">Its version after that (the revision's action: number).</param>
public sealed record NumberedDocument(long Id, string IndexNumber, long Version);

/// <summary>What an editor sends to create or replace an article. Section paths and labels are computed, never sent.</summary>
/// <param name="Channel">Key of the channel (栏目) the article goes in, e.g. <c>news</c>. Required.</param>
/// <param name="Title">标题: plain text, 1–200 characters. Required.</param>
/// <param name="Subtitle">副标题, without the introducing dash: up to 300 characters.</param>
/// <param name="Kicker">引题, the line above the title: up to 200 characters.</param>
/// <param name="Summary">摘要: up to 1,000 characters.</param>
/// <param name="Source">来源, e.g. 市生态环境局: up to 100 characters.</param>
/// <param name="Author">作者: up to 100 characters.</param>
/// <param name="Editor">责任编辑: up to 50 characters.</param>
/// <param name="Tags">Free tags: at most 20, each 1–30 characters; duplicates are dropped.</param>
/// <param name="CoverUrl">Cover image: an absolute http(s) URL or a path starting with <c>/</c>, up to 1,000 characters.</param>
/// <param name="Slug">Readable address, unique in the site (any Unicode without spaces or <c>/ ? # % \</c>, not only digits,
/// and not a name another route has, such as <c>popular</c>): up to 200 characters.</param>
/// <param name="Keywords">Keywords for the page's meta tags: up to 200 characters.</param>
/// <param name="Description">Description for the page's meta tags: up to 500 characters.</param>
/// <param name="Disclosure">政府信息公开 fields (索引号, 主题分类, 发文机关, 成文日期, 发文字号, 有效性), if any.</param>
/// <param name="PublishedAt">发布时间 with its offset (2022-05-12T11:23:00+08:00), between 1990 and 2100; publishing without one
/// uses the time of publishing.</param>
/// <param name="Body">Lead, numbered sections and closing: at most 500,000 characters, 1,000 sections and 20,000 characters a paragraph.</param>
/// <param name="Attachments">Files to download (附件): at most 50, each a name and a URL (and its size, if known).</param>
/// <param name="LinkUrl">外链: make the article a link to this address, which lists lead to instead of its own page (a report
/// reposted from 新华网): an absolute http(s) URL or a path starting with <c>/</c>, up to 1,000 characters. It may then
/// have no body.</param>
/// <param name="Related">相关文章: ids of other articles of the site this one links to, in the order the page lists them (a
/// 政策解读 names the 政策文件 it explains): at most 20, each an article of the site (of any status, not a 修改稿);
/// duplicates are dropped.</param>
public sealed record ArticleInput(
    string? Channel, string? Title, string? Subtitle, string? Kicker, string? Summary, string? Source, string? Author,
    string? Editor, IReadOnlyList<string>? Tags, string? CoverUrl, string? Slug, string? Keywords, string? Description,
    Disclosure? Disclosure, DateTimeOffset? PublishedAt, ArticleBody? Body, IReadOnlyList<Attachment>? Attachments = null,
    string? LinkUrl = null, IReadOnlyList<long>? Related = null)
{
    /// <summary>Trimmed text, empty strings as null, distinct tags, a numbered body, no attachments as none. Call after validation.</summary>
    public ArticleInput Normalized() => this with
    {
        Channel = Channel?.Trim(),
        Title = Title?.Trim(),
        Subtitle = TextRules.Blank(Subtitle),
        Kicker = TextRules.Blank(Kicker),
        Summary = TextRules.Blank(Summary),
        Source = TextRules.Blank(Source),
        Author = TextRules.Blank(Author),
        Editor = TextRules.Blank(Editor),
        Tags = (Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToList(),
        CoverUrl = TextRules.Blank(CoverUrl),
        LinkUrl = TextRules.Blank(LinkUrl),
        Slug = TextRules.Blank(Slug),
        Keywords = TextRules.Blank(Keywords),
        Description = TextRules.Blank(Description),
        Disclosure = Disclosure?.Normalized(),
        Body = Numbering.Number(Body),
        Attachments = (Attachments ?? []).Select(a => a with { Name = a.Name.Trim(), Url = a.Url.Trim() }).ToList(),
        Related = (Related ?? []).Distinct().ToList(),
    };

    /// <summary>The input that would recreate <paramref name="article"/>'s content (for revisions and merge patches).</summary>
    public static ArticleInput From(Article article) => new(
        article.Channel, article.Title, article.Subtitle, article.Kicker, article.Summary, article.Source, article.Author,
        article.Editor, article.Tags, article.CoverUrl, article.Slug, article.Keywords, article.Description, article.Disclosure,
        article.PublishedAt, article.Body, article.Attachments, article.LinkUrl, article.Related);
}

/// <summary>Publish now, at a given time, or (with a future time) schedule; until a time, or until unpublished.</summary>
/// <param name="PublishedAt">The publish time to show; default: the stored one, else now. A future time schedules the article.</param>
/// <param name="Until">下线时间: when the publication ends by itself (the article goes back to the drafts), in the future and after publishedAt; default: published until unpublished. Publishing again sets it anew.</param>
public sealed record PublishRequest(DateTimeOffset? PublishedAt, DateTimeOffset? Until = null);

/// <summary>置顶, until a time or until unpinned, at a level.</summary>
/// <param name="Until">When the pin ends by itself (置顶有效期), in the future; default: pinned until unpinned. Pinning a pinned
/// article again sets its end and level anew.</param>
/// <param name="Level">置顶级别, 1–9: pinned articles come by level, higher first, then newest first; default 1.</param>
public sealed record PinRequest(DateTimeOffset? Until, int? Level = null);

/// <summary>一稿多发: where a copy of an article goes (another site of the 站群, or another channel of the same).</summary>
/// <param name="Site">The site the copy is made in.</param>
/// <param name="Channel">Its channel there.</param>
public sealed record CopyRequest(string? Site, string? Channel);

/// <summary>What to delete for good together (清空回收站): the articles <paramref name="Ids"/>, or the <paramref name="WholeTrash"/>.</summary>
/// <param name="Ids">Articles of the site in the trash, 1 to 1000 of them.</param>
/// <param name="WholeTrash">true for every article of the site in the trash (up to 1000), instead of ids.</param>
public sealed record PurgeRequest(IReadOnlyList<long>? Ids, bool? WholeTrash);

/// <summary>The articles a batch step (批量操作) is for.</summary>
/// <param name="Ids">Articles of the site, 1 to 100 of them; each is stepped once, in this order.</param>
public sealed record ArticleIds(IReadOnlyList<long>? Ids)
{
    public const int Most = 100;
}

/// <summary>Articles to publish together (批量发布), each as <c>POST …/{id}/publish</c> with these times would.</summary>
/// <param name="Ids">Articles of the site, 1 to 100 of them.</param>
/// <param name="PublishedAt">The publish time to show for each; default: each one's stored one, else now. A future time schedules them.</param>
/// <param name="Until">下线时间: when each publication ends by itself, in the future and after publishedAt; default: published until unpublished.</param>
public sealed record PublishArticlesRequest(IReadOnlyList<long>? Ids, DateTimeOffset? PublishedAt = null, DateTimeOffset? Until = null);

/// <summary>Articles to pin together (批量置顶), each as <c>POST …/{id}/pin</c> with this end and level would.</summary>
/// <param name="Ids">Articles of the site, 1 to 100 of them, of any status but the trash.</param>
/// <param name="Until">When each pin ends by itself (置顶有效期), in the future; default: pinned until unpinned.</param>
/// <param name="Level">置顶级别, 1–9, higher first; default 1.</param>
public sealed record PinArticlesRequest(IReadOnlyList<long>? Ids, DateTimeOffset? Until, int? Level = null);

/// <summary>Articles to submit for review together (批量送审), each as <c>POST …/{id}/submit</c> with this note would.</summary>
/// <param name="Ids">Drafts of the site, 1 to 100 of them.</param>
/// <param name="Note">What the reviewers should know: plain text, up to 500 characters; optional.</param>
public sealed record SubmitArticlesRequest(IReadOnlyList<long>? Ids, string? Note = null);

/// <summary>A reviewer's decision on several articles at once (批量审核), each on the version the reviewer read, as
/// <c>POST …/{id}/approve</c> or <c>…/reject</c> with that version in If-Match and this note would.</summary>
/// <param name="Items">The articles, 1 to 100 of them, each once, with the versions read.</param>
/// <param name="Note">审核意见: plain text, up to 500 characters; required to reject, optional to approve.</param>
public sealed record ReviewArticlesRequest(IReadOnlyList<VersionRead>? Items, string? Note = null);

/// <summary>An article and the version of it a reviewer read.</summary>
/// <param name="Id">The article.</param>
/// <param name="Version">Its version as read: a list item's or the article's version, the number in its ETag.</param>
public sealed record VersionRead(long Id, long Version);

/// <summary>Articles to move to another channel (批量移动).</summary>
/// <param name="Ids">Articles of the site, 1 to 100 of them, of any status but the trash.</param>
/// <param name="Channel">The key of the channel they go to.</param>
public sealed record MoveRequest(IReadOnlyList<long>? Ids, string? Channel);

/// <summary>What a batch step did to each of its articles, in the order of their ids.</summary>
/// <param name="Items">One result per article.</param>
/// <param name="Done">Articles the step was taken for (or that were already where it leads: a step taken again writes nothing).</param>
/// <param name="Failed">Articles it was refused for.</param>
public sealed record SteppedArticles(IReadOnlyList<SteppedArticle> Items, int Done, int Failed);

/// <summary>One article of a batch step.</summary>
/// <param name="Id">The article.</param>
/// <param name="Status">200 when done, else what the step's own route would have answered: 404 (no such article of the
/// site), 409 (its state, such as one in the trash to publish or one awaiting review; 错敏词 blocking a restore)…</param>
/// <param name="ArticleStatus">Its status after the step, when done.</param>
/// <param name="Version">Its version after the step, when done (the ETag's number, for the next write).</param>
/// <param name="Code">The problem's code, when refused.</param>
/// <param name="Detail">Why it was refused.</param>
public sealed record SteppedArticle(long Id, int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ArticleStatus? ArticleStatus = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

/// <summary>The articles deleted for good.</summary>
/// <param name="Purged">Their ids, in order; none when the trash was empty.</param>
public sealed record PurgedArticles(IReadOnlyList<long> Purged);

/// <summary>A reviewer's decision (审核意见).</summary>
/// <param name="Note">Why: plain text, up to 500 characters; required to reject, optional to approve or submit.</param>
public sealed record ReviewRequest(string? Note);

/// <summary>One entry of an article's history.</summary>
/// <param name="Version">The article's version after this change.</param>
/// <param name="Action">create, replace, patch, import, revert:{version}, publish, schedule, unpublish, trash, restore, pin, unpin,
/// pin-ended (its 置顶有效期 came), publication-ended (its 下线时间 came), submit, approve or reject (审核), revise (a 修改稿 made),
/// revised-by:{id} (the 修改稿 {id} published into it), copied-from:{site}/{id} (一稿多发: made as a copy of that article) or
/// number (given its 索引号 by …/articles/index-numbers).</param>
/// <param name="Actor">The public prefix of the API key that made the change; null for the service's own (pin-ended, publication-ended).</param>
/// <param name="CreatedAt">When the change was made.</param>
/// <param name="Note">What the key wrote with a review step (a rejection's reason); null for other changes.</param>
public sealed record RevisionEntry(long Version, string Action, string? Actor, DateTimeOffset CreatedAt, string? Note = null);

/// <summary>A revision with the article as it was after that change.</summary>
/// <param name="Version">The article's version after this change.</param>
/// <param name="Action">create, replace, patch, import, revert:{version}, publish, schedule, unpublish, trash, restore, pin, unpin,
/// pin-ended (its 置顶有效期 came), publication-ended (its 下线时间 came), submit, approve or reject (审核), revise (a 修改稿 made),
/// revised-by:{id} (the 修改稿 {id} published into it), copied-from:{site}/{id} (一稿多发: made as a copy of that article) or
/// number (given its 索引号 by …/articles/index-numbers).</param>
/// <param name="Actor">The public prefix of the API key that made the change; null for the service's own (pin-ended, publication-ended).</param>
/// <param name="CreatedAt">When the change was made.</param>
/// <param name="Article">The article as it was after the change.</param>
/// <param name="Note">What the key wrote with a review step (a rejection's reason); null for other changes.</param>
public sealed record Revision(long Version, string Action, string? Actor, DateTimeOffset CreatedAt, Article Article, string? Note = null);

/// <summary>A page of an article's history, newest first.</summary>
/// <param name="Items">The changes on this page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the older changes; null on the last page.</param>
public sealed record RevisionList(IReadOnlyList<RevisionEntry> Items, string? NextCursor);

/// <summary>Everything that describes an article without being its text, ready for a page's head.</summary>
/// <param name="Id">Article id.</param>
/// <param name="Title">标题.</param>
/// <param name="PublishedAt">发布时间.</param>
/// <param name="FirstPublishedAt">First publication.</param>
/// <param name="UpdatedAt">Last change.</param>
/// <param name="Source">来源.</param>
/// <param name="Author">作者.</param>
/// <param name="Editor">责任编辑.</param>
/// <param name="Breadcrumb">The channel path from the top level.</param>
/// <param name="WordCount">Words of the body: each CJK character counts one, a run of Latin letters or digits counts one.</param>
/// <param name="ReadingMinutes">At 400 words a minute, at least 1.</param>
/// <param name="Keywords">Keywords.</param>
/// <param name="Description">The description, or the start of the lead when the article has none.</param>
/// <param name="CanonicalUrl">https://{the site's first domain}/articles/{slug or id}.</param>
/// <param name="Disclosure">政府信息公开 fields, if any.</param>
/// <param name="MetaTags">The government page meta tags (ArticleTitle, PubDate, ContentSource, …) as name/content pairs.</param>
public sealed record ArticleMetadata(
    long Id, string Title, DateTimeOffset? PublishedAt, DateTimeOffset? FirstPublishedAt, DateTimeOffset UpdatedAt, string? Source,
    string? Author, string? Editor, IReadOnlyList<ChannelRef> Breadcrumb, int WordCount, int ReadingMinutes, string? Keywords,
    string Description, string CanonicalUrl, Disclosure? Disclosure, IReadOnlyList<MetaTag> MetaTags);

/// <param name="Name">The meta tag's name attribute.</param>
/// <param name="Content">Its content attribute.</param>
public sealed record MetaTag(string Name, string Content);
