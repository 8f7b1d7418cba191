using System.Buffers;
using System.Text;

namespace CmsApi.Search;

/// <summary>
/// The one tokenizer both engines index and query with, so that they find the same articles. Chinese has no spaces, so
/// CJK text is indexed as overlapping character bigrams (抓党建 → 抓党 党建) plus single characters (for one-character
/// queries); Latin letters and digits form lowercased words (<c>PM2.5</c> → <c>pm2.5</c>). Every token is written as
/// plain ASCII (<c>t</c> + hex of its UTF-8 bytes), so FTS5's tokenizer and PostgreSQL's <c>simple</c> configuration
/// see the same words and no user text ever reaches either engine as query syntax. Pure code.
/// </summary>
public static class SearchText
{
    /// <summary>The two token streams of a text: single CJK characters, and bigrams with Latin words, in text order.</summary>
    public static (List<string> Unigrams, List<string> Bigrams) Tokens(string? text)
    {
        var lists = new TokenLists();
        Tokenize(text, lists);
        return (lists.Unigrams, lists.Bigrams);
    }

    /// <summary>
    /// Both token streams as the indexed text (encoded tokens separated by spaces), written straight from the text:
    /// the same as encoding each of <see cref="Tokens"/>, without a string per token and per encoding, which took a
    /// 4,000-character body 0.57 ms and 1.4 MB (docs/performance.md). Every write of an article's title or text runs it.
    /// </summary>
    public static (string Unigrams, string Bigrams) Indexed(string? text)
    {
        var streams = new EncodedStreams((text?.Length ?? 0) * 8);
        Tokenize(text, streams);
        return (streams.Unigrams.ToString(), streams.Bigrams.ToString());
    }

    /// <summary>
    /// Both token streams as PostgreSQL <c>tsvector</c> literals: the same vectors as <c>to_tsvector('simple', …)</c> of
    /// <see cref="Indexed"/>'s streams, without the server parsing them. Parsing them took PostgreSQL 5.6 ms of an
    /// article's 7.5 (docs/performance.md), casting a literal 1.5.
    /// </summary>
    public static (string Unigrams, string Bigrams) Vectors(string? text)
    {
        var streams = new VectorStreams();
        Tokenize(text, streams);
        return (streams.Unigrams.ToString(), streams.Bigrams.ToString());
    }

    /// <summary>The ASCII form of a token in the index.</summary>
    public static string Encode(string token) => AppendEncoded(new StringBuilder(1 + token.Length * 6), token).ToString();

    /// <summary>A maximal run of CJK characters, or one Latin/digit word (lowercased; dots between digits kept: 2.5).</summary>
    public readonly record struct Run(string Text, bool IsCjk);

    public static IEnumerable<Run> Runs(string text)
    {
        var runs = new List<Run>();
        using var scanner = new RunScanner(text);
        while (scanner.Next(out var run, out var cjk))
        {
            runs.Add(new Run(run.ToString(), cjk));
        }
        return runs;
    }

    public static bool IsCjk(Rune rune) => rune.Value is
        (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3134F);

    /// <summary>Hands every token of the text, in order, to <paramref name="sink"/>: the one definition of the streams.</summary>
    private static void Tokenize(string? text, ITokenSink sink)
    {
        using var scanner = new RunScanner(text);
        while (scanner.Next(out var run, out var cjk))
        {
            if (!cjk)
            {
                sink.Add(run, unigram: false);
                continue;
            }
            // CJK characters of a run are adjacent in the text, so a bigram is a slice of it.
            var previous = -1;
            for (var at = 0; at < run.Length;)
            {
                Rune.DecodeFromUtf16(run[at..], out _, out var length);
                sink.Add(run.Slice(at, length), unigram: true);
                if (previous >= 0)
                {
                    sink.Add(run[previous..(at + length)], unigram: false);
                }
                previous = at;
                at += length;
            }
            if (previous == 0)
            {
                sink.Add(run, unigram: false); // a lone character keeps its place in the stream, so phrases across it still match
            }
        }
    }

