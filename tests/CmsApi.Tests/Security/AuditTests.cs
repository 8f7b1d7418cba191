using System.Net;
using System.Text.Json.Nodes;
using CmsApi.Auth;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Security;

public sealed class AuditTestsOnSqlite(SqliteDatabase database) : AuditTests(database), IClassFixture<SqliteDatabase>;

public sealed class AuditTestsOnPostgres(PostgresDatabase database) : AuditTests(database), IClassFixture<PostgresDatabase>;

/// <summary>操作日志 (等保 安全审计): every attempt to change something, by whom, and how it ended, for an audit administrator.</summary>
public abstract class AuditTests(TestDatabase database) : ApiTest(database)
{
    /// <summary>The site's entries, newest first, once <paramref name="done"/> holds of them (they are written within moments).</summary>
    private static async Task<List<JsonNode>> EntriesAsync(HttpClient reader, string query, Func<List<JsonNode>, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var items = (await (await reader.GetAsync($"/api/v1/audit?{query}")).OkJsonAsync())["items"]!.AsArray().Select(e => e!).ToList();
            if (done(items) || i == 100)
            {
                return items;
            }
            await Task.Delay(50);
        }
    }

    private static (string? Actor, string Method, string Route, int Status) Summary(JsonNode entry) =>
        (entry["actor"]?.GetValue<string>(), entry.Text("method"), entry.Text("route"), entry["status"]!.GetValue<int>());

    [Fact]
    public async Task Every_attempt_to_change_something_is_logged_with_who_what_and_how_it_ended()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var id = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "审计" })).Id();
        var refused = (int)(await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "nosuch", title = "无此栏目" })).StatusCode;
        var (writer, writerPrefix) = await ClientWithNewKeyAsync(new { name = "编辑", scopes = new[] { Scopes.ContentWrite } });
        using var _1 = writer;
        await (await writer.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/publish", new { })).ProblemAsync(HttpStatusCode.Forbidden);
        using var revoked = App.CreateClient();
        revoked.DefaultRequestHeaders.Authorization = new("Bearer", "cms_nosuchkey_0123456789abcdef0123456789abcdef");
        await (await revoked.DeleteAsync($"/api/v1/sites/{site}/articles/{id}")).ProblemAsync(HttpStatusCode.Unauthorized);
        // reads and the public view counter are not logged
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles")).OkJsonAsync();
        await ContentApi.PublishAsync(Admin, site, id);
        await Anonymous.PostAsync($"/api/v1/sites/{site}/articles/{id}/views", null);
        var (auditor, auditorPrefix) = await ClientWithNewKeyAsync(new { name = "审计管理员", scopes = new[] { Scopes.AuditRead } });
        using var _2 = auditor;
        await (await auditor.PostJsonAsync($"/api/v1/sites/{site}/articles", new { channel = "news", title = "审计员不能写" }))
            .ProblemAsync(HttpStatusCode.Forbidden); // it reads the log and changes nothing

        var entries = await EntriesAsync(auditor, $"site={site}", e => e.Count >= 10);
        var articles = $"/api/v1/sites/{{site}}/articles";
        Assert.Equal(
            [
                ((string?)auditorPrefix, "POST", articles, 403), ("bootstrap", "POST", $"{articles}/{{id}}/publish", 200),
                (null, "DELETE", $"{articles}/{{id}}", 401), (writerPrefix, "POST", $"{articles}/{{id}}/publish", 403),
                ("bootstrap", "POST", articles, refused), ("bootstrap", "POST", articles, 201),
                ("bootstrap", "POST", "/api/v1/sites/{site}/channels", 201), ("bootstrap", "POST", "/api/v1/sites/{site}/channels", 201),
                ("bootstrap", "POST", "/api/v1/sites/{site}/channels", 201), ("bootstrap", "POST", "/api/v1/sites", 201),
            ],
            entries.Select(Summary));
        Assert.InRange(refused, 400, 499);
        Assert.Equal($"/api/v1/sites/{site}/articles/{id}", entries[2].Text("path"));
        Assert.All(entries, e => Assert.Equal(site, e.Text("site")));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.Text("traceId"))));
        Assert.All(entries, e => Assert.EndsWith("+08:00", e.Text("at"), StringComparison.Ordinal)); // the site's time zone

        // by key; page by page, each entry once
        Assert.Equal([(writerPrefix, "POST", $"{articles}/{{id}}/publish", 403)],
            (await EntriesAsync(auditor, $"actor={writerPrefix}", e => e.Count > 0)).Select(Summary));
        var first = await (await auditor.GetAsync($"/api/v1/audit?site={site}&limit=4")).OkJsonAsync();
        var second = await (await auditor.GetAsync($"/api/v1/audit?site={site}&limit=6&cursor={first.Text("nextCursor")}")).OkJsonAsync();
        Assert.Equal(entries.Select(e => e.Id()), first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(e => e!.Id()));
        Assert.Empty((await (await auditor.GetAsync($"/api/v1/audit?site={site}&to=2020-01-01")).OkJsonAsync())["items"]!.AsArray());
        Assert.Equal(entries.Select(e => e.Id()),
            (await (await auditor.GetAsync($"/api/v1/audit?site={site}&from=0001-01-01&to=9999-12-31&limit=10")).OkJsonAsync())["items"]!.AsArray().Select(e => e!.Id()));

        // exported for a spreadsheet: every entry, limit aside, with the byte-order mark Excel needs for Chinese
        using var export = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?site={site}&limit=1");
        export.Headers.Accept.ParseAdd("text/csv");
        var csv = await auditor.SendAsync(export);
        Assert.Equal((HttpStatusCode.OK, "text/csv"), (csv.StatusCode, csv.Content.Headers.ContentType?.MediaType));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,at,actor,site,method,route,path,status,ip,traceId,articles", lines[0]);
        Assert.Equal(entries.Select(e => $"{e.Id()},{e.Text("at")},{e["actor"]?.GetValue<string>()},{site},{e.Text("method")},{e.Text("route")},{e.Text("path")},{e["status"]}"),
            lines[1..].Select(l => string.Join(',', l.Split(',')[..8])));

        // an auditor of another site reads its own site's entries only; nobody else reads them; nobody changes them
        var other = await ContentApi.NewSiteAsync(Admin);
        var (otherAuditor, _) = await ClientWithNewKeyAsync(new { name = "别站审计", scopes = new[] { Scopes.AuditRead }, sites = new[] { other } });
        using var _3 = otherAuditor;
        await (await otherAuditor.GetAsync($"/api/v1/audit?site={site}")).ProblemAsync(HttpStatusCode.Forbidden);
        var ownOnly = await EntriesAsync(otherAuditor, "", e => e.Count >= 3);
        Assert.All(ownOnly, e => Assert.Equal(other, e.Text("site")));
        await (await writer.GetAsync("/api/v1/audit")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous.GetAsync("/api/v1/audit")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Admin.DeleteAsync("/api/v1/audit")).StatusCode);
        foreach (var bad in new[] { "limit=0", "limit=101", "cursor=garbage", "from=yesterday", "to=2024-13-01", "site=NO%20SUCH" })
        {
            await (await auditor.GetAsync($"/api/v1/audit?{bad}")).ProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task A_request_for_several_articles_is_logged_with_their_ids()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var articles = $"/api/v1/sites/{site}/articles";
        var first = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "一" })).Id();
        var second = (await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "二" })).Id();
        await (await Admin.PostJsonAsync($"{articles}/batch/trash", new { ids = new[] { second, first, second } })).OkJsonAsync();
        await (await Admin.PostJsonAsync($"{articles}/purge", new { wholeTrash = true })).OkJsonAsync();

        var entries = await EntriesAsync(Admin, $"site={site}", e => e.Any(x => x.Text("route").EndsWith("/purge", StringComparison.Ordinal)));
        static string Ids(JsonNode entry) => string.Join(',', entry["articles"]?.AsArray().Select(id => id!.GetValue<long>()) ?? []);
        Assert.Equal([($"{articles.Replace(site, "{site}", StringComparison.Ordinal)}/purge", $"{first},{second}"),
                      ($"{articles.Replace(site, "{site}", StringComparison.Ordinal)}/batch/trash", $"{second},{first}"),
                      ("/api/v1/sites/{site}/articles", ""), ("/api/v1/sites/{site}/articles", "")],
            entries.Take(4).Select(e => (e.Text("route"), Ids(e))));
        Assert.Null(entries[2]["articles"]); // a request of one article names it in its path
    }

    /// <summary>A bulk export hands the site's content over, drafts too: the log keeps it as it keeps a change, with what it asked for.</summary>
    [Fact]
    public async Task A_bulk_export_is_logged_as_a_change_is_with_what_it_asked_for()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await ContentApi.CreateAsync(Admin, site, new { channel = "news", title = "草稿" });
        var (reader, readerPrefix) = await ClientWithNewKeyAsync(new { name = "归档", scopes = new[] { Scopes.ReadDrafts } });
        using var _ = reader;
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/sites/{site}/articles/export?status=draft")).StatusCode);
        await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/export")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await reader.GetAsync($"/api/v1/sites/{site}/articles?status=draft")).OkJsonAsync(); // a list is a read like any other

        var entries = await EntriesAsync(Admin, $"site={site}", e => e.Any(x => x.Text("method") == "GET" && x["status"]!.GetValue<int>() == 401));
        var reads = entries.Where(e => e.Text("method") == "GET").ToList();
        Assert.Equal([(null, "GET", "/api/v1/sites/{site}/articles/export", 401), ((string?)readerPrefix, "GET", "/api/v1/sites/{site}/articles/export", 200)],
            reads.Select(Summary));
        Assert.Equal($"/api/v1/sites/{site}/articles/export?status=draft", reads[1].Text("path"));
    }
}

/// <summary>The audit log's CSV (Csv, which the statistics write too): cells quoted when they must be, never a formula in the auditor's spreadsheet, times as the JSON has them.</summary>
public sealed class AuditCsvTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("/api/v1/sites", "/api/v1/sites")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2", "'-2")]
    public void Cells_are_quoted_and_formulas_defused(string? value, string cell) =>
        Assert.Equal(cell, CmsApi.Http.Csv.Cell(value));

    [Theory]
    [InlineData(0)]
    [InlineData(123)]
    public void A_time_reads_as_the_json_of_the_same_entry_writes_it(int milliseconds)
    {
        var at = new DateTimeOffset(2026, 12, 2, 10, 31, 7, milliseconds, TimeSpan.FromHours(8));
        var line = CmsApi.Audit.AuditCsv.Line(new CmsApi.Audit.AuditEvent(1, at, "k", "s", "POST", "/r", "/p", 200, null, "t"));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(at).Trim('"'), line.Split(',')[1]);
    }
}
