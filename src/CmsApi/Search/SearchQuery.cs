namespace CmsApi.Search;

/// <summary>
/// A user's query as token sequences that must all occur: each unquoted word is split into its Latin words and CJK runs
/// (a one-character run matches single characters, a longer run matches its bigrams in sequence); quoted text must
/// occur as written, as one sequence. Quotes, operators and symbols are never syntax: a stray quote is ignored and
/// anything that is not a letter, digit or CJK character only separates words.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<SearchQuery.Term> Terms)
{
    /// <summary>One thing that must occur: a sequence of tokens in one stream (<c>Unigram</c> for one CJK character).</summary>
    public sealed record Term(bool Unigram, IReadOnlyList<string> Tokens);

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
                var (_, bigrams) = SearchText.Tokens(parts[i]);
                if (bigrams.Count > 0)
                {
                    terms.Add(new Term(false, bigrams));
                }
                continue;
            }
            foreach (var run in SearchText.Runs(parts[i]))
            {
                if (!run.IsCjk)
                {
                    terms.Add(new Term(false, [run.Text]));
                }
                else if (run.Text.EnumerateRunes().Count() == 1)
                {
                    terms.Add(new Term(true, [run.Text]));
                }
                else
                {
                    terms.Add(new Term(false, SearchText.Tokens(run.Text).Bigrams));
                }
            }
        }
        return new SearchQuery(terms.Distinct(TermComparer.Instance).Take(MaxTerms).ToList());
    }

    /// <summary>The words to mark in a snippet: each term's text.</summary>
    public static IEnumerable<string> Highlights(string? text) =>
        SearchText.Runs(((text ?? "").Replace("\"", " ", StringComparison.Ordinal))).Select(r => r.Text).Distinct();

    private sealed class TermComparer : IEqualityComparer<Term>
    {
        public static readonly TermComparer Instance = new();
        public bool Equals(Term? x, Term? y) => x!.Unigram == y!.Unigram && x.Tokens.SequenceEqual(y.Tokens);
        public int GetHashCode(Term obj) => HashCode.Combine(obj.Unigram, string.Join('\u0001', obj.Tokens));
    }
}