    private static StringBuilder AppendEncoded(StringBuilder builder, ReadOnlySpan<char> token)
    {
        builder.Append('t');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in token.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
        return builder;
    }

    private const string HexDigits = "0123456789abcdef";

    /// <summary>
    /// The runs of a text after NFKC normalization: maximal runs of CJK characters, and words of letters and digits
    /// (lowercased, as <see cref="Rune.ToLowerInvariant"/> does; a dot between two word characters kept: PM2.5, 3.14);
    /// everything else only separates them. A word is lowercased into a pooled buffer, valid until the next run.
    /// </summary>
    private sealed class RunScanner(string? text) : IDisposable
    {
        private readonly string _text = (text ?? "").Normalize(NormalizationForm.FormKC);
        private char[]? _word;
        private int _at;

        public bool Next(out ReadOnlySpan<char> run, out bool cjk)
        {
            var start = -1;
            cjk = false;
            while (_at < _text.Length)
            {
                Rune.DecodeFromUtf16(_text.AsSpan(_at), out var rune, out var length);
                bool? kind = IsCjk(rune) ? true
                    : Rune.IsLetterOrDigit(rune) ? false
                    : rune.Value == '.' && start >= 0 && !cjk && NextIsWordCharacter(_at + length) ? false
                    : null;
                if (start >= 0 && kind != cjk)
                {
                    break; // the run ends here; a character that starts the next is read again
                }
                if (kind is { } k && start < 0)
                {
                    start = _at;
                    cjk = k;
                }
                _at += length;
            }
            run = start < 0 ? default : cjk ? _text.AsSpan(start.._at) : Lowercase(_text.AsSpan(start.._at));
            return start >= 0;
        }

        public void Dispose() => ReturnWordBuffer();

        private bool NextIsWordCharacter(int at)
        {
            if (at >= _text.Length)
            {
                return false;
            }
            Rune.DecodeFromUtf16(_text.AsSpan(at), out var next, out _);
            return Rune.IsLetterOrDigit(next) && !IsCjk(next);
        }

        private ReadOnlySpan<char> Lowercase(ReadOnlySpan<char> word)
        {
            if (_word is null || _word.Length < word.Length * 2) // lowercasing may turn one UTF-16 unit into two
            {
                ReturnWordBuffer();
                _word = ArrayPool<char>.Shared.Rent(Math.Max(64, word.Length * 2));
            }
            var written = 0;
            foreach (var rune in word.EnumerateRunes())
            {
                written += Rune.ToLowerInvariant(rune).EncodeToUtf16(_word.AsSpan(written));
            }
            return _word.AsSpan(0, written);
        }

        private void ReturnWordBuffer()
        {
            if (_word is not null)
            {
                ArrayPool<char>.Shared.Return(_word);
                _word = null;
            }
        }
    }

    private interface ITokenSink
    {
        void Add(ReadOnlySpan<char> token, bool unigram);
    }

    private sealed class TokenLists : ITokenSink
    {
        public List<string> Unigrams { get; } = [];

        public List<string> Bigrams { get; } = [];

        public void Add(ReadOnlySpan<char> token, bool unigram) => (unigram ? Unigrams : Bigrams).Add(token.ToString());
    }

    private sealed class VectorStreams : ITokenSink
    {
        public Vector Unigrams { get; } = new();

        public Vector Bigrams { get; } = new();

        public void Add(ReadOnlySpan<char> token, bool unigram) => (unigram ? Unigrams : Bigrams).Add(token);
    }

    /// <summary>
    /// One stream's lexemes with their positions, kept by <c>to_tsvector</c>'s rules (PostgreSQL's ts_parse.c and
    /// to_tsany.c, checked against the server by a test): a word of 2,047 characters or more is left out without taking
    /// a position; positions stop growing at 16,383; a lexeme keeps its first 255 positions. A lexeme is one string, made
    /// when first seen; its positions are sorted out at the end, so a repeated token costs no object.
    /// </summary>
    private sealed class Vector
    {
        private const int LongestEncoded = 2046;
        private const int LastPosition = 16383;
        private const int MostPositions = 255;

