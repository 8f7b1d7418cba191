namespace CmsApi.Text;

/// <summary>
/// Characters as a reader sees them: each UTF-16 unit's compatibility form (NFKC) where that is one character, in
/// lower case (ＡＢＣ１２３ as abc123, a CJK compatibility ideograph as the unified one), from a table made once, so that
/// a text is folded without a call to <see cref="string.Normalize()"/> per character (the 错敏词 check of the reference
/// page took seven times as long with one). Pure code.
/// </summary>
public static class CompatibilityForms
{
    /// <summary>What <see cref="Of"/> answers for a unit that has no one-character form: a surrogate, or one whose form is
    /// longer (㈠ is (一), ﬁ is fi). U+FFFF, a noncharacter, is one of them.</summary>
    public const char None = '\uFFFF';

    private static readonly char[] Table = Enumerable.Range(0, char.MaxValue + 1).Select(u => FormOf((char)u)).ToArray();

    /// <summary>The unit's one-character compatibility form in lower case, or <see cref="None"/>.</summary>
    public static char Of(char c) => Table[c];

    /// <summary>A text's compatibility form; one that has none (a lone surrogate, a noncharacter) stays as it is.</summary>
    public static string Normalize(string text)
    {
        try
        {
            return text.Normalize(System.Text.NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    private static char FormOf(char c) =>
        !char.IsSurrogate(c) && Normalize(c.ToString()) is [var one] ? char.ToLowerInvariant(one) : None;
}
