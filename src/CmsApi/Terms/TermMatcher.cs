using System.Buffers;
using CmsApi.Articles;
using CmsApi.Http;
using CmsApi.Sections;
using CmsApi.Text;

namespace CmsApi.Terms;

/// <summary>
/// A site's 错敏词库 made ready to search: every term in one pass over a text (<see cref="SearchValues{T}"/> of strings,
/// which runs Aho-Corasick or Teddy): the reference page against 5,000 terms takes 68 µs, against one 12 µs
/// (docs/performance.md). Terms and texts are compared as a reader sees them (<see cref="Fold"/>): 全角 and other
/// compatibility forms as their plain ones, traditional characters as simplified ones, Latin letters in either case,
/// and whitespace inside a term skipped (but for one between two Latin words), so that 中华人 名共和国, 中華人名共和國
/// or ＣＰＣ are found as well. Pure: no HTTP, no database.
/// </summary>
public sealed class TermMatcher
{
    public static readonly TermMatcher Empty = new([], 0);

    private const int ContextChars = 10;

    private readonly SearchValues<string>? starts;

    /// <summary>The terms, folded, by their first character, longest first: at a place where some term starts, the
    /// longest that matches there is the one reported (中华人民共和国 rather than 中华 when both are listed).</summary>
    private readonly Dictionary<char, (string Folded, TermEntry Entry)[]> byFirst;

