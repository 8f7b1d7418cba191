using System.Text.RegularExpressions;
using CmsApi.Channels;
using CmsApi.Http;
using CmsApi.Sections;
using FluentValidation;
using FluentValidation.Results;

namespace CmsApi.Articles;

public sealed partial class ArticleValidator : AbstractValidator<ArticleInput>
{
    public const int MaxParagraphLength = 20_000;
    public const int MaxBodyLength = 500_000;

    /// <summary>
    /// The request limit of the routes that write a whole article: the largest valid one (a body of
    /// <see cref="MaxBodyLength"/> characters, 3 bytes each in UTF-8 for Chinese, with its other fields and JSON) must go
    /// back in. With the 1 MB of other routes, an article imported from a long page could be read but never replaced.
    /// </summary>
    public static readonly Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute LargestRequest = new(4 * 1024 * 1024);
    public const int MaxSections = 1_000;
    public const int MaxAttachments = 50;
    public const int MaxRelated = 20;

    public ArticleValidator()
    {
        RuleFor(a => a.Channel).NotEmpty().Matches(ChannelInputValidator.KeyPattern())
            .WithMessage("Name the article's channel by its key (e.g. news).");
        RuleFor(a => a.Title).NotEmpty().MaximumLength(200).PlainText();
        RuleFor(a => a.Subtitle).MaximumLength(300).PlainText();
        RuleFor(a => a.Kicker).MaximumLength(200).PlainText();
        RuleFor(a => a.Summary).MaximumLength(1000).PlainText();
        RuleFor(a => a.Source).MaximumLength(100).PlainText();
        RuleFor(a => a.Author).MaximumLength(100).PlainText();
        RuleFor(a => a.Editor).MaximumLength(50).PlainText();
        RuleFor(a => a.Keywords).MaximumLength(200).PlainText();
        RuleFor(a => a.Description).MaximumLength(500).PlainText();
        RuleFor(a => a.Tags).Must(t => t is null || t.Count <= 20).WithMessage("At most 20 tags.");
        RuleForEach(a => a.Tags).NotEmpty().MaximumLength(30).PlainText();
        RuleFor(a => a.CoverUrl).MaximumLength(1000).Must(TextRules.IsLinkOrPath).When(a => !string.IsNullOrWhiteSpace(a.CoverUrl))
            .WithMessage("The cover is an absolute http(s) URL or a path starting with '/'.");
        RuleFor(a => a.LinkUrl).MaximumLength(1000).Must(TextRules.IsLinkOrPath).When(a => !string.IsNullOrWhiteSpace(a.LinkUrl))
            .WithMessage("A link (外链) is an absolute http(s) URL or a path starting with '/'.");
        RuleFor(a => a.Slug).MaximumLength(200).Matches(SlugPattern()).When(a => !string.IsNullOrWhiteSpace(a.Slug))
            .WithMessage("A slug is any text without spaces, control characters or / ? # % \\, and not only digits (e.g. 固堡垒强基层-2022).");
        RuleFor(a => a.Slug).Must(slug => !RoutedSlugs.Contains(slug!)).When(a => !string.IsNullOrWhiteSpace(a.Slug))
            .WithMessage(a => $"'{a.Slug}' names another route (…/articles/{a.Slug}), so the article could not be read by it.");
        RuleFor(a => a.Disclosure!).ChildRules(disclosure =>
        {
            disclosure.RuleFor(d => d.IndexNumber).MaximumLength(100).PlainText();
            disclosure.RuleFor(d => d.Subject).MaximumLength(100).PlainText();
            disclosure.RuleFor(d => d.IssuingAgency).MaximumLength(100).PlainText();
            disclosure.RuleFor(d => d.WrittenOn).InclusiveBetween(Disclosure.EarliestWrittenOn, Disclosure.LatestWrittenOn)
                .WithMessage("成文日期 (writtenOn) must fall between 1900 and 2100.");
            disclosure.RuleFor(d => d.DocumentNumber).MaximumLength(100).PlainText();
            disclosure.RuleFor(d => d.Validity).MaximumLength(50).PlainText();
        }).When(a => a.Disclosure is not null);
        RuleFor(a => a.PublishedAt).Must(t => t is null || (t.Value.Year >= 1990 && t.Value.Year <= 2100))
            .WithMessage("The publish time must fall between 1990 and 2100.");
        RuleFor(a => a.Body).Custom((body, context) => ValidateBody(body, context));
        RuleFor(a => a.Related).Must(r => r is null || r.Distinct().Count() <= MaxRelated).WithMessage($"At most {MaxRelated} related articles.");
        RuleForEach(a => a.Related).GreaterThan(0).WithMessage("A related article is named by its id, a positive number.");
        RuleFor(a => a.Attachments).Must(a => a is null || a.Count <= MaxAttachments).WithMessage($"At most {MaxAttachments} attachments.");
        RuleForEach(a => a.Attachments).NotNull().WithMessage("An attachment is an object with a name and a url.").ChildRules(attachment =>
        {
            attachment.RuleFor(a => a.Name).NotEmpty().MaximumLength(200).PlainText();
            attachment.RuleFor(a => a.Url).NotEmpty().MaximumLength(1000).Must(TextRules.IsLinkOrPath)
                .WithMessage("An attachment's url is an absolute http(s) URL or a path starting with '/'.");
            attachment.RuleFor(a => a.Size).GreaterThanOrEqualTo(0);
        });
    }