        private readonly Dictionary<string, int> _numbers = []; // a token as in the text → its lexeme's number
        private readonly List<string> _lexemes = [];
        private readonly List<ulong> _sortKeys = [];
        private readonly List<int> _occurrences = []; // the lexeme number of each position, from position 1
        private readonly StringBuilder _encoding = new();

        public void Add(ReadOnlySpan<char> token)
        {
            if (1 + 2 * Encoding.UTF8.GetByteCount(token) > LongestEncoded)
            {
                return;
            }
            var numbers = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!numbers.TryGetValue(token, out var number))
            {
                number = _lexemes.Count;
                numbers[token] = number;
                _lexemes.Add(AppendEncoded(_encoding.Clear(), token).ToString());
                _sortKeys.Add(SortKey(token));
            }
            _occurrences.Add(number);
        }

        /// <summary>The literal, <c>'lexeme':1,5 …</c>, lexemes in the server's order (ordinal) so it has nothing to sort.</summary>
        public override string ToString()
        {
            // The positions of each lexeme, in order: a counting sort of the occurrences by lexeme.
            var starts = new int[_lexemes.Count + 1];
            foreach (var number in _occurrences)
            {
                starts[number + 1]++;
            }
            for (var i = 1; i < starts.Length; i++)
            {
                starts[i] += starts[i - 1];
            }
            var positions = new int[_occurrences.Count];
            var filled = starts[..^1];
            for (var i = 0; i < _occurrences.Count; i++)
            {
                positions[filled[_occurrences[i]]++] = Math.Min(i + 1, LastPosition);
            }
            var order = Enumerable.Range(0, _lexemes.Count).ToArray();
            var keys = _sortKeys.ToArray();
            Array.Sort(keys, order);
            Comparer<int>? byLexeme = null;
            for (int first = 0, end; first < keys.Length; first = end)
            {
                for (end = first + 1; end < keys.Length && keys[end] == keys[first]; end++)
                {
                }
                if (end - first > 1)
                {
                    byLexeme ??= Comparer<int>.Create((a, b) => string.CompareOrdinal(_lexemes[a], _lexemes[b]));
                    Array.Sort(order, first, end - first, byLexeme);
                }
            }

            var literal = new StringBuilder(_lexemes.Sum(l => l.Length + 4) + _occurrences.Count * 6);
            foreach (var number in order)
            {
                literal.Append(literal.Length > 0 ? " '" : "'").Append(_lexemes[number]).Append("':");
                var kept = 0;
                for (var at = starts[number]; at < starts[number + 1] && kept < MostPositions; at++)
                {
                    if (kept > 0 && positions[at] == positions[at - 1])
                    {
                        continue; // past the last position, where every later word lands
                    }
                    literal.Append(kept++ > 0 ? "," : "").Append(positions[at]);
                }
            }
            return literal.ToString();
        }

        /// <summary>
        /// A lexeme's place in the server's order, by its token's first three characters, 21 bits each: hex of UTF-8
        /// orders as the code points do. Only words sharing their first three (Latin ones) are compared as strings
        /// after: sorting every lexeme as a string took longer than making the whole literal.
        /// </summary>
        private static ulong SortKey(ReadOnlySpan<char> token)
        {
            ulong key = 0;
            var count = 0;
            foreach (var rune in token.EnumerateRunes())
            {
                if (count++ == 3)
                {
                    break;
                }
                key |= (ulong)(rune.Value + 1) << (21 * (3 - count));
            }
            return key;
        }
    }

    private sealed class EncodedStreams(int capacity) : ITokenSink
    {
        public StringBuilder Unigrams { get; } = new(capacity);

        public StringBuilder Bigrams { get; } = new(capacity);

        public void Add(ReadOnlySpan<char> token, bool unigram)
        {
            var stream = unigram ? Unigrams : Bigrams;
            if (stream.Length > 0)
            {
                stream.Append(' ');
            }
            AppendEncoded(stream, token);
        }
    }
}
