using CmsApi.Text;

namespace CmsApi.Search;

/// <summary>
/// A user's query as token sequences that must all occur: each unquoted word is split into its Latin words and CJK runs
/// (a one-character run matches single characters, a longer run matches its bigrams in sequence); quoted text must
/// occur as written, as one sequence. Chinese is looked for in both scripts (<see cref="ChineseScripts.SearchForms"/>:
/// 國務院 finds 国务院 and the other way round). Quotes, operators and symbols are never syntax: a stray quote is ignored
/// and anything that is not a letter, digit or CJK character only separates words.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<SearchQuery.Term> Terms)
{
    /// <summary>
    /// One thing that must occur, in any of its forms (the word in each script): each a sequence of tokens in one stream
    /// (<c>Unigram</c> for one CJK character).
    /// </summary>
    public sealed record Term(bool Unigram, IReadOnlyList<IReadOnlyList<string>> Forms);

    public bool IsEmpty => Terms.Count == 0;

    public const int MaxTerms = 16;

    public static SearchQuery Parse(string? text)
    {
        var terms = new List<Term>();
        var parts = (text ?? "").Split('"');
        // Odd-numbered parts were inside quotes, if the quote was closed; an unclosed last quote is ignored.
        var closed = parts.Length % 2 == 1;
        for (var i = 0; i < parts.Length; i++)
        {
            var quoted = i % 2 == 1 && (closed || i < parts.Length - 1);
            if (quoted)
            {
                if (SearchText.Tokens(parts[i]).Bigrams.Count > 0)
                {
                    terms.Add(new Term(false, Forms(parts[i], form => SearchText.Tokens(form).Bigrams)));
                }
                continue;
            }
            foreach (var run in SearchText.Runs(parts[i]))
            {
                if (!run.IsCjk)
                {
                    terms.Add(new Term(false, [[run.Text]]));
                }
                else if (run.Text.EnumerateRunes().Count() == 1)
                {
                    terms.Add(new Term(true, Forms(run.Text, form => [form])));
                }
                else
                {
                    terms.Add(new Term(false, Forms(run.Text, form => SearchText.Tokens(form).Bigrams)));
                }
            }
        }
        return new SearchQuery(terms.Distinct(TermComparer.Instance).Take(MaxTerms).ToList());
    }

    private static List<IReadOnlyList<string>> Forms(string text, Func<string, IReadOnlyList<string>> tokens) =>
        ChineseScripts.SearchForms(text).Select(tokens).ToList();

    /// <summary>The words to mark in a snippet: each term's text, in each of its forms.</summary>
    public static IEnumerable<string> Highlights(string? text) =>
        SearchText.Runs(((text ?? "").Replace("\"", " ", StringComparison.Ordinal))).SelectMany(r => ChineseScripts.SearchForms(r.Text)).Distinct();

    private sealed class TermComparer : IEqualityComparer<Term>
    {
        public static readonly TermComparer Instance = new();
        public bool Equals(Term? x, Term? y) => x!.Unigram == y!.Unigram && Key(x) == Key(y);
        public int GetHashCode(Term obj) => HashCode.Combine(obj.Unigram, Key(obj));
        private static string Key(Term term) => string.Join('\u0002', term.Forms.Select(form => string.Join('\u0001', form)));
    }
}