    /// <summary>
    /// The names routed beside <c>…/articles/{id or slug}</c> (the router matches them in any case): an article with
    /// such a slug could never be read by it. A test keeps this list equal to the routes.
    /// </summary>
    public static readonly IReadOnlySet<string> RoutedSlugs = new HashSet<string>(["popular", "export"], StringComparer.OrdinalIgnoreCase);

    private static void ValidateBody(ArticleBody? body, ValidationContext<ArticleInput> context)
    {
        if (body is null)
        {
            return;
        }
        var total = 0;
        var sections = 0;
        Paragraphs(body.Lead, "body.lead", context, ref total);
        Paragraphs(body.Closing, "body.closing", context, ref total);
        Walk(body.Sections, "body.sections", 1, RegulationPlace.Top(body), context, ref total, ref sections);
        if (total > MaxBodyLength)
        {
            context.AddFailure(new ValidationFailure("body", $"The body has {total} characters; at most {MaxBodyLength}."));
        }
        if (sections > MaxSections)
        {
            context.AddFailure(new ValidationFailure("body.sections", $"The body has {sections} sections; at most {MaxSections}."));
        }
    }

    private static void Walk(IReadOnlyList<Section>? list, string path, int level, RegulationPlace? regulation,
        ValidationContext<ArticleInput> context, ref int total, ref int count)
    {
        if (list is null)
        {
            return;
        }
        if (list.Count > 0 && (regulation is null ? level > Numbering.MaxLevels : regulation.Parent == RegulationPart.Subitem))
        {
            context.AddFailure(new ValidationFailure(path, regulation is null
                ? $"Sections have at most {Numbering.MaxLevels} levels (一、 → （一） → 1. → （1））; this is level {level}."
                : "A regulation's sections go (第一编 →) 第一章 → 第一节 → 第一条 → （一） → 1.; nothing is numbered below a 1."));
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var section = list[i];
            var here = $"{path}[{i}]";
            if (section is null)
            {
                context.AddFailure(new ValidationFailure(here, "A section must be an object."));
                continue;
            }
            count++;
            if (section.Title is { } title && (title.Length > 200 || TextRules.HasControlCharacter(title)))
            {
                context.AddFailure(new ValidationFailure($"{here}.title", "A section title is plain text of at most 200 characters."));
            }
            Paragraphs(section.Paragraphs, $"{here}.paragraphs", context, ref total);
            RegulationPlace? inside = null;
            if (regulation is not null)
            {
                var part = regulation.PartOf(section);
                if (!Numbering.IsHeading(part) && !string.IsNullOrWhiteSpace(section.Title))
                {
                    context.AddFailure(new ValidationFailure($"{here}.title",
                        "In a regulation only a 编 or 章 (a titled section at the top), a 章 (one in a 编) or a 节 (one in a 章) " +
                        "has a title; the text of a 条, 项 or 目 is its paragraphs."));
                }
                inside = regulation.Inside(part);
            }
            Walk(section.Sections, $"{here}.sections", level + 1, inside, context, ref total, ref count);
        }
    }

