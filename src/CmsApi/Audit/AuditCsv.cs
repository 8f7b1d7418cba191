using System.Globalization;
using CmsApi.Http;

namespace CmsApi.Audit;

/// <summary>The audit log as CSV: a header, then one line an entry, written as read.</summary>
public static class AuditCsv
{
    public const string Header = "id,at,actor,site,method,route,path,status,ip,traceId,articles";

    public static Task WriteAsync(Stream stream, IAsyncEnumerable<AuditEvent> entries) => Csv.WriteAsync(stream, Header, entries.Select(Line));

    public static string Line(AuditEvent e) => Csv.Line(
        e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture), e.Actor,
        e.Site, e.Method, e.Route, e.Path, e.Status.ToString(CultureInfo.InvariantCulture), e.Ip, e.TraceId,
        e.Articles is null ? null : string.Join(' ', e.Articles));
}
