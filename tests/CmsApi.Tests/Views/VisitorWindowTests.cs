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
}
