using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using CmsApi.Audit;
using CmsApi.Auth;
using CmsApi.Caching;
using CmsApi.Channels;
using CmsApi.Data;
using CmsApi.Http;
using CmsApi.Sites;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CmsApi.Articles;

public static class ArticlesApi
{
    /// <summary>An article as text: the legacy page's layout (what <c>text/*</c> takes) or Markdown.</summary>
    private static readonly TextAlternatives ArticleTexts = new("text/plain", "text/markdown");

    public static IServiceCollection AddArticles(this IServiceCollection services) =>
        services.AddSingleton<ArticleStore>().AddSingleton<DisclosureCatalogueStore>()
            .AddSingleton<ScheduledEnds>().AddHostedService(s => s.GetRequiredService<ScheduledEnds>());

    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sites/{site}/articles").WithTags("Articles");

        group.MapGet("/", List).WithName("ListArticles").WithValidation().WithCachedRead()
            .WithSummary("Published articles, newest first (pinned ones first without a sort), filtered and paged with an opaque keyset cursor")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/export", Export).WithName("ExportArticles").WithValidation()
            .WithSummary("归档导出: every article of the site (of a channel and those below it) of a status, whole, one JSON object a line, in id order")
            .WithDescription("application/x-ndjson, streamed in batches: each line is what GET …/articles/{id} answers. An export broken " +
                             "off goes on with after= the last id it got. Not cached; needs content:read-drafts, whatever the status; kept in the audit log.")
            .Produces<Article>(StatusCodes.Status200OK, ExportMediaType)
            .RequireScope(Scopes.ReadDrafts).WithAuditedRead()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}", Get).WithName("GetArticle").WithCachedRead(oneArticle: true)
            .WithSummary("One article by id or slug; Accept: text/markdown or text/plain answers it as text")
            .WithMetadata(ArticleTexts)
            .ProducesProblem(StatusCodes.Status404NotFound);
        // Not one article's answer: it changes when a neighbour is published, moved or withdrawn.
        group.MapGet("/{id}/adjacent", GetAdjacent).WithName("GetAdjacentArticles").WithCachedRead()
            .WithSummary("上一篇/下一篇: the published articles just newer and older than this one in its channel")
            .ProducesProblem(StatusCodes.Status404NotFound);
        // Not one article's answer either: it shows other articles, which change on their own.
        group.MapGet("/{id}/related", GetRelated).WithName("GetRelatedArticles").WithCachedRead()
            .WithSummary("相关文章: the published articles this one names in its related, and those that name it (相关文件, 相关解读)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/metadata", GetMetadata).WithName("GetArticleMetadata").WithCachedRead(oneArticle: true)
            .WithSummary("Times, source, editor, breadcrumb, word count, description and the government page meta tags")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", Create).WithName("CreateArticle").WithSummary("Create an article (a draft)")
            .RequireScope(Scopes.ContentWrite).WithValidation().WithMetadata(ArticleValidator.LargestRequest).WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/index-numbers", NumberDocuments).WithName("NumberDocuments")
            .WithSummary("索引号 for the published documents that have none (published before the site had an indexNumberFormat, " +
                         "or imported without one): up to limit of them, the oldest first, each a write of its own (revision " +
                         "action: number); ask again while remaining is not 0. Without a format on the site, a 409")
            .RequireScope(Scopes.ContentPublish).WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/index-numbers/duplicates", async Task<Results<Ok<IndexNumberDuplicates>, ProblemHttpResult>> (
                string site, ArticleStore store, CancellationToken ct) =>
                await store.IndexNumberDuplicatesAsync(site, ct) is { } duplicates ? TypedResults.Ok(duplicates) : Problems.NotFound("site", site))
            .WithName("ListDuplicatedIndexNumbers")
            .WithSummary("索引号 that more than one document of the site has (from before typed numbers were checked, an import): " +
                         "each with the articles holding it, to renumber by hand; a 修改稿 shares its article's and is not counted")
            .RequireScope(Scopes.ReadDrafts).ProducesProblem(StatusCodes.Status404NotFound);
        // Beside the group: under …/articles/ the name would take an article's slug.
        routes.MapGet("/sites/{site}/disclosure-catalogue", async Task<Results<Ok<DisclosureCatalogue>, ProblemHttpResult>> (
                string site, [AsParameters] CatalogueParameters parameters, DisclosureCatalogueStore store, HttpContext http, CancellationToken ct) =>
            {
                if (await store.ReadAsync(site, parameters, ct) is not { } catalogue)
                {
                    return parameters.ChannelKey is { } missing ? Problems.NotFound("channel", missing) : Problems.NotFound("site", site);
                }
                if (parameters.ChannelKey is { } channel)
                {
                    PublicReads.AddSurrogateKeys(http, PublicReads.ChannelTag(site, channel));
                }
                return TypedResults.Ok(catalogue);
            })
            .WithTags("Articles").WithName("GetDisclosureCatalogue").WithValidation().WithCachedRead()
            .WithSummary("信息公开目录's classifications: the 主题分类 tree, 发文机关, 有效性 and years of 成文日期 of the published documents (of a channel " +
                         "and those below it), each with how many; its value is the list filter (subject=, issuingAgency=, validity=, a year's writtenFrom= and writtenTo=) that shows them")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:long}", Replace).WithName("ReplaceArticle")
            .WithSummary("Replace an article's content (If-Match required); its status does not change")
            .RequireScope(Scopes.ContentWrite).WithValidation().WithMetadata(ArticleValidator.LargestRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: true);
        group.MapPatch("/{id:long}", Patch).WithName("PatchArticle")
            .WithSummary("Change some fields with a JSON merge patch (RFC 7396; If-Match required)")
            .WithDescription("The patch names fields of ArticleInput: a value replaces the field, an object (such as body) is merged " +
                             "and an array (such as body.sections) replaced whole, null removes the field. The result is validated " +
                             "as a whole article; section paths and labels sent are ignored.")
            .AcceptsMergePatch()
            .RequireScope(Scopes.ContentWrite).WithMetadata(ArticleValidator.LargestRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: true);

        group.MapPost("/{id:long}/publish", Publish).WithName("PublishArticle")
            .WithSummary("Publish now, or at the given publishedAt (a future time schedules it)").RequireScope(Scopes.ContentPublish)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: false);
        group.MapPost("/{id:long}/schedule", Schedule).WithName("ScheduleArticle")
            .WithSummary("Schedule for a future publishedAt: invisible to the public until then").RequireScope(Scopes.ContentPublish)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: false);
        // The steps without a body: each answers the article, and one taken again leaves it as it is.
        RouteHandlerBuilder MapStep(Transition step, string scope) =>
            group.MapPost($"/{{id:long}}/{step.Action}", (string site, long id, ArticleStore store, HttpContext http, CancellationToken ct) =>
                    Transition(site, id, step, store, http, ct))
                .RequireScope(scope).ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch(required: false);
        MapStep(Articles.Transition.Unpublish, Scopes.ContentPublish).WithName("UnpublishArticle")
            .WithSummary("Back to draft (a draft stays as it is; one in the trash that was published will come out of it as a draft)");
        MapStep(Articles.Transition.Trash, Scopes.ContentWrite).WithName("TrashArticle")
            .WithSummary("Move to the trash (reversible; one in it already stays as it is)");
        MapStep(Articles.Transition.Restore, Scopes.ContentWrite).WithName("RestoreArticle")
            .WithSummary("Take out of the trash, back to the status it had (one not in it stays as it is); one that was published " +
                         "is public again, so block terms of the site's 错敏词库 are a 409 terms_blocked")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/pin", Pin).WithName("PinArticle")
            .WithSummary("置顶: show it before the others in lists without a sort, by level (1–9, higher first), until the given " +
                         "time or until unpinned (one in the trash is a 409)")
            .RequireScope(Scopes.ContentPublish)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: false);
        MapStep(Articles.Transition.Unpin, Scopes.ContentPublish).WithName("UnpinArticle")
            .WithSummary("取消置顶: back to its place by publish time");
        // 批量操作: a step for several articles at once, taken as if asked for each in turn, in the order of ids: each a
        // write of its own (revision, change, webhook), one refused reported with what its own route would answer.
        RouteHandlerBuilder MapBatchStep(Transition step, string scope, string what) =>
            group.MapPost($"/batch/{step.Action}", (string site, ArticleIds request, ArticleStore store, SiteStore sites, HttpContext http,
                    CancellationToken ct) => BatchStep(site, request.Ids!, step, store, sites, http, ct))
                .WithSummary($"批量操作: {what} each of ids (up to {ArticleIds.Most}), as POST …/{{id}}/{step.Action} would, one after another")
                .RequireScope(scope).WithValidation().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/batch/publish", PublishEach).WithName("PublishArticles")
            .WithSummary($"批量操作: publish each of ids (up to {ArticleIds.Most}), as POST …/{{id}}/publish with the same publishedAt and until " +
                         "would (now, at the publishedAt it has, or at the one given: a future one schedules), one after another")
            .RequireScope(Scopes.ContentPublish).WithValidation().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        MapBatchStep(Articles.Transition.Unpublish, Scopes.ContentPublish, "take back to draft").WithName("UnpublishArticles");
        MapBatchStep(Articles.Transition.Trash, Scopes.ContentWrite, "move to the trash").WithName("TrashArticles");
        MapBatchStep(Articles.Transition.Restore, Scopes.ContentWrite, "take out of the trash").WithName("RestoreArticles");
        MapBatchStep(Articles.Transition.Unpin, Scopes.ContentPublish, "取消置顶 (unpin)").WithName("UnpinArticles");
        group.MapPost("/batch/pin", PinEach).WithName("PinArticles")
            .WithSummary($"批量置顶: pin each of ids (up to {ArticleIds.Most}) with the same until and level, as POST …/{{id}}/pin would, one after another")
            .RequireScope(Scopes.ContentPublish).WithValidation().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/batch/move", MoveEach).WithName("MoveArticles")
            .WithSummary($"批量移动: move each of ids (up to {ArticleIds.Most}) to the channel, as PATCH {{\"channel\"}} would, one after another")
            .RequireScope(Scopes.ContentWrite).WithValidation().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/revise", Revise).WithName("ReviseArticle")
            .WithSummary("修改稿: a draft with a published article's content, to change (and review) without taking it offline; " +
                         "publishing the draft makes its content the article's and removes it (one per article: asked again, 200 with it)")
            .RequireScope(Scopes.ContentWrite)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/copy", Copy).WithName("CopyArticle")
            .WithSummary("一稿多发: a draft copy of the article in a channel of another site of the 站群 (or of this one), to " +
                         "publish there as that site publishes; it keeps the content but the 索引号, and the 来源 (the site's name when none), not the times")
            .RequireScope(Scopes.ContentWrite).WithValidation().WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        // 审核 (先审后发): a site's reviewSteps approvals, by different keys, before a draft may be published. A reviewer's
        // decision is on the version read, which If-Match names (as for an edit, * takes whatever is stored).
        RouteHandlerBuilder MapReviewStep(string action, string scope, bool decision, Func<string?, string?, Transition> step) =>
            group.MapPost($"/{{id:long}}/{action}", async Task<Results<Ok<Article>, ProblemHttpResult>> (string site, long id,
                    [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] ReviewRequest? request,
                    ArticleStore store, HttpContext http, CancellationToken ct) =>
                    NoteProblem(request?.Note, required: action == "reject") ??
                    (decision && !ETags.IfMatchSent(http)
                        ? Problems.PreconditionRequired("article")
                        : await Transition(site, id, step(Scopes.KeyPrefix(http.User), TextRules.Blank(request?.Note)), store, http, ct)))
                .RequireScope(scope).ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
                .WithIfMatch(required: decision);
        MapReviewStep("submit", Scopes.ContentWrite, decision: false, Articles.Transition.Submit).WithName("SubmitArticle")
            .WithSummary("送审: ask for review of the article as it is (sites with reviewSteps; one pending or approved stays as it is)");
        MapReviewStep("approve", Scopes.ContentReview, decision: true, Articles.Transition.Approve).WithName("ApproveArticle")
            .WithSummary("审核通过: approve the version read (If-Match required), the next step of its review; each step needs " +
                         "another key, not the one that submitted it");
        MapReviewStep("reject", Scopes.ContentReview, decision: true, (_, note) => Articles.Transition.Reject(note!)).WithName("RejectArticle")
            .WithSummary("退回: send the version read (If-Match required) back to its editors with the reason (note)");
        // 批量送审 and 批量审核: each article as its single route would take it; a decision names each version read in the
        // body, where If-Match names it for one article
        group.MapPost("/batch/submit", SubmitEach).WithName("SubmitArticles")
            .WithSummary($"批量送审: submit each of ids (up to {ArticleIds.Most}) for review with the same note, as POST …/{{id}}/submit would, one after another")
            .RequireScope(Scopes.ContentWrite).WithValidation().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        RouteHandlerBuilder MapBatchReview(string action, Func<string?, string?, Transition> step) =>
            group.MapPost($"/batch/{action}", (string site, ReviewArticlesRequest request, ArticleStore store, SiteStore sites, HttpContext http,
                    CancellationToken ct) => DecideEach(site, request, action, step, store, sites, http, ct))
                .RequireScope(Scopes.ContentReview).WithValidation().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        MapBatchReview("approve", Articles.Transition.Approve).WithName("ApproveArticles")
            .WithSummary($"批量审核通过: approve each of items (up to {ArticleIds.Most}) on its version read, as POST …/{{id}}/approve with " +
                         "that version in If-Match would (412 for one changed since), one after another");
        MapBatchReview("reject", (_, note) => Articles.Transition.Reject(note!)).WithName("RejectArticles")
            .WithSummary($"批量退回: send each of items (up to {ArticleIds.Most}) back on its version read with the same reason (note), " +
                         "as POST …/{id}/reject would, one after another");
        group.MapDelete("/{id:long}", Purge).WithName("PurgeArticle")
            .WithSummary("Delete an article in the trash for good").RequireScope(Scopes.ContentWrite)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/purge", PurgeTogether).WithName("PurgeArticles")
            .WithSummary("清空回收站: delete articles in the trash for good together, those of ids or the wholeTrash, all or none")
            .WithDescription("Links among them hold none back (two that name each other among their 相关文章 cannot be purged one " +
                             "at a time); a link from an article that stays does, as on DELETE. Up to 1000 articles at a time.")
            .RequireScope(Scopes.ContentWrite).WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{id:long}/revisions", async Task<Results<Ok<RevisionList>, ProblemHttpResult>> (
                string site, [AsParameters] RevisionListParameters page, ArticleStore store, CancellationToken ct) =>
                await store.RevisionsAsync(site, page, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("article", $"{page.Id}"))
            .WithName("ListArticleRevisions").WithSummary("Every change, newest first, a page at a time").RequireScope(Scopes.ReadDrafts)
            .WithValidation().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/revisions/{version:long}", async Task<Results<Ok<Revision>, ProblemHttpResult>> (
                string site, long id, long version, ArticleStore store, CancellationToken ct) =>
                await store.RevisionAsync(site, id, version, ct) is { } revision ? TypedResults.Ok(revision) : Problems.NotFound("revision", $"{id}/{version}"))
            .WithName("GetArticleRevision").WithSummary("The article as it was after one change").RequireScope(Scopes.ReadDrafts)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/revisions/{version:long}/restore", RestoreRevision).WithName("RestoreArticleRevision")
            .WithSummary("Make an earlier revision's content current again (as a new version; the status stays)")
            .RequireScope(Scopes.ContentWrite)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithIfMatch(required: false);

        return group;
    }

    private static async Task<Results<Ok<ArticlePage>, ProblemHttpResult>> List(
        string site, [AsParameters] ListParameters parameters, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        if (parameters.ShowsHidden && !Scopes.MayReadDrafts(http))
        {
            const string Needs = "Listing unpublished articles, or by review, needs a key with content:read-drafts.";
            return http.User.Identity?.IsAuthenticated == true
                ? Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", Needs)
                : Problems.Problem(StatusCodes.Status401Unauthorized, "unauthorized", Needs);
        }
        if (await store.ListAsync(site, parameters, ct) is not { } page)
        {
            // when the site is what is missing, MissingSites says so
            return parameters.ChannelKey is { } missing ? Problems.NotFound("channel", missing) : Problems.NotFound("site", site);
        }
        if (parameters.ChannelKey is { } channel)
        {
            PublicReads.AddSurrogateKeys(http, PublicReads.ChannelTag(site, channel));
        }
        return TypedResults.Ok(page);
    }

    private const string ExportMediaType = "application/x-ndjson";

    /// <summary>How many articles an export reads at a time: a batch is one short query, so writes are not held up.</summary>
    private const int ExportBatch = 200;

    private static readonly byte[] LineEnd = "\n"u8.ToArray();

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Export(
        string site, [AsParameters] ExportParameters parameters, ArticleStore store, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        HttpContext http, CancellationToken ct)
    {
        // the site and channel before the answer starts, so that a missing one is a 404, not an empty stream
        var (channel, status) = (parameters.ChannelKey, parameters.StatusFilter);
        if (await store.ExportScopeAsync(site, channel, ct) is not { } scope)
        {
            return channel is not null ? Problems.NotFound("channel", channel) : Problems.NotFound("site", site);
        }
        var article = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Article>)json.Value.SerializerOptions.GetTypeInfo(typeof(Article));
        http.Response.Headers.CacheControl = "no-store"; // drafts maybe, and gigabytes: no cache keeps it
        return TypedResults.Stream(async stream =>
        {
            for (var after = parameters.After ?? 0; ; )
            {
                // a site deleted while the export runs has no more articles: it ends there
                var batch = await store.ExportAsync(scope, status, after, ExportBatch, ct);
                foreach (var each in batch)
                {
                    await JsonSerializer.SerializeAsync(stream, each, article, ct);
                    await stream.WriteAsync(LineEnd, ct);
                }
                await stream.FlushAsync(ct);
                if (batch.Count < ExportBatch)
                {
                    return;
                }
                after = batch[^1].Id;
            }
        }, ExportMediaType);
    }

    private static async Task<Results<Ok<NumberedDocuments>, ProblemHttpResult>> NumberDocuments(
        string site, [AsParameters] NumberingParameters parameters, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        var (outcome, numbered) = await store.NumberDocumentsAsync(site, parameters.Limit ?? NumberingParameters.DefaultLimit,
            Scopes.KeyPrefix(http.User), ct);
        return outcome switch
        {
            ArticleStore.Outcome.Done => TypedResults.Ok(numbered!),
            ArticleStore.Outcome.SiteNotFound => Problems.NotFound("site", site),
            _ => Problems.Conflict("no_index_number_format",
                $"The site has no indexNumberFormat to number its documents by: set one first (PATCH /api/v1/sites/{site})."),
        };
    }

    private static async Task<Results<Ok<Article>, ContentHttpResult, ProblemHttpResult>> Get(
        string site, string id, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        if (await store.FindAsync(site, id, Scopes.MayReadDrafts(http), ct) is not { } article)
        {
            return Problems.NotFound("article", id);
        }
        PublicReads.ShowsArticle(http, site, article.Id, article.Channel);
        http.Response.Headers.Vary = "Accept";
        var text = ArticleTexts.Choose(http.Request);
        if (text is null)
        {
            SetETag(http, article); // the JSON's ETag starts with the version that If-Match names; texts get a hash of their own
        }
        return text switch
        {
            "text/markdown" => TypedResults.Text(ArticleText.Markdown(article), "text/markdown; charset=utf-8"),
            "text/plain" => TypedResults.Text(ArticleText.Plain(article), "text/plain; charset=utf-8"),
            _ => TypedResults.Ok(article),
        };
    }

    private static async Task<Results<Ok<AdjacentArticles>, ProblemHttpResult>> GetAdjacent(
        string site, string id, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        if (await store.FindAsync(site, id, Scopes.MayReadDrafts(http), ct) is not { } article)
        {
            return Problems.NotFound("article", id);
        }
        PublicReads.ShowsArticle(http, site, article.Id, article.Channel);
        if (article is not { Status: ArticleStatus.Published, PublishedAt: { } at })
        {
            return TypedResults.Ok(new AdjacentArticles(null, null)); // a draft or scheduled one (for a key) has no place yet
        }
        // The channel's list from this article's place on, one each way: the same query, order and ties as the list's.
        async Task<ArticleSummary?> NextAsync(bool newest)
        {
            var from = new Cursor(newest, UnixTime.ToMilliseconds(at), article.Id).Encode();
            var page = await store.ListAsync(site, new ListParameters
            {
                Channel = article.Channel, Sort = newest ? "newest" : "oldest", Limit = 1, Cursor = from,
            }, ct);
            return page is { Items: [var next, ..] } ? next : null;
        }
        return TypedResults.Ok(new AdjacentArticles(Newer: await NextAsync(newest: false), Older: await NextAsync(newest: true)));
    }

    private static async Task<Results<Ok<RelatedArticles>, ProblemHttpResult>> GetRelated(
        string site, string id, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        if (await store.FindAsync(site, id, Scopes.MayReadDrafts(http), ct) is not { } article)
        {
            return Problems.NotFound("article", id);
        }
        PublicReads.ShowsArticle(http, site, article.Id, article.Channel);
        return TypedResults.Ok(await store.RelatedAsync(site, article.Id, ct));
    }

    private static async Task<Results<Ok<ArticleMetadata>, ProblemHttpResult>> GetMetadata(
        string site, string id, ArticleStore store, SiteStore sites, ChannelStore channels, HttpContext http, CancellationToken ct)
    {
        if (await store.FindAsync(site, id, Scopes.MayReadDrafts(http), ct) is not { } article ||
            await sites.FindAsync(site, ct) is not { } found || await channels.ListAsync(site, ct) is not { } all)
        {
            return Problems.NotFound("article", id);
        }
        var channel = all.Find(article.Channel);
        PublicReads.ShowsArticle(http, site, article.Id, article.Channel);
        return TypedResults.Ok(Metadata.For(article, found, channel is null ? [] : all.Breadcrumb(channel.Id)));
    }

    private static async Task<Results<Created<Article>, ProblemHttpResult>> Create(
        string site, ArticleInput input, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        var (once, refusal) = IdempotencyKeys.Read(http.Request);
        if (refusal is not null)
        {
            return refusal;
        }
        var normalized = input.Normalized();
        // what the key names: hashed only when a key is sent (a body may be megabytes)
        var result = await store.CreateAsync(site, normalized, Scopes.KeyPrefix(http.User),
            once is null ? null : (once, IdempotencyKeys.Hash($"{site}\n{StoredJson.Write(normalized)}")), ct);
        return Made(http, result, site);
    }

    /// <summary>A creation's answer: 201 with the article (marked as a replay when an Idempotency-Key named an earlier
    /// one), or why not.</summary>
    private static Results<Created<Article>, ProblemHttpResult> Made(HttpContext http, ArticleStore.WriteResult result, string site)
    {
        if (result.Outcome == ArticleStore.Outcome.Replayed)
        {
            http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        }
        return result.Article is { } article ? Created(http, article) : Problem(result, site, "new");
    }

    private static async Task<Results<Created<Article>, Ok<Article>, ProblemHttpResult>> Revise(
        string site, long id, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        var result = await store.ReviseAsync(site, id, Scopes.KeyPrefix(http.User), ct);
        switch (result)
        {
            case { Outcome: ArticleStore.Outcome.Replayed, Article: { } existing }:
                SetETag(http, existing);
                return TypedResults.Ok(existing);
            case { Article: { } revision }:
                return Created(http, revision);
            default:
                return Problem(result, site, $"{id}");
        }
    }

    private static async Task<Results<Created<Article>, ProblemHttpResult>> Copy(
        string site, long id, CopyRequest copy, ArticleStore store, SiteStore sites, HttpContext http, CancellationToken ct)
    {
        var (once, refusal) = IdempotencyKeys.Read(http.Request);
        if (refusal is not null)
        {
            return refusal;
        }
        if (Scopes.SitesOf(http.User) is { } keySites && !keySites.Contains(copy.Site!, StringComparer.Ordinal))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", $"This key is limited to other sites than '{copy.Site}'.");
        }
        if (await store.FindAsync(site, $"{id}", Scopes.MayReadDrafts(http), ct) is not { } original)
        {
            return Problems.NotFound("article", $"{id}");
        }
        if (original.Status == ArticleStatus.Trashed)
        {
            return Problems.Conflict("article_state", "The article is in the trash; restore it first.");
        }
        // the copy says where it came from: its 来源, else the name of the site it was first published on
        var source = original.Source ?? (await sites.FindAsync(site, ct))?.Name;
        // its 相关文章 are articles of this site: a copy in another site has none; and a copy is another entry of a
        // 信息公开目录, whose 索引号 the site or its editor gives (one 索引号 names one document)
        var content = ArticleInput.From(original) with
        {
            Channel = copy.Channel, Slug = null, PublishedAt = null, Source = source, Related = copy.Site == site ? original.Related : null,
            Disclosure = original.Disclosure is { } disclosure ? disclosure with { IndexNumber = null } : null,
        };
        var result = await store.CreateAsync(copy.Site!, content, Scopes.KeyPrefix(http.User),
            once is null ? null : (once, IdempotencyKeys.Hash($"copy\n{site}\n{id}\n{copy.Site}\n{copy.Channel}")), $"copied-from:{site}/{id}", ct);
        return Made(http, result, copy.Site!);
    }

    /// <summary>
    /// An article's JSON shows its row (the version) and, besides, its channel's key and times in its site's time zone,
    /// which change with the channel or the site: the ETag covers those too, so that it changes whenever the bytes do.
    /// </summary>
    private static void SetETag(HttpContext http, Article article) =>
        ETags.Set(http, article.Version, string.Join('\n', article.Channel, article.PublishedAt?.Offset, article.FirstPublishedAt?.Offset,
            article.CreatedAt.Offset, article.UpdatedAt.Offset));

    private static Created<Article> Created(HttpContext http, Article article)
    {
        SetETag(http, article);
        return TypedResults.Created($"/api/v1/sites/{article.Site}/articles/{article.Id}", article);
    }

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> Replace(
        string site, long id, ArticleInput input, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        if (!ETags.IfMatchSent(http))
        {
            return Problems.PreconditionRequired("article");
        }
        return Answer(http, await store.ReplaceAsync(site, id, ETags.RequiredVersion(http), input.Normalized(), "replace", Scopes.KeyPrefix(http.User), ct), site, id);
    }

    /// <summary>RFC 7396: the patch is merged into the article's current content, and the result is validated like a PUT.</summary>
    private static async Task<Results<Ok<Article>, ProblemHttpResult>> Patch(
        string site, long id, HttpContext http, ArticleStore store, IValidator<ArticleInput> validator, CancellationToken ct)
    {
        if (!ETags.IfMatchSent(http))
        {
            return Problems.PreconditionRequired("article");
        }
        var (input, expected, problem) = await MergePatch.MergeAsync(http,
            async () => await store.FindAsync(site, id.ToString(System.Globalization.CultureInfo.InvariantCulture), includeHidden: true, ct) is { } current
                ? (ArticleInput.From(current), current.Version) : null,
            () => Problems.NotFound("article", $"{id}"), validator);
        return input is null
            ? problem!
            : Answer(http, await store.ReplaceAsync(site, id, expected, input.Normalized(), "patch", Scopes.KeyPrefix(http.User), ct), site, id);
    }

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> Publish(
        string site, long id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] PublishRequest? request,
        ArticleStore store, ScheduledEnds ends, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (PublishProblem(request, clock) is { } problem)
        {
            return problem;
        }
        var until = UnixTime.ToMilliseconds(request?.Until);
        return await TransitionWithEnd(site, id, Articles.Transition.Publish(UnixTime.ToMilliseconds(request?.PublishedAt), until), until, store, ends, http, ct);
    }

    /// <summary>A publish time, if given, between 1990 and 2100; a 下线时间, if given, as <see cref="PublicationEndProblem"/> asks.</summary>
    private static ProblemHttpResult? PublishProblem(PublishRequest? request, TimeProvider clock) =>
        request?.PublishedAt is { } at && (at.Year < 1990 || at.Year > 2100)
            ? Problems.FieldError("publishedAt", "The publish time must fall between 1990 and 2100.")
            : PublicationEndProblem(request, clock);

    private static async Task<Results<Ok<SteppedArticles>, ProblemHttpResult>> PublishEach(
        string site, PublishArticlesRequest request, ArticleStore store, SiteStore sites, ScheduledEnds ends, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var when = new PublishRequest(request.PublishedAt, request.Until);
        if (PublishProblem(when, clock) is { } problem)
        {
            return problem;
        }
        var until = UnixTime.ToMilliseconds(request.Until);
        return await BatchStepWithEnd(site, request.Ids!, Articles.Transition.Publish(UnixTime.ToMilliseconds(request.PublishedAt), until), until,
            store, sites, ends, http, ct);
    }

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> Schedule(
        string site, long id, PublishRequest request, ArticleStore store, ScheduledEnds ends, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        if (request.PublishedAt is not { } at || at <= clock.GetUtcNow() || at.Year > 2100)
        {
            return Problems.FieldError("publishedAt", "Scheduling needs a publishedAt in the future (before 2101).");
        }
        if (PublicationEndProblem(request, clock) is { } problem)
        {
            return problem;
        }
        var until = UnixTime.ToMilliseconds(request.Until);
        return await TransitionWithEnd(site, id, Articles.Transition.Schedule(UnixTime.ToMilliseconds(at), until), until, store, ends, http, ct);
    }

    /// <summary>下线时间: in the future, before 2101, and after the publish time sent with it.</summary>
    private static ProblemHttpResult? PublicationEndProblem(PublishRequest? request, TimeProvider clock) =>
        request?.Until is { } until && (until <= clock.GetUtcNow() || until.Year > 2100 || until <= request.PublishedAt)
            ? Problems.FieldError("until", "A publication ends in the future (before 2101) and after its publishedAt; leave until out to publish until unpublished.")
            : null;

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> Pin(
        string site, long id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] PinRequest? request,
        ArticleStore store, ScheduledEnds ends, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (PinProblem(request?.Until, request?.Level, clock) is { } problem)
        {
            return problem;
        }
        var end = UnixTime.ToMilliseconds(request?.Until);
        return await TransitionWithEnd(site, id, Articles.Transition.Pin(end, request?.Level ?? 1), end, store, ends, http, ct);
    }

    /// <summary>A pin's end, in the future and before 2101, and its level, 1 to 9 (both optional).</summary>
    private static ProblemHttpResult? PinProblem(DateTimeOffset? until, int? level, TimeProvider clock) =>
        until is { } end && (end <= clock.GetUtcNow() || end.Year > 2100)
            ? Problems.FieldError("until", "A pin ends in the future (before 2101); leave until out to pin until unpinned.")
            : level is < 1 or > 9 ? Problems.FieldError("level", "A pin's level is 1 to 9 (higher first); leave it out for 1.")
            : null;

    private static async Task<Results<Ok<SteppedArticles>, ProblemHttpResult>> PinEach(
        string site, PinArticlesRequest request, ArticleStore store, SiteStore sites, ScheduledEnds ends, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (PinProblem(request.Until, request.Level, clock) is { } problem)
        {
            return problem;
        }
        var end = UnixTime.ToMilliseconds(request.Until);
        return await BatchStepWithEnd(site, request.Ids!, Articles.Transition.Pin(end, request.Level ?? 1), end, store, sites, ends, http, ct);
    }

    /// <summary>审核意见: plain text of up to 500 characters; a rejection must say why.</summary>
    private static ProblemHttpResult? NoteProblem(string? note, bool required) =>
        required && string.IsNullOrWhiteSpace(note) ? Problems.FieldError("note", "A rejection says why: note is required.")
        : note is not null && (note.Length > 500 || TextRules.HasControlCharacter(note))
            ? Problems.FieldError("note", "note is plain text of at most 500 characters, without control characters.")
            : null;

    /// <summary>A step that may set an <paramref name="end"/> (a pin's, a publication's): this instance's sweeper is told, to take it on time.</summary>
    private static async Task<Results<Ok<Article>, ProblemHttpResult>> TransitionWithEnd(
        string site, long id, Transition transition, long? end, ArticleStore store, ScheduledEnds ends, HttpContext http, CancellationToken ct)
    {
        var answer = await Transition(site, id, transition, store, http, ct);
        if (end is not null)
        {
            ends.EndSet();
        }
        return answer;
    }

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> Transition(
        string site, long id, Transition transition, ArticleStore store, HttpContext http, CancellationToken ct) =>
        Answer(http, await store.TransitionAsync(site, id, ETags.RequiredVersion(http), transition, Scopes.KeyPrefix(http.User), ct), site, id);

    private static async Task<Results<NoContent, ProblemHttpResult>> Purge(string site, long id, ArticleStore store, CancellationToken ct)
    {
        var result = await store.PurgeAsync(site, id, ct);
        return result.Outcome == ArticleStore.Outcome.Done ? TypedResults.NoContent() : Problem(result, site, $"{id}");
    }

    /// <summary>A batch step: for each of <paramref name="ids"/>, on its version in <paramref name="versionsRead"/> when given
    /// (a review decision's), else on the version stored.</summary>
    private static async Task<Results<Ok<SteppedArticles>, ProblemHttpResult>> BatchStep(
        string site, IReadOnlyList<long> ids, Transition step, ArticleStore store, SiteStore sites, HttpContext http, CancellationToken ct,
        Dictionary<long, long>? versionsRead = null) =>
        (await sites.ExistingAsync([site], ct)).Count == 0
            ? Problems.NotFound("site", site)
            : TypedResults.Ok(await StepEachAsync(http, site, ids,
                id => store.TransitionAsync(site, id, versionsRead?[id], step, Scopes.KeyPrefix(http.User), ct)));

    private static async Task<Results<Ok<SteppedArticles>, ProblemHttpResult>> SubmitEach(
        string site, SubmitArticlesRequest request, ArticleStore store, SiteStore sites, HttpContext http, CancellationToken ct) =>
        NoteProblem(request.Note, required: false) ??
        await BatchStep(site, request.Ids!, Articles.Transition.Submit(Scopes.KeyPrefix(http.User), TextRules.Blank(request.Note)), store, sites, http, ct);

    private static async Task<Results<Ok<SteppedArticles>, ProblemHttpResult>> DecideEach(string site, ReviewArticlesRequest request,
        string action, Func<string?, string?, Transition> step, ArticleStore store, SiteStore sites, HttpContext http, CancellationToken ct)
    {
        if (NoteProblem(request.Note, required: action == "reject") is { } problem)
        {
            return problem;
        }
        var decision = step(Scopes.KeyPrefix(http.User), TextRules.Blank(request.Note));
        return await BatchStep(site, [.. request.Items!.Select(i => i.Id)], decision, store, sites, http, ct,
            request.Items!.ToDictionary(i => i.Id, i => i.Version));
    }

    /// <summary>A batch step that may set an <paramref name="end"/> (a pin's, a publication's): this instance's sweeper is told, to take the ends on time.</summary>
    private static async Task<Results<Ok<SteppedArticles>, ProblemHttpResult>> BatchStepWithEnd(string site, IReadOnlyList<long> ids,
        Transition step, long? end, ArticleStore store, SiteStore sites, ScheduledEnds ends, HttpContext http, CancellationToken ct)
    {
        var answer = await BatchStep(site, ids, step, store, sites, http, ct);
        if (end is not null)
        {
            ends.EndSet();
        }
        return answer;
    }

    private static async Task<Results<Ok<SteppedArticles>, ProblemHttpResult>> MoveEach(
        string site, MoveRequest request, ArticleStore store, ChannelStore channels, HttpContext http, CancellationToken ct)
    {
        if (await channels.ListAsync(site, ct) is not { } siteChannels)
        {
            return Problems.NotFound("site", site);
        }
        if (siteChannels.Find(request.Channel!) is null)
        {
            return Problems.FieldError("channel", $"The site has no channel '{request.Channel}'.");
        }
        return TypedResults.Ok(await StepEachAsync(http, site, request.Ids!, id => store.MoveAsync(site, id, request.Channel!, Scopes.KeyPrefix(http.User), ct)));
    }

    /// <summary>批量操作: <paramref name="step"/> for each of <paramref name="ids"/> in turn (once each), answered as its single
    /// route would answer it.</summary>
    private static async Task<SteppedArticles> StepEachAsync(HttpContext http, string site, IReadOnlyList<long> ids,
        Func<long, Task<ArticleStore.WriteResult>> step)
    {
        var once = ids.Distinct().ToList();
        AuditLog.NameArticles(http, once); // their ids are in the body: the audit entry keeps them
        var items = new List<SteppedArticle>(once.Count);
        foreach (var id in once)
        {
            var result = await step(id);
            if (result.Article is { } article)
            {
                items.Add(new SteppedArticle(id, StatusCodes.Status200OK, article.Status, article.Version));
                continue;
            }
            var problem = Problem(result, site, $"{id}").ProblemDetails;
            items.Add(new SteppedArticle(id, problem.Status!.Value,
                Code: problem.Extensions.TryGetValue("code", out var code) ? code as string : null, Detail: problem.Detail));
        }
        return new SteppedArticles(items, items.Count(i => i.Status == StatusCodes.Status200OK), items.Count(i => i.Status != StatusCodes.Status200OK));
    }

    private static async Task<Results<Ok<PurgedArticles>, ProblemHttpResult>> PurgeTogether(
        string site, PurgeRequest request, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        var (refusal, purged) = await store.PurgeTogetherAsync(site, request.WholeTrash == true ? null : request.Ids, ct);
        AuditLog.NameArticles(http, request.Ids?.Distinct() ?? purged); // what was asked for, or what went of the whole trash
        // a refusal for an article not found names it in its detail
        return refusal is null ? TypedResults.Ok(new PurgedArticles(purged)) : Problem(refusal, site, refusal.Detail ?? "");
    }

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> RestoreRevision(
        string site, long id, long version, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        if (await store.RevisionAsync(site, id, version, ct) is not { } revision)
        {
            return Problems.NotFound("revision", $"{id}/{version}");
        }
        // If-Match is checked when sent; without it, the revision replaces whatever version is stored
        var input = ArticleInput.From(revision.Article).Normalized();
        return Answer(http, await store.ReplaceAsync(site, id, ETags.RequiredVersion(http), input, $"revert:{version}", Scopes.KeyPrefix(http.User), ct), site, id);
    }

    private static Results<Ok<Article>, ProblemHttpResult> Answer(HttpContext http, ArticleStore.WriteResult result, string site, long id)
    {
        if (result.Article is not { } article)
        {
            return Problem(result, site, $"{id}");
        }
        SetETag(http, article);
        return TypedResults.Ok(article);
    }

    private static ProblemHttpResult Problem(ArticleStore.WriteResult result, string site, string id) => result.Outcome switch
    {
        ArticleStore.Outcome.SiteNotFound => Problems.NotFound("site", site),
        ArticleStore.Outcome.NotFound => Problems.NotFound("article", id),
        ArticleStore.Outcome.UnknownChannel => Problems.FieldError("channel", result.Detail!),
        ArticleStore.Outcome.UnknownRelated => Problems.FieldError("related", result.Detail!),
        ArticleStore.Outcome.SlugTaken => Problems.Conflict("slug_taken", result.Detail!),
        ArticleStore.Outcome.IndexNumberTaken => Problems.Conflict("index_number_taken", result.Detail!),
        ArticleStore.Outcome.Stale => Problems.PreconditionFailed("article"),
        ArticleStore.Outcome.WrongState => Problems.Conflict("article_state", result.Detail!),
        ArticleStore.Outcome.KeyReused => IdempotencyKeys.Reused(),
        ArticleStore.Outcome.Blocked => TypedResults.Problem(detail: result.Detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["code"] = "terms_blocked", ["check"] = result.Check }),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, null),
    };
}
