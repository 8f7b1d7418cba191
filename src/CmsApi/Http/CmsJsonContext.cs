using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CmsApi.Articles;
using CmsApi.Calendar;
using CmsApi.Changes;
using CmsApi.Channels;
using CmsApi.Import;
using CmsApi.Keys;
using CmsApi.Search;
using CmsApi.Sections;
using CmsApi.Sites;
using CmsApi.Terms;
using CmsApi.Views;
using CmsApi.Webhooks;

namespace CmsApi.Http;

/// <summary>
/// The JSON contracts of the API's request bodies and answers, generated at build time. Without it System.Text.Json
/// builds them by reflection, emitting and compiling accessors: for the request bodies that happens while the endpoints
/// are built, before the service is ready (about 25 ms of start-up), and for each answer on its route's first request.
/// The options (JsonSetup) still decide naming, escaping and strictness; a type not listed here falls back to
/// reflection, so a missing entry costs time, never correctness.
/// </summary>
[JsonSerializable(typeof(ApiKeyInput))]
[JsonSerializable(typeof(ArticleInput))]
[JsonSerializable(typeof(ChannelChange))]
[JsonSerializable(typeof(ChannelUpdates))]
[JsonSerializable(typeof(ChannelInput))]
[JsonSerializable(typeof(ImportRequest))]
[JsonSerializable(typeof(JsonObject))] // a merge patch
[JsonSerializable(typeof(PublishRequest))]
[JsonSerializable(typeof(PinRequest))]
[JsonSerializable(typeof(ReviewRequest))]
[JsonSerializable(typeof(CopyRequest))]
[JsonSerializable(typeof(TermListInput))]
[JsonSerializable(typeof(TermCheckInput))]
[JsonSerializable(typeof(TermList))]
[JsonSerializable(typeof(TermCheck))]
[JsonSerializable(typeof(TermScan))]
[JsonSerializable(typeof(SiteInput))]
[JsonSerializable(typeof(ApiKeyList))]
[JsonSerializable(typeof(Article))]
[JsonSerializable(typeof(ArticleMetadata))]
[JsonSerializable(typeof(AdjacentArticles))]
[JsonSerializable(typeof(RelatedArticles))]
[JsonSerializable(typeof(NumberedDocuments))]
[JsonSerializable(typeof(PurgeRequest))]
[JsonSerializable(typeof(PurgedArticles))]
[JsonSerializable(typeof(ArticleIds))]
[JsonSerializable(typeof(MoveRequest))]
[JsonSerializable(typeof(PinArticlesRequest))]
[JsonSerializable(typeof(PublishArticlesRequest))]
[JsonSerializable(typeof(SubmitArticlesRequest))]
[JsonSerializable(typeof(ReviewArticlesRequest))]
[JsonSerializable(typeof(SteppedArticles))]
[JsonSerializable(typeof(IndexNumberDuplicates))]
[JsonSerializable(typeof(DisclosureCatalogue))]
[JsonSerializable(typeof(ArticlePage))]
[JsonSerializable(typeof(ArticleViews))]
[JsonSerializable(typeof(BatchResult))]
[JsonSerializable(typeof(CalendarDay))]
[JsonSerializable(typeof(ChangePage))]
[JsonSerializable(typeof(Audit.AuditPage))]
[JsonSerializable(typeof(Statistics.SiteStatistics))]
[JsonSerializable(typeof(WebhookInput))]
[JsonSerializable(typeof(Webhook))]
[JsonSerializable(typeof(WebhookList))]
[JsonSerializable(typeof(WebhookWithSecret))]
[JsonSerializable(typeof(WebhookMessage))]
[JsonSerializable(typeof(WebhookAttempt))]
[JsonSerializable(typeof(WebhookAttemptList))]
[JsonSerializable(typeof(WebhookRewind))]
[JsonSerializable(typeof(Channel))]
[JsonSerializable(typeof(ChannelTree))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(Footer))]
[JsonSerializable(typeof(ImportResult))]
[JsonSerializable(typeof(IReadOnlyList<OutlineEntry>))]
[JsonSerializable(typeof(PopularList))]
[JsonSerializable(typeof(RebuildResult))]
[JsonSerializable(typeof(Revision))]
[JsonSerializable(typeof(RevisionList))]
[JsonSerializable(typeof(Section))]
[JsonSerializable(typeof(Site))]
[JsonSerializable(typeof(SiteList))]
internal sealed partial class CmsJsonContext : JsonSerializerContext;
