using System.Text.RegularExpressions;
using CmsApi.Http;
using FluentValidation;

namespace CmsApi.Sites;

public sealed partial class SiteValidator : AbstractValidator<SiteInput>
{
    public SiteValidator(TimeProvider clock)
    {
        RuleFor(s => s.Key).NotEmpty().Matches(KeyPattern())
            .WithMessage("The key is 2 to 32 characters: lowercase letters, digits and '-', starting with a letter or digit (e.g. gzsjgdj).");
        RuleFor(s => s.Name).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(s => s.Domains).NotEmpty().WithMessage("At least one domain is required (e.g. www.gzsjgdj.gov.cn).")
            .Must(d => d is null || d.Count <= 20).WithMessage("At most 20 domains.");
        // Chinese names count too (广州市人民政府.政务: 政务 and 公益 are the top-level domains of government bodies and
        // public institutions), checked in the ASCII form browsers send in Origin.
        RuleForEach(s => s.Domains).Must(d => d is not null && Site.AsciiHost(d.Trim()) is { } ascii && DomainPattern().IsMatch(ascii))
            .WithMessage("'{PropertyValue}' is not a host name (e.g. www.gzsjgdj.gov.cn, 广州市人民政府.政务).");
        RuleFor(s => s.Sponsor).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(s => s.Organiser).MaximumLength(100).PlainText();
        RuleFor(s => s.Contact!.Phone).MaximumLength(50).PlainText().When(s => s.Contact is not null);
        RuleFor(s => s.Contact!.Email).EmailAddress().MaximumLength(100).When(s => s.Contact is not null);
        RuleFor(s => s.Contact!.Address).MaximumLength(200).PlainText().When(s => s.Contact is not null);
        RuleFor(s => s.TimeZone)
            .Must(tz => string.IsNullOrWhiteSpace(tz) || SiteTimeZone.Canonical(tz.Trim()) is not null)
            .WithMessage("'{PropertyValue}' is not a known IANA time zone (e.g. Asia/Shanghai).");
        RuleFor(s => s.Copyright).NotNull().WithMessage("The copyright holder is required.");
        RuleFor(s => s.Copyright!.Holder).NotEmpty().MaximumLength(100).PlainText().When(s => s.Copyright is not null);
        RuleFor(s => s.Copyright!.Notice).MaximumLength(200).PlainText().When(s => s.Copyright is not null);
        RuleFor(s => s.Copyright!.Line).MaximumLength(300).PlainText().When(s => s.Copyright is not null);
        RuleFor(s => s.Copyright!.StartYear).InclusiveBetween(1990, clock.GetUtcNow().Year + 1)
            .When(s => s.Copyright?.StartYear is not null)
            .WithMessage("The copyright start year must be between 1990 and next year.");

        // The two ICP numbers differ by one character (备 / 证), so a number in the other's field is named as such.
        RuleFor(s => s.IcpFiling).Must(v => Filings.Icp(v) is not null)
            .When(s => !string.IsNullOrWhiteSpace(s.IcpFiling))
            .WithMessage(s => Filings.IcpLicence(s.IcpFiling) is not null
                ? "That is an ICP licence number (ICP证); it goes in icpLicence." : $"Expected {Filings.IcpForm}.");
        RuleFor(s => s.IcpLicence).Must(v => Filings.IcpLicence(v) is not null)
            .When(s => !string.IsNullOrWhiteSpace(s.IcpLicence))
            .WithMessage(s => Filings.Icp(s.IcpLicence) is not null
                ? "That is an ICP filing number (ICP备); it goes in icpFiling." : $"Expected {Filings.IcpLicenceForm}.");
        RuleFor(s => s.PublicSecurityFiling).Must(v => Filings.PublicSecurity(v) is not null)
            .When(s => !string.IsNullOrWhiteSpace(s.PublicSecurityFiling))
            .WithMessage(s => Filings.PublicSecurityProvinceMismatch(s.PublicSecurityFiling) ?? $"Expected {Filings.PublicSecurityForm}.");
        RuleFor(s => s.SiteCode).Must(v => Filings.SiteCode(v) is not null)
            .When(s => !string.IsNullOrWhiteSpace(s.SiteCode)).WithMessage($"Expected {Filings.SiteCodeForm}.");
        RuleFor(s => s.ReviewSteps).InclusiveBetween(0, MaxReviewSteps).WithMessage(ReviewStepsMessage);
        RuleFor(s => s.IndexNumberFormat).PlainText()
            .Must(format => Articles.IndexNumberFormat.Parse(format?.Trim()) is not null).When(s => !string.IsNullOrWhiteSpace(s.IndexNumberFormat))
            .WithMessage("An 索引号 format holds {seq} (or {seq:5} for five digits, 1–10) once and {year} at most once, in up to " +
                         $"{Articles.IndexNumberFormat.MaxLength} characters, e.g. 000014349/{{year}}-{{seq:5}}.");
    }

    /// <summary>三审 (初审, 复审, 终审) at most, for a site or a channel.</summary>
    public const int MaxReviewSteps = 3;

    public const string ReviewStepsMessage = "reviewSteps is 0 (no review) to 3 (三审: 初审, 复审, 终审).";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,31}$")]
    internal static partial Regex KeyPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+([a-zA-Z]{2,63}|xn--[a-zA-Z0-9-]{1,59})$|^localhost$")]
    private static partial Regex DomainPattern();
}
