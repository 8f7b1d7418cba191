using System.Net;
using System.Text;
using CmsApi.Tests.Infrastructure;
using CsCheck;

namespace CmsApi.Tests.Security;

public sealed class TrickyTextTestsOnSqlite(SqliteDatabase database) : TrickyTextTests(database), IClassFixture<SqliteDatabase>;

public sealed class TrickyTextTestsOnPostgres(PostgresDatabase database) : TrickyTextTests(database), IClassFixture<PostgresDatabase>;

/// <summary>
/// Valid text that the code paths over it find hard (forms that NFKC lengthens, whitespace of every kind, characters
/// beyond the BMP, bidi and zero-width marks, markup, heading numbers): whatever an editor types is stored, checked
/// against the 错敏词, published, read back and searched for, or refused with a 400; never a 5xx. (The hostile-input
/// test sends broken requests; few of its writes get as far as these paths.)
/// </summary>
public abstract class TrickyTextTests(TestDatabase database) : ApiTest(database)
{
    private static readonly Gen<string> Text = Gen.OneOf(
            "…", "……", "㈠", "℃", "ﬁ", "Ａ", "ｃｐｃ", "豈", "党建", "近日", "a", "B", "PM2.5", "1", ".", " ", "\u3000", "\u00A0", "\u2028",
            "𠀀", "𪚥", "İ", "ß", "，", "。", "¨", "😀", "👨‍👩‍👧", "e\u0301", "\u200B", "\uFEFF", "\u202E", "<script>", "&amp;", "一、", "（一）",
            "1.", "（1）", "\"", "'", "\\", "%", "*", ":", "&", "|", "!", "(", "NEAR")
        .Array[1, 12].Select(pieces => string.Concat(pieces));

