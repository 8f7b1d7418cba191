using CmsApi.Tests.Infrastructure;
using CmsApi.Views;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CmsApi.Tests.Views;

/// <summary>
/// PostgreSQL only, where a test can hold a table lock that stops a ranking's computation midway: readers are served
/// the kept ranking while the flush's refresh waits, and the new one once it is done.
/// </summary>
public sealed class PopularRankingsOnPostgresTests(PostgresDatabase database) : ApiTest(database), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Readers_get_the_ranking_before_while_the_new_one_is_computed()
    {
        var site = await ContentApi.NewSiteAsync(Admin);
        var published = ContentApi.Published;
        await ContentApi.PublishedAsync(Admin, site, "甲", published);
        var second = await ContentApi.PublishedAsync(Admin, site, "乙", published.AddMinutes(1));
        var counter = App.Services.GetRequiredService<ViewCounter>();
        Task<string> Ranked() => ViewsApiTests.RankedAsync(Admin, site);
        Assert.Equal("乙:0 甲:0", await Ranked());
        foreach (var visitor in new[] { "a", "b" })
        {
            (await Anonymous.SendAsync(ViewsApiTests.View(site, second, visitor))).EnsureSuccessStatusCode();
        }

        // Computing a ranking reads the site's channels first; storing views does not.
        await using var holder = await App.Services.GetRequiredService<CmsApi.Data.Database>().OpenAsync();
        await using var locked = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("LOCK TABLE channels IN ACCESS EXCLUSIVE MODE", transaction: locked);
        var flush = counter.FlushAsync(CancellationToken.None);
        var read = Ranked();

        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)));
        Assert.Equal("乙:0 甲:0", await read);
        Assert.False(flush.IsCompleted);

        await locked.CommitAsync();
        await flush;
        Assert.Equal("乙:2 甲:0", await Ranked());
    }
}