    public TermMatcher(IReadOnlyList<TermEntry> terms, long version)
    {
        Version = version;
        // two terms that read the same once folded are one term: the first listed
        var folded = terms.Select(t => (Folded: Fold(t.Term).Text, Entry: t)).Where(t => t.Folded.Length > 0).DistinctBy(t => t.Folded).ToList();
        starts = folded.Count == 0 ? null : SearchValues.Create(folded.Select(t => t.Folded).ToArray(), StringComparison.Ordinal);
        byFirst = folded.GroupBy(t => t.Folded[0]).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Folded.Length).ToArray());
    }

    /// <summary>The version of the term list this matcher was made from.</summary>
    public long Version { get; }

    /// <summary>Every occurrence of a term in the article's text fields, field by field.</summary>
    public TermCheck Check(ArticleInput article) => Check(Fields(article));

    public TermCheck Check(IEnumerable<(string Field, string? Text)> fields)
    {
        var hits = new List<TermHit>();
        if (starts is not null)
        {
            foreach (var (field, text) in fields)
            {
                if (text is not null)
                {
                    Find(field, text, hits);
                }
            }
        }
        return new TermCheck(hits.Exists(h => h.Severity == TermSeverity.Block), hits, Version);
    }

    private void Find(string field, string text, List<TermHit> hits)
    {
        var (folded, origin) = Fold(text);
        var at = 0;
        while (at < folded.Length)
        {
            var found = folded.AsSpan(at).IndexOfAny(starts!);
            if (found < 0)
            {
                return;
            }
            at += found;
            var (term, entry) = byFirst[folded[at]].First(t => folded.AsSpan(at).StartsWith(t.Folded, StringComparison.Ordinal));
            // where it stands in the text as written: from its first character to the end of its last
            var start = origin[at];
            var last = origin[at + term.Length - 1];
            var end = last + (char.IsHighSurrogate(text[last]) && last + 1 < text.Length ? 2 : 1);
            var (from, to) = TextRules.WholeCharacters(text, Math.Max(0, start - ContextChars), Math.Min(text.Length, end + ContextChars));
            hits.Add(new TermHit(entry.Term, entry.Suggestion, entry.Severity, field, start, end - start, text[from..to]));
            at += term.Length; // a term found is not searched again inside itself
        }
    }

    /// <summary>For each UTF-16 unit whose compatibility form is one character and not whitespace (nearly all of a Chinese
    /// text, its full-width ，：（） included), that character folded (<see cref="CompatibilityForms"/>, then
    /// <see cref="ChineseScripts.Simplified"/>); <see cref="Other"/> for the rest.</summary>
    private static readonly char[] Plain = Enumerable.Range(0, char.MaxValue + 1).Select(u => PlainOf((char)u)).ToArray();

    private static char PlainOf(char c) =>
        char.IsWhiteSpace(c) || CompatibilityForms.Of(c) is var one && (one == CompatibilityForms.None || char.IsWhiteSpace(one))
            ? Other
            : ChineseScripts.Simplified(one);

    /// <summary>In <see cref="Plain"/>: a character to fold the slow way (the same mark as a unit without a one-character
    /// form; U+FFFF, a noncharacter, is one of them).</summary>
    private const char Other = CompatibilityForms.None;

    /// <summary>
    /// A text as terms are matched in it: each character in its compatibility form (NFKC: ＡＢＣ１２３ as ABC123, ㈠ as
    /// (一), a CJK compatibility ideograph as the unified one), traditional characters as simplified ones (<see
    /// cref="ChineseScripts.Simplified"/>), Latin letters in lower case, whitespace left out except
    /// between two letters or digits of an alphabet (one space: "c pc" is no CPC, and "Xi  Jinping" reads as the term
    /// "Xi Jinping"); and for each character of the result the offset of the character of <paramref name="text"/> it
    /// came from.
    /// </summary>
    public static (string Text, int[] Origin) Fold(string text)
    {
        var folded = new char[text.Length];
        var origin = new int[text.Length];
        var n = 0;
        var space = -1; // where the whitespace since the last character kept began; -1: none
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Plain[c] is var plain && plain != Other)
            {
                Keep(plain, i); // the usual case: Chinese, its own punctuation, ASCII
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            foreach (var f in char.IsWhiteSpace(c) ? " " : CompatibilityForms.Normalize(text.Substring(i, length)))
            {
                if (char.IsWhiteSpace(f))
                {
                    space = space < 0 ? i : space;
                }
                else
                {
                    Keep(ChineseScripts.Simplified(char.ToLowerInvariant(f)), i);
                }
            }
            i += length - 1;
        }
        return (new string(folded, 0, n), origin);

        void Keep(char f, int from)
        {
            if (space >= 0 && n > 0 && IsAlphabetic(folded[n - 1]) && IsAlphabetic(f))
            {
                Append(' ', space);
            }
            space = -1;
            Append(f, from);
        }

        void Append(char f, int from)
        {
            if (n == folded.Length) // a form longer than its character (㈠ is three)
            {
                Array.Resize(ref folded, 2 * n + 1);
                Array.Resize(ref origin, 2 * n + 1);
            }
            folded[n] = f;
            origin[n++] = from;
        }
    }

    /// <summary>A letter or digit of a script that separates words with spaces (all below the CJK blocks, U+2E80).</summary>
    private static bool IsAlphabetic(char c) => c < '\u2E80' && char.IsLetterOrDigit(c);

    /// <summary>Every text an article shows, named as validation errors name its fields.</summary>
    public static IEnumerable<(string Field, string? Text)> Fields(ArticleInput article)
    {
        yield return ("kicker", article.Kicker);
        yield return ("title", article.Title);
        yield return ("subtitle", article.Subtitle);
        yield return ("summary", article.Summary);
        yield return ("source", article.Source);
        yield return ("author", article.Author);
        yield return ("editor", article.Editor);
        yield return ("keywords", article.Keywords);
        yield return ("description", article.Description);
        yield return ("disclosure.issuingAgency", article.Disclosure?.IssuingAgency);
        yield return ("disclosure.documentNumber", article.Disclosure?.DocumentNumber);
        var body = article.Body ?? ArticleBody.Empty;
        foreach (var field in Paragraphs("body.lead", body.Lead))
        {
            yield return field;
        }
        foreach (var field in Sections("body.sections", body.Sections))
        {
            yield return field;
        }
        foreach (var field in Paragraphs("body.closing", body.Closing))
        {
            yield return field;
        }
        foreach (var (file, i) in (article.Attachments ?? []).Select((file, i) => (file, i)))
        {
            yield return ($"attachments[{i}].name", file.Name);
        }
    }

    private static IEnumerable<(string, string?)> Paragraphs(string path, IReadOnlyList<string>? paragraphs) =>
        (paragraphs ?? []).Select((text, i) => ($"{path}[{i}]", (string?)text));

    private static IEnumerable<(string, string?)> Sections(string path, IReadOnlyList<Section>? sections)
    {
        foreach (var (section, i) in (sections ?? []).Select((section, i) => (section, i)))
        {
            var here = $"{path}[{i}]";
            yield return ($"{here}.title", section.Title);
            foreach (var field in Paragraphs($"{here}.paragraphs", section.Paragraphs).Concat(Sections($"{here}.sections", section.Sections)))
            {
                yield return field;
            }
        }
    }
}
