using System.Net;
using CmsApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Foundation;

public sealed class FoundationTestsOnSqlite(SqliteDatabase database) : FoundationTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class FoundationTestsOnPostgres(PostgresDatabase database) : FoundationTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;

public abstract class FoundationTests<TDatabase>(TestDatabase database) : ApiTest(database)
    where TDatabase : TestDatabase, new()
{
    [Fact]
    public async Task Liveness_and_readiness_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/healthz")).StatusCode);
        var ready = await Anonymous.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Start_up_does_not_load_the_unused_data_protection_key_ring()
    {
        // The type must still exist under that name, or the removal in AddCmsAuth silently stopped working.
        Assert.NotNull(Type.GetType($"{CmsApi.Auth.AuthSetup.DataProtectionKeyRingLoader}, Microsoft.AspNetCore.DataProtection"));
        var hosted = App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().FullName).ToList();
        Assert.Contains(typeof(CmsApi.Data.DatabaseMigrator).FullName, hosted);
        Assert.DoesNotContain(CmsApi.Auth.AuthSetup.DataProtectionKeyRingLoader, hosted);
    }

    [Fact]
    public async Task Unmatched_routes_and_methods_answer_problems()
    {
        await (await Anonymous.GetAsync("/api/v1/no-such-route")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous.PatchAsync("/api/v1/sites", null)).ProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Two_hosts_starting_at_once_apply_the_schema_exactly_once()
    {
        await using var fresh = new TDatabase { StartsApp = false };
        await fresh.InitializeAsync();
        await using var first = fresh.NewApp();
        await using var second = fresh.NewApp();

        // Both hosts run their migrations concurrently against the same empty database.
        await Task.WhenAll(Task.Run(() => first.Server), Task.Run(() => second.Server));

        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync("/readyz")).StatusCode);
        var database = first.Services.GetRequiredService<CmsApi.Data.Database>();
        await using var connection = await database.OpenAsync();
        var applied = (await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions")).ToList();
        var scripts = typeof(Program).Assembly.GetManifestResourceNames()
            .Count(n => n.Contains($".Migrations.{(fresh.Provider == "sqlite" ? "sqlite" : "postgres")}.", StringComparison.Ordinal));
        Assert.True(scripts > 0);
        Assert.Equal(scripts, applied.Count);
        Assert.Equal(applied.Count, applied.Distinct().Count());
    }

    [Fact]
    public async Task Demo_content_is_seeded_once_into_an_empty_database()
    {
        await using var fresh = new TDatabase { StartsApp = false };
        await fresh.InitializeAsync();
        await using (var app = fresh.NewApp(a => a.Settings["Demo:Seed"] = "true"))
        {
            var sites = await (await app.CreateClient().GetAsync("/api/v1/sites")).OkJsonAsync();
            Assert.Equal(["gzsjgdj"], sites["items"]!.AsArray().Select(s => s!["key"]!.GetValue<string>()));
            // the reference page, imported and published
            var articles = await (await app.CreateClient().GetAsync("/api/v1/sites/gzsjgdj/articles")).OkJsonAsync();
            var article = articles["items"]!.AsArray().Single()!;
            Assert.Equal("固堡垒强基层 抓党建促业务", article["title"]!.GetValue<string>());
            Assert.Null(article["viewCount"]); // a counter, not content: served by …/views
            Assert.Equal(1560, await ContentApi.ViewCountAsync(app.CreateClient(), "gzsjgdj", article.Id()));
        }
        // a restart does not seed again
        await using var restarted = fresh.NewApp(a => a.Settings["Demo:Seed"] = "true");
        _ = restarted.Server;
        var database = restarted.Services.GetRequiredService<CmsApi.Data.Database>();
        await using var connection = await database.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sites"));
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM channels"));
    }

    [Fact]
    public async Task An_unhandled_failure_is_a_500_problem_without_internals()
    {
        await using var fresh = new TDatabase();
        await fresh.InitializeAsync();
        var database = fresh.App.Services.GetRequiredService<CmsApi.Data.Database>();
        await using (var connection = await database.OpenAsync())
        {
            // The database loses a table under the running service: every site read now fails inside the store.
            await connection.ExecuteAsync("ALTER TABLE sites RENAME TO sites_gone");
        }

        var response = await fresh.App.CreateClient().GetAsync("/api/v1/sites");

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Equal("internal_error", problem["code"]!.GetValue<string>());
        var body = problem.ToJsonString();
        Assert.DoesNotContain("sites_gone", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }
}
