using System.Text.RegularExpressions;
using CmsApi.Http;
using FluentValidation;

namespace CmsApi.Channels;

public sealed partial class ChannelInputValidator : AbstractValidator<ChannelInput>
{
    public ChannelInputValidator()
    {
        RuleFor(c => c.Key).NotEmpty().Matches(KeyPattern())
            .WithMessage("The key is 2 to 40 characters: lowercase letters, digits and '-' (e.g. news).");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(50).PlainText();
        RuleFor(c => c.Order).InclusiveBetween(-100_000, 100_000);
        RuleFor(c => c.UpdateDays).InclusiveBetween(0, ChannelUpdates.MaxUpdateDays);
        RuleFor(c => c.ReviewSteps).InclusiveBetween(0, Sites.SiteValidator.MaxReviewSteps).WithMessage(Sites.SiteValidator.ReviewStepsMessage);
        RuleFor(c => c.Description).MaximumLength(MaxDescription).PlainText();
        RuleFor(c => c.LinkUrl).MaximumLength(1000).Must(TextRules.IsLinkOrPath).When(c => !string.IsNullOrWhiteSpace(c.LinkUrl))
            .WithMessage(LinkUrlMessage);
    }

    public const int MaxDescription = 500;

    public const string LinkUrlMessage = "A link (外链栏目) is an absolute http(s) URL or a path starting with '/'.";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    internal static partial Regex KeyPattern();
}

public sealed class ChannelChangeValidator : AbstractValidator<ChannelChange>
{
    public ChannelChangeValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(50).PlainText().When(c => c.Name is not null);
        RuleFor(c => c.Order).InclusiveBetween(-100_000, 100_000);
        RuleFor(c => c.UpdateDays).InclusiveBetween(0, ChannelUpdates.MaxUpdateDays);
        RuleFor(c => c.ReviewSteps).InclusiveBetween(0, Sites.SiteValidator.MaxReviewSteps).WithMessage(Sites.SiteValidator.ReviewStepsMessage);
        RuleFor(c => c.Description).MaximumLength(ChannelInputValidator.MaxDescription).PlainText();
        RuleFor(c => c.LinkUrl).MaximumLength(1000).Must(TextRules.IsLinkOrPath).When(c => !string.IsNullOrWhiteSpace(c.LinkUrl))
            .WithMessage(ChannelInputValidator.LinkUrlMessage);
        RuleFor(c => c).Must(c => c.Name is not null || c.Parent is not null || c.Order is not null || c.UpdateDays is not null
                                  || c.ReviewSteps is not null || c.Description is not null || c.LinkUrl is not null || c.Hidden is not null)
            .WithName("body").WithMessage("Send at least one of name, parent, order, updateDays, reviewSteps, description, linkUrl and hidden.");
    }
}
