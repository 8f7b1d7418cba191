using CmsApi.Articles;
using CmsApi.Data;
using CmsApi.Sites;
using FluentValidation;

namespace CmsApi.Import;

/// <summary>How a page is imported.</summary>
/// <param name="Channel">Key of the channel the article goes into.</param>
/// <param name="Publish">Publish it (else it stays a draft).</param>
/// <param name="Update">Update the article already imported from the same page instead of refusing the duplicate.</param>
/// <param name="ApplyFooter">Write the page's copyright and filings into the site.</param>
public sealed record ImportOptions(string? Channel, bool Publish, bool Update, bool ApplyFooter);

/// <summary>One page to import, as JSON (and as each line of a batch).</summary>
/// <param name="Text">The page text, one block per line.</param>
/// <param name="Channel">Key of the channel; default: the <c>channel</c> query parameter.</param>
/// <param name="Publish">Publish it; default: the <c>publish</c> query parameter, else false.</param>
public sealed record ImportRequest(string? Text, string? Channel, bool? Publish);

/// <summary>The imported article and how its page was read.</summary>
public sealed record ImportResult(Article Article, ImportReport Report);

/// <summary>Turns a legacy page into an article: parse (pure), validate, then one transaction for every write.</summary>
public sealed class PageImporter(ArticleStore articles, IValidator<ArticleInput> validator, TimeProvider clock)
{
    public enum Status { Created, Updated, Duplicate, Invalid, SiteNotFound }

    public sealed record Outcome(Status Status, ImportReport? Report, Article? Article = null, long? ExistingId = null,
        IDictionary<string, string[]>? Errors = null, string? Detail = null);

    public const int MaxPageLength = 1_000_000;

    public async Task<Outcome> ImportAsync(string siteKey, string? text, ImportOptions options, string? actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Invalid(null, "text", "The page text is empty.");
        }
        if (text.Length > MaxPageLength)
        {
            return Invalid(null, "text", $"A page has at most {MaxPageLength} characters.");
        }
        var page = LegacyPageParser.Parse(text);
        if (page.Title is null)
        {
            return Invalid(page.Report, "text", "No title found: the first line of the page (after the header date) must be the title.");
        }
        var input = new ArticleInput(options.Channel, page.Title, page.Subtitle, null, null, page.Source, page.Author, page.Editor,
            [], null, null, null, null, page.Disclosure, page.PublishedAt, page.Body);
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return new Outcome(Status.Invalid, page.Report, Errors: Http.ValidationFilter.Errors(validation), Detail: "The page does not make a valid article.");
        }
        input = input.Normalized();
        var footer = page.Report.Footer;
        long? existing = null;
        var updated = false;
        var written = await articles.InTransactionAsync(async (connection, transaction) =>
        {
            var publishedAt = UnixTime.ToMilliseconds(input.PublishedAt);
            var same = await articles.FindSameAsync(connection, transaction, siteKey, input.Title!, publishedAt);
            ArticleStore.WriteResult result;
            if (same is { } found)
            {
                existing = found.Id;
                if (!options.Update)
                {
                    return new ArticleStore.WriteResult(ArticleStore.Outcome.WrongState);
                }
                updated = true;
                result = await articles.ReplaceAsync(connection, transaction, siteKey, found.Id, found.Version, input, "import", actor);
            }
            else
            {
                result = await articles.CreateAsync(connection, transaction, siteKey, input, "import", actor);
                if (result.Article is not null && page.ViewCount is { } views)
                {
                    result = await articles.SetStartingViewCountAsync(connection, transaction, result, views);
                }
            }
            if (result.Article is { } article && options.Publish)
            {
                var published = await articles.TransitionAsync(connection, transaction, siteKey, article.Id, null, Transition.Publish(null), actor);
                result = published with { Action = published.Action ?? result.Action }; // published already: the import is what it did
            }
            if (result.Outcome == ArticleStore.Outcome.Done && options.ApplyFooter && !footer.IsEmpty)
            {
                await SiteStore.ApplyFooterAsync(connection, transaction, siteKey, footer, UnixTime.ToMilliseconds(clock.GetUtcNow()));
                footer = footer with { AppliedToSite = true };
                return result with { SiteChanged = true };
            }
            return result;
        }, cancellationToken);

        var report = page.Report with { Footer = footer };
        return written.Outcome switch
        {
            ArticleStore.Outcome.Done => new Outcome(updated ? Status.Updated : Status.Created, report, written.Article),
            ArticleStore.Outcome.WrongState when existing is not null && !updated => new Outcome(Status.Duplicate, report, ExistingId: existing,
                Detail: $"This page was imported already as article {existing} (same title and publish time); use mode=update to update it."),
            ArticleStore.Outcome.SiteNotFound => new Outcome(Status.SiteNotFound, report),
            ArticleStore.Outcome.UnknownChannel => Invalid(report, "channel", written.Detail!),
            ArticleStore.Outcome.IndexNumberTaken => Invalid(report, "disclosure.indexNumber", written.Detail!),
            _ => new Outcome(Status.Invalid, report, Detail: written.Detail ?? "The page could not be imported."),
        };
    }

    private static Outcome Invalid(ImportReport? report, string field, string message) =>
        new(Status.Invalid, report, Errors: new Dictionary<string, string[]> { [field] = [message] }, Detail: message);
}