    [Fact]
    public async Task Any_text_an_editor_types_is_stored_checked_published_read_and_searched_or_refused()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/terms",
            new { items = new object[] { new { term = "近日" }, new { term = "CPC 党建", severity = "block" } } }, "*")).OkJsonAsync();
        var other = await ContentApi.NewSiteAsync(Admin);
        var (stored, refused, blocked) = (0, 0, 0);

        await Gen.Select(Text, Text, Text, Text).SampleAsync(async (title, summary, heading, paragraph) =>
        {
            var created = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles", new
            {
                channel = "news", title, subtitle = paragraph, summary, source = summary, author = heading,
                body = new { lead = new[] { paragraph }, sections = new[] { new { title = heading, paragraphs = new[] { paragraph, title } } } },
                attachments = new[] { new { name = heading, url = "https://www.example.gov.cn/a.pdf" } },
            });
            Assert.True((int)created.StatusCode < 500, $"creating '{title}' / '{heading}' / '{paragraph}': {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            if (created.StatusCode == HttpStatusCode.BadRequest)
            {
                await created.ProblemAsync(HttpStatusCode.BadRequest);
                refused++;
                return;
            }
            var article = await created.OkJsonAsync(HttpStatusCode.Created);
            var id = article["id"]!.GetValue<long>();
            Assert.Equal(article["title"]!.GetValue<string>(), (await (await Admin.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync())["title"]!.GetValue<string>());
            var check = await (await Admin.PostJsonAsync($"/api/v1/sites/{site}/terms/check", new { text = paragraph })).OkJsonAsync();

            var published = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/publish", new { });
            Assert.True(published.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict,
                $"publishing '{title}': {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
            if (published.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal("terms_blocked", (await published.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
                blocked++;
                return;
            }
            Assert.False(check["blocked"]!.GetValue<bool>()); // the paragraph alone held no block term, or publishing would have failed
            stored++;
            foreach (var q in new[] { title, heading, paragraph })
            {
                var search = await Anonymous.GetAsync($"/api/v1/sites/{site}/articles?q={Uri.EscapeDataString(q)}&limit=5");
                Assert.True(search.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                    $"searching '{q}': {(int)search.StatusCode} {await search.Content.ReadAsStringAsync()}");
                if (search.StatusCode == HttpStatusCode.OK)
                {
                    // a snippet never cuts a character in two, nor makes one unreadable (none of the texts has a U+FFFD)
                    foreach (var snippet in (await search.OkJsonAsync())["items"]!.AsArray().Select(item => item!["snippet"]?.GetValue<string>()).OfType<string>())
                    {
                        Assert.False(snippet.EnumerateRunes().Any(r => r == Rune.ReplacementChar), $"snippet of a search for '{q}': '{snippet}'");
                    }
                }
            }
            await (await Anonymous.GetAsync($"/api/v1/sites/{site}/articles/{id}")).OkJsonAsync();
            // a published article changed to other hard text, and copied to another site (一稿多发)
            var patched = await Admin.SendAsync(HttpMethod.Patch, $"/api/v1/sites/{site}/articles/{id}", new { title = heading, summary = title }, "*");
            Assert.True((int)patched.StatusCode < 500, $"changing '{title}' to '{heading}': {(int)patched.StatusCode} {await patched.Content.ReadAsStringAsync()}");
            var copied = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/{id}/copy", new { site = other, channel = "notices" });
            Assert.True(copied.StatusCode == HttpStatusCode.Created, $"copying '{title}': {(int)copied.StatusCode} {await copied.Content.ReadAsStringAsync()}");
        }, iter: 120, threads: 1);

        Assert.True(stored > 50, $"{stored} stored, {refused} refused, {blocked} blocked: the texts should mostly be valid");
    }

    [Fact]
    public async Task A_site_and_channels_of_any_names_make_a_footer_and_a_channel_tree_or_are_refused()
    {
        var made = 0;
        await Gen.Select(Text, Text, Text, Text).SampleAsync(async (name, sponsor, holder, channel) =>
        {
            var key = ContentApi.NewKey();
            var site = await Admin.PostJsonAsync("/api/v1/sites", new
            {
                key, name, domains = new[] { "www.example.gov.cn" }, sponsor, organiser = holder, copyright = new { holder },
                icpFiling = "京ICP备12345678号-1", publicSecurityFiling = "京公网安备11010502030143号",
            });
            Assert.True((int)site.StatusCode < 500, $"site '{name}' / '{sponsor}' / '{holder}': {(int)site.StatusCode} {await site.Content.ReadAsStringAsync()}");
            if (!site.IsSuccessStatusCode)
            {
                await site.ProblemAsync(HttpStatusCode.BadRequest);
                return;
            }
            var channelMade = await Admin.PostJsonAsync($"/api/v1/sites/{key}/channels", new { key = "news", name = channel, updateDays = 14 });
            Assert.True((int)channelMade.StatusCode < 500, $"channel '{channel}': {(int)channelMade.StatusCode} {await channelMade.Content.ReadAsStringAsync()}");
            foreach (var path in new[] { "footer", "channels", "channel-updates", "" })
            {
                var read = await Admin.GetAsync($"/api/v1/sites/{key}/{path}");
                Assert.True(read.StatusCode == HttpStatusCode.OK, $"{path} of '{name}': {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
            }
            Assert.Equal(name.Trim(), (await (await Anonymous.GetAsync($"/api/v1/sites/{key}")).OkJsonAsync())["name"]!.GetValue<string>()); // trimmed
            made++;
        }, iter: 60, threads: 1);

        Assert.True(made > 20, $"{made} of 60 sites made: most names should be valid");
    }

    [Fact]
    public async Task A_legacy_page_with_any_text_in_its_lines_is_imported_or_refused()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        await (await Admin.SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/terms", new { items = new[] { new { term = "近日" } } }, "*")).OkJsonAsync();
        var imported = 0;
        // The reference page with tricky text put into a few of its lines: before, after or instead of what is there.
        var pages = Gen.Select(Gen.Int[0, LegacyPage.Lines.Length - 1].Array[1, 4], Text.Array[4], Gen.Int[0, 2].Array[4], (lines, texts, how) =>
        {
            var page = LegacyPage.Lines.ToArray();
            for (var i = 0; i < lines.Length; i++)
            {
                page[lines[i]] = how[i] switch { 0 => texts[i] + page[lines[i]], 1 => page[lines[i]] + texts[i], _ => texts[i] };
            }
            return string.Join('\n', page);
        });

        await pages.SampleAsync(async page =>
        {
            var response = await Admin.PostJsonAsync($"/api/v1/sites/{site}/articles/import?mode=update", new { text = page, channel = "news", publish = true });
            Assert.True((int)response.StatusCode < 500, $"importing: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{page[..Math.Min(300, page.Length)]}");
            imported += response.IsSuccessStatusCode ? 1 : 0;
        }, iter: 60, threads: 1);

        Assert.True(imported > 20, $"{imported} of 60 pages imported: most should be");
    }
}
