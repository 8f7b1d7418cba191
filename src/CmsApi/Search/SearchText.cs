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
        var unigrams = new List<string>();
        var bigrams = new List<string>();
        foreach (var run in Runs(text ?? ""))
        {
            if (!run.IsCjk)
            {
                bigrams.Add(run.Text);
                continue;
            }
            var chars = Characters(run.Text);
            unigrams.AddRange(chars);
            if (chars.Count == 1)
            {
                bigrams.Add(chars[0]); // a lone character keeps its place in the stream, so phrases across it still match
            }
            for (var i = 0; i + 1 < chars.Count; i++)
            {
                bigrams.Add(chars[i] + chars[i + 1]);
            }
        }
        return (unigrams, bigrams);
    }

    /// <summary>The ASCII form of a token in the index.</summary>
    public static string Encode(string token) => "t" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(token));

    /// <summary>A token stream as the indexed text: encoded tokens separated by spaces.</summary>
    public static string Indexed(IEnumerable<string> tokens) => string.Join(' ', tokens.Select(Encode));

    /// <summary>A maximal run of CJK characters, or one Latin/digit word (lowercased; dots between digits kept: 2.5).</summary>
    public readonly record struct Run(string Text, bool IsCjk);

    public static IEnumerable<Run> Runs(string text)
    {
        var current = new StringBuilder();
        bool? cjk = null;
        var runes = text.Normalize(NormalizationForm.FormKC).EnumerateRunes().ToList();
        for (var i = 0; i < runes.Count; i++)
        {
            var rune = runes[i];
            bool? kind = IsCjk(rune) ? true
                : Rune.IsLetterOrDigit(rune) ? false
                // a dot between two word characters stays in the word (PM2.5, 3.14)
                : rune.Value == '.' && cjk == false && i + 1 < runes.Count && Rune.IsLetterOrDigit(runes[i + 1]) && !IsCjk(runes[i + 1]) ? false
                : null;
            if (kind != cjk && current.Length > 0)
            {
                yield return new Run(current.ToString(), cjk == true);
                current.Clear();
            }
            cjk = kind;
            if (kind is not null)
            {
                current.Append(kind == true ? rune.ToString() : Rune.ToLowerInvariant(rune).ToString());
            }
        }
        if (current.Length > 0)
        {
            yield return new Run(current.ToString(), cjk == true);
        }
    }

    public static bool IsCjk(Rune rune) => rune.Value is
        (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3134F);

    private static List<string> Characters(string text) => text.EnumerateRunes().Select(r => r.ToString()).ToList();
}
