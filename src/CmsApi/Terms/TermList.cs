using System.Text.Json.Serialization;
using CmsApi.Http;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace CmsApi.Terms;

/// <summary>What a term found in an article means for publishing it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TermSeverity>))]
public enum TermSeverity
{
    /// <summary>提示: reported by the check, publishing goes ahead.</summary>
    Warn,
    /// <summary>严重错误: an article that contains it is not published (a 409 naming where it is).</summary>
    Block,
}

/// <summary>
/// One entry of a site's 错敏词库: a wrong or forbidden expression (a misspelt name of the state, a leader's name with a
/// wrong title, a word the site must not print) and what to write instead.
/// </summary>
/// <param name="Term">The expression as it would appear in the text: 1–50 characters, matched as a reader sees it: full-width forms as plain ones, traditional characters as simplified ones, Latin letters in either case, spaces inside it skipped (one between two Latin words still separates them).</param>
/// <param name="Suggestion">What to write instead, if anything: up to 50 characters.</param>
/// <param name="Severity">block (严重错误: publishing is refused) or warn (提示; the default).</param>
public sealed record TermEntry(string Term, string? Suggestion = null, TermSeverity Severity = TermSeverity.Warn);

/// <summary>A site's 错敏词库: the expressions its articles are checked for before they are published.</summary>
/// <param name="Items">The terms, in the order given.</param>
/// <param name="Version">Increases with every change (0 before the first); the ETag, and what If-Match names.</param>
public sealed record TermList(IReadOnlyList<TermEntry> Items, long Version);

/// <summary>What replaces a site's 错敏词库.</summary>
/// <param name="Items">Up to 5,000 terms, each once.</param>
public sealed record TermListInput(IReadOnlyList<TermEntry>? Items)
{
    public const int MaxTerms = 5000;

    /// <summary>Trimmed, blank suggestions left out. Call after validation.</summary>
    public IReadOnlyList<TermEntry> Normalized() =>
        (Items ?? []).Select(t => t with { Term = t.Term.Trim(), Suggestion = string.IsNullOrWhiteSpace(t.Suggestion) ? null : t.Suggestion.Trim() }).ToList();
}

public sealed class TermListInputValidator : AbstractValidator<TermListInput>
{
    public TermListInputValidator()
    {
        RuleFor(l => l.Items).NotNull().WithMessage("items is required (an empty list removes every term).")
            .Must(items => items is null || items.Count <= TermListInput.MaxTerms).WithMessage($"At most {TermListInput.MaxTerms:N0} terms.")
            .Must(items => items is null || items.Where(t => t?.Term is not null).Select(t => t.Term.Trim()).Distinct(StringComparer.Ordinal).Count() ==
                items.Count(t => t?.Term is not null))
            .WithMessage("Each term may be listed once.");
        RuleForEach(l => l.Items).NotNull().ChildRules(term =>
        {
            term.RuleFor(t => t.Term).Must(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= 50)
                .WithMessage("A term is 1 to 50 characters.").PlainText();
            term.RuleFor(t => t.Suggestion).MaximumLength(50).PlainText();
            term.RuleFor(t => t.Severity).IsInEnum();
        });
    }
}

/// <summary>One place where a term occurs.</summary>
/// <param name="Term">The term found.</param>
/// <param name="Suggestion">What the list says to write instead, if anything.</param>
/// <param name="Severity">block or warn.</param>
/// <param name="Field">Where: the article input's field, as validation errors name it (title, body.sections[1].paragraphs[0], attachments[0].name).</param>
/// <param name="Offset">Where in that field's text it starts, in UTF-16 code units (as JavaScript counts).</param>
/// <param name="Length">How long it is there, in UTF-16 code units: the term's length, or more when the text has it with
/// spaces inside or in other forms (中华人 名共和国, ＣＰＣ).</param>
/// <param name="Context">Up to 10 characters either side of it, for a reviewer to see it in place.</param>
public sealed record TermHit(string Term, string? Suggestion, TermSeverity Severity, string Field, int Offset, int Length, string Context);

/// <summary>The 错敏词 check of an article or a text.</summary>
/// <param name="Blocked">Whether a block term occurs, so that the article would not be published.</param>
/// <param name="Hits">Every occurrence, in the order of the fields and of the text.</param>
/// <param name="Version">The version of the site's term list checked against.</param>
public sealed record TermCheck(bool Blocked, IReadOnlyList<TermHit> Hits, long Version);

/// <summary>A text to check before it is saved (an editor's draft in progress).</summary>
/// <param name="Text">Up to 100,000 characters.</param>
public sealed record TermCheckInput(string? Text);

/// <summary>Which part of a site's published articles to scan (全站巡检): a page of them in id order.</summary>
/// <remarks>Properties, as <see cref="Articles.ListParameters"/>: the request delegate generator needs them.</remarks>
public sealed record TermScanParameters
{
    /// <summary>How many published articles to check: 1 to 500; default 100.</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }

    /// <summary>The nextCursor of the previous page.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; init; }

    /// <summary>The id the page starts after. Call after validation.</summary>
    public long After => Articles.Cursor.Decode(Cursor, newest: false)?.Id ?? 0;

    public static string NextCursor(long lastId) => new Articles.Cursor(false, 0, lastId).Encode();
}

public sealed class TermScanParametersValidator : AbstractValidator<TermScanParameters>
{
    public TermScanParametersValidator()
    {
        RuleFor(p => p.Limit).InclusiveBetween(1, 500).WithMessage("limit is 1 to 500.");
        RuleFor(p => p.Cursor).Must(c => c is null || Articles.Cursor.Decode(c, newest: false) is not null)
            .WithMessage("The cursor is not one this scan gave out (pass nextCursor back unchanged).");
    }
}

/// <summary>A published article in which the scan found terms.</summary>
/// <param name="Id">The article.</param>
/// <param name="Title">Its title.</param>
/// <param name="Blocked">Whether a block term occurs: it would not be published today.</param>
/// <param name="Hits">Where each term occurs.</param>
public sealed record TermScanItem(long Id, string Title, bool Blocked, IReadOnlyList<TermHit> Hits);

/// <summary>A page of the scan of a site's published articles against its 错敏词库.</summary>
/// <param name="Items">The articles of this page that hold terms (those that hold none are left out).</param>
/// <param name="Scanned">How many published articles this page checked.</param>
/// <param name="Version">The version of the term list checked against.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to scan on; null when every published article has been checked.</param>
public sealed record TermScan(IReadOnlyList<TermScanItem> Items, int Scanned, long Version, string? NextCursor);
