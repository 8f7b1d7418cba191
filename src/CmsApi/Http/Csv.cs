using System.Text;

namespace CmsApi.Http;

/// <summary>CSV (RFC 4180) for a spreadsheet: what the audit log and the statistics export as, written as read.</summary>
public static class Csv
{
    public const string MediaType = "text/csv; charset=utf-8";

    /// <summary>The header, then each line (each ending in CRLF, as <see cref="Line"/> makes them).</summary>
    public static async Task WriteAsync(Stream stream, string header, IAsyncEnumerable<string> lines)
    {
        // the byte-order mark: Excel reads a CSV without one in the machine's code page, and Chinese comes out garbled
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await writer.WriteAsync(header + "\r\n");
        await foreach (var line in lines)
        {
            await writer.WriteAsync(line);
        }
    }

    /// <summary>A line of cells, each made safe by <see cref="Cell"/>.</summary>
    public static string Line(params IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    /// <summary>
    /// A field quoted when it must be; one a spreadsheet would read as a formula (=, +, -, @ first) is prefixed with an
    /// apostrophe, so that a value an attacker chose (a path, a key, an article's 来源) cannot run in a reader's Excel
    /// (CSV injection).
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
