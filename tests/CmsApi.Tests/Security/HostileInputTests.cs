using System.Net;
using System.Text;
using CmsApi.Tests.Infrastructure;
using CsCheck;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Security;

public sealed class HostileInputTestsOnSqlite(SqliteDatabase database) : HostileInputTests(database), IClassFixture<SqliteDatabase>;

public sealed class HostileInputTestsOnPostgres(PostgresDatabase database) : HostileInputTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// Thousands of generated hostile requests across every route the app maps: none may answer 5xx, and the stored data
/// may change only when the answer says a write succeeded.
/// </summary>
public abstract class HostileInputTests(TestDatabase database) : ApiTest(database)
{
    private static readonly string[] HostileStrings =
    [
        "", " ", "../../etc/passwd", "..%2F..%2Fetc", "%00", "\0", "' OR '1'='1", "1; DROP TABLE articles; --", "<script>alert(1)</script>",
        "\u202Eevil", "\uFFFF", "-1", "0", "99999999999999999999", "1e309", "NaN", "null", "true", "固堡垒", "\u0001\u0002", "\\", "\\综合政务",
        new string('x', 5000), "💥", "%FF%FE", "2022-13-45", "\\u0000", "{}", "[]",
        // search syntax of FTS5 and PostgreSQL's tsquery
        "\"", "\"\"", "党建 \"", "a* OR b", "NEAR(a b)", "!&|:()", "党建:*", "-党建", "^", "(((",
        // valid text whose compatibility forms are longer than its characters, before a listed term (错敏词 folding)
        "会上……㈠气温30℃，近日", "ﬁ ＣＰＣ\u3000近日",
    ];

    private static readonly Gen<string> Hostile = Gen.OneOf(HostileStrings);

    private static readonly Gen<string> JsonValue = Gen.OneOf(
        Hostile.Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
        Gen.OneOf("null", "-1", "0", "1.5", "true", "[]", "{}", "99999999999999999999999", "[null]", "{\"a\":[1,{\"b\":null}]}"));

    private static readonly string[] Fields =
    [
        "key", "name", "domains", "sponsor", "copyright", "timeZone", "icpFiling", "publicSecurityFiling", "siteCode", "channel", "title",
        "subtitle", "slug", "tags", "body", "publishedAt", "parent", "order", "text", "publish", "scopes", "sites", "expiresAt",
        "viewCount", "status", "version", "id", "__proto__", "disclosure", "until", "level", "linkUrl", "attachments", "reviewSteps", "note", "items",
    ];

