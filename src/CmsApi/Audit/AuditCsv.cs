using System.Globalization;
using System.Text;

namespace CmsApi.Audit;

/// <summary>The audit log as CSV (RFC 4180), for a spreadsheet: a header, then one line an entry, written as read.</summary>
public static class AuditCsv
{
    public const string Header = "id,at,actor,site,method,route,path,status,ip,traceId";

    public static async Task WriteAsync(Stream stream, IAsyncEnumerable<AuditEvent> entries)
    {
        // the byte-order mark: Excel reads a CSV without one in the machine's code page, and Chinese comes out garbled
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await writer.WriteAsync(Header + "\r\n");
        await foreach (var e in entries)
        {
            await writer.WriteAsync(Line(e));
        }
    }

    public static string Line(AuditEvent e) => string.Join(',',
        e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture), Cell(e.Actor),
        Cell(e.Site), e.Method, Cell(e.Route), Cell(e.Path), e.Status.ToString(CultureInfo.InvariantCulture), Cell(e.Ip), Cell(e.TraceId)) + "\r\n";

    /// <summary>
    /// A field quoted when it must be; one a spreadsheet would read as a formula (=, +, -, @ first) is prefixed with an
    /// apostrophe, so that a path or key an attacker chose cannot run in the auditor's Excel (CSV injection).
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