    private static void Paragraphs(IReadOnlyList<string>? paragraphs, string path, ValidationContext<ArticleInput> context, ref int total)
    {
        for (var i = 0; i < (paragraphs?.Count ?? 0); i++)
        {
            var paragraph = paragraphs![i];
            if (paragraph is null)
            {
                context.AddFailure(new ValidationFailure($"{path}[{i}]", "A paragraph must be a string."));
                continue;
            }
            total += paragraph.Length;
            if (paragraph.Length > MaxParagraphLength || TextRules.HasControlCharacter(paragraph))
            {
                context.AddFailure(new ValidationFailure($"{path}[{i}]",
                    $"A paragraph is plain text of at most {MaxParagraphLength} characters, without control characters."));
            }
        }
    }

    [GeneratedRegex(@"^(?!\d+$)(?!\.{1,2}$)[^\s\p{C}/?#%\\]{1,200}$")]
    private static partial Regex SlugPattern();
}

public sealed class CopyRequestValidator : AbstractValidator<CopyRequest>
{
    public CopyRequestValidator()
    {
        RuleFor(c => c.Site).NotEmpty().Matches(Sites.SiteValidator.KeyPattern()).WithMessage("site is the key of the site the copy goes to.");
        RuleFor(c => c.Channel).NotEmpty().Matches(Channels.ChannelInputValidator.KeyPattern()).WithMessage("channel is the key of its channel there.");
    }
}

public sealed class PurgeRequestValidator : AbstractValidator<PurgeRequest>
{
    public PurgeRequestValidator()
    {
        RuleFor(p => p).Must(p => p.Ids is null != (p.WholeTrash is null or false)).OverridePropertyName("ids")
            .WithMessage("Send either ids (the articles to purge) or wholeTrash: true, not both.");
        RuleFor(p => p.Ids).NamesArticles(ArticleStore.MostPurgedTogether).When(p => p.Ids is not null);
    }
}

public sealed class ArticleIdsValidator : AbstractValidator<ArticleIds>
{
    public ArticleIdsValidator() => RuleFor(r => r.Ids).NamesArticles(ArticleIds.Most);
}

public sealed class PublishArticlesRequestValidator : AbstractValidator<PublishArticlesRequest>
{
    public PublishArticlesRequestValidator() => RuleFor(r => r.Ids).NamesArticles(ArticleIds.Most);
}

public sealed class PinArticlesRequestValidator : AbstractValidator<PinArticlesRequest>
{
    public PinArticlesRequestValidator() => RuleFor(r => r.Ids).NamesArticles(ArticleIds.Most);
}

public sealed class SubmitArticlesRequestValidator : AbstractValidator<SubmitArticlesRequest>
{
    public SubmitArticlesRequestValidator() => RuleFor(r => r.Ids).NamesArticles(ArticleIds.Most);
}

public sealed class ReviewArticlesRequestValidator : AbstractValidator<ReviewArticlesRequest>
{
    public ReviewArticlesRequestValidator() =>
        // each once: two versions of one article would be two decisions on it
        RuleFor(r => r.Items).Must(items => items is { Count: > 0 } && items.Count <= ArticleIds.Most &&
                                            items.All(i => i is { Id: > 0, Version: > 0 }) && items.DistinctBy(i => i.Id).Count() == items.Count)
            .WithMessage($"items names 1 to {ArticleIds.Most} articles, each once, as {{\"id\", \"version\"}}: the version read (positive numbers).");
}

public sealed class MoveRequestValidator : AbstractValidator<MoveRequest>
{
    public MoveRequestValidator()
    {
        RuleFor(r => r.Ids).NamesArticles(ArticleIds.Most);
        RuleFor(r => r.Channel).NotEmpty().Matches(Channels.ChannelInputValidator.KeyPattern()).WithMessage("channel is the key of the channel they go to.");
    }
}

public static class ArticleIdRules
{
    /// <summary>A list of 1 to <paramref name="most"/> article ids.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<long>?> NamesArticles<T>(this IRuleBuilder<T, IReadOnlyList<long>?> rule, int most) =>
        rule.Must(ids => ids is { Count: > 0 } && ids.Count <= most && ids.All(id => id > 0))
            .WithMessage($"ids names 1 to {most} articles by their ids (positive numbers).");
}
