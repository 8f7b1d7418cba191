using CmsApi.Views;
using Microsoft.Extensions.Time.Testing;

namespace CmsApi.Tests.Views;

public sealed class VisitorWindowTests
{
    [Fact]
    public void A_full_window_counts_without_remembering_and_frees_its_room_when_visitors_expire()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50));
        var window = new VisitorWindow(clock, Microsoft.Extensions.Options.Options.Create(
            new ViewOptions { DedupeWindow = TimeSpan.FromMinutes(30), MaxRememberedVisitors = 2 }));

        Assert.True(window.IsFirstView(1, "甲"));
        Assert.True(window.IsFirstView(1, "乙"));
        Assert.False(window.IsFirstView(1, "甲")); // a reload within the window
        Assert.True(window.IsFirstView(1, "丙"));  // full: counted, not remembered
        Assert.True(window.IsFirstView(1, "丙"));  // so its reload counts again

        clock.Advance(TimeSpan.FromMinutes(31));
        window.Sweep();

        Assert.True(window.IsFirstView(1, "丁"));
        Assert.False(window.IsFirstView(1, "丁")); // room again: remembered
        Assert.True(window.IsFirstView(1, "甲"));  // its window has passed
    }

    [Fact]
    public void Visitors_stay_remembered_while_the_window_grows_and_sweeps()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50));
        var window = new VisitorWindow(clock, Microsoft.Extensions.Options.Options.Create(
            new ViewOptions { DedupeWindow = TimeSpan.FromMinutes(30) }));

        // Far more than the table's first size, so it grows several times on the way.
        var early = Enumerable.Range(0, 20_000).Select(i => $"id:early-{i}").ToList();
        Assert.All(early, visitor => Assert.True(window.IsFirstView(7, visitor)));
        Assert.All(early, visitor => Assert.False(window.IsFirstView(7, visitor)));
        Assert.True(window.IsFirstView(8, early[0])); // another article: another view

        clock.Advance(TimeSpan.FromMinutes(20));
        var late = Enumerable.Range(0, 20_000).Select(i => $"id:late-{i}").ToList();
        Assert.All(late, visitor => Assert.True(window.IsFirstView(7, visitor)));

        clock.Advance(TimeSpan.FromMinutes(15)); // the early visitors' window has passed, the late ones' has not
        Assert.True(window.IsFirstView(7, early[1]));  // expired, reused in place before any sweep
        Assert.False(window.IsFirstView(7, early[1]));
        window.Sweep();
        Assert.All(late, visitor => Assert.False(window.IsFirstView(7, visitor)));
        Assert.False(window.IsFirstView(7, early[1]));
        Assert.True(window.IsFirstView(7, early[2]));
    }
}