    /// <summary>Bodies that are broken as JSON, deep, huge, duplicated or of the wrong types.</summary>
    private static readonly Gen<byte[]> Body = Gen.OneOf(
        Gen.OneOf("{", "}", "[", "{\"a\":}", "{'a':1}", "nul", "\"unterminated", "{\"a\":1,}", "", "{\"title\":\"a\",\"title\":\"b\"}")
            .Select(Encoding.UTF8.GetBytes),
        Gen.Int[33, 200].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))),
        Gen.Int[33, 200].Select(depth => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        Gen.Const(new byte[] { 0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D }), // {"t":"<invalid UTF-8>"}
        Gen.Select(Gen.OneOf(Fields).Array[1, 6], JsonValue.Array[6], (names, values) =>
            Encoding.UTF8.GetBytes("{" + string.Join(',', names.Select((n, i) => $"\"{n}\":{values[i]}")) + "}")));

    private static readonly Gen<string> Query = Gen.OneOf(
        Gen.Const(""),
        Gen.Select(Gen.OneOf("limit", "cursor", "from", "to", "sort", "status", "channel", "tag", "source", "q", "days", "mode", "publish", "applyFooter",
                "issuingAgency", "subject", "documentNumber", "indexNumber", "validity", "review", "writtenFrom", "writtenTo", "total"),
            Hostile, (name, value) => $"?{name}={Uri.EscapeDataString(value)}"));

    private static readonly Gen<string> ContentType = Gen.OneOf(
        "application/json", "application/json", "text/plain", "application/x-ndjson", "application/merge-patch+json", "application/xml", "",
        "application/json; charset=gbk", "application/json; charset=bogus", "application/merge-patch+json; charset=utf-16", "text/plain; charset=big5",
        "text/plain; charset=gbk", "application/json; charset=\"utf-8\"", "application/json; charset=utf8", "application/json; charset=\"\"",
        "application/json; charset=", "application/json; charset");

    /// <summary>What the client takes: errors must be problem+json for all of them.</summary>
    private static readonly Gen<string> Accept = Gen.OneOf("", "", "application/json", "text/plain", "text/markdown", "text/html", "*/*;q=0", "\"");

    private sealed record HostileRequest(int Route, string Method, string[] Values, string Query, byte[]? Body, string ContentType, int Auth, string Accept);

    [Fact]
    public async Task Hostile_requests_never_crash_a_route_nor_change_data_unless_a_write_succeeds()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var published = await ContentApi.PublishedAsync(Admin, site, "目标", ContentApi.Published);
        // a term list, so that writes and checks run the 错敏词 matcher
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/terms", new { items = new[] { new { term = "近日" } } }, "*")).OkJsonAsync();
        // On Kestrel, over a socket: the in-memory test server lets through what Kestrel refuses to send (a header
        // value of non-ASCII or control characters is a 500 there), and the client sends header bytes as they come.
        await using var server = Database.NewApp();
        using var client = server.StartOnKestrel(new SocketsHttpHandler { AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 });
        var routes = Routes.All(server.Services);
        string[] realValues = [site, $"{published}", "news", "1", "2022-06-28", "bootstrap"];
        var requests =
            from route in Gen.Int[0, routes.Count - 1]
            from method in Gen.Frequency((9, Gen.Const("")), (1, Gen.OneOf("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")))
            // (a NUL in a path is refused by the client itself)
            from values in Gen.Frequency((1, Gen.OneOf(realValues)), (2, Hostile.Where(v => !v.Contains('\0', StringComparison.Ordinal)))).Array[4]
            from query in Query
            from body in Gen.Frequency((3, Body.Select(b => (byte[]?)b)), (1, Gen.Const((byte[]?)null)))
            from contentType in ContentType
            from auth in Gen.Int[0, 3]
            from accept in Accept
            select new HostileRequest(route, method, values, query, body, contentType, auth, accept);

        var before = await SnapshotAsync();
        var sent = 0;
        await requests.SampleAsync(async r =>
        {
            var route = routes[r.Route];
            var i = 0;
            var path = route.Path(_ => r.Values[i++ % r.Values.Length]) + r.Query;
            var request = new HttpRequestMessage(new HttpMethod(r.Method.Length > 0 ? r.Method : route.Method), path);
            if (r.Body is not null)
            {
                request.Content = new ByteArrayContent(r.Body);
                if (r.ContentType.Length > 0)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
                }
            }
            if (r.Accept.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Accept", r.Accept);
            }
            switch (r.Auth)
            {
                case 0 or 1: request.Headers.Authorization = new("Bearer", CmsAppFactory.AdminKey); break;
                case 2: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + r.Values[0]); break;
            }
            var response = await client.SendAsync(request);
            // a counted view reaches the database at the next flush, up to a second later: flushed now, it shows as this
            // request's change, not as a change by whichever request is checked when the flush lands
            await server.Services.GetRequiredService<CmsApi.Views.ViewCounter>().FlushAsync(CancellationToken.None);
            Interlocked.Increment(ref sent);
            Assert.True((int)response.StatusCode < 500,
                $"{request.Method} {path} ({r.ContentType}, {r.Body?.Length} bytes, Accept {r.Accept}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var after = await SnapshotAsync();
            var wrote = response.IsSuccessStatusCode && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options;
            Assert.True(wrote || after == before, $"{request.Method} {path} answered {(int)response.StatusCode} but changed the data");
            before = after;
        }, iter: 1500, threads: 1);
        Assert.Equal(1500, sent);
    }

    /// <summary>Every row of every content table, as text.</summary>
    private async Task<string> SnapshotAsync()
    {
        var database = App.Services.GetRequiredService<CmsApi.Data.Database>(); // the one both services share
        await using var connection = await database.OpenAsync();
        var text = new StringBuilder();
        foreach (var table in new[] { "sites", "channels", "articles", "article_tags", "article_revisions", "api_keys", "article_view_days", "site_terms", "webhooks" })
        {
            foreach (var row in await connection.QueryAsync($"SELECT * FROM {table} ORDER BY 1, 2"))
            {
                text.AppendJoin('|', ((IDictionary<string, object?>)row).Values).Append('\n');
            }
        }
        return text.ToString();
    }
}
