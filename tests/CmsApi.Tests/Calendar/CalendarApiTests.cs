using System.Net;
using CmsApi.Tests.Infrastructure;

namespace CmsApi.Tests.Calendar;

public sealed class CalendarApiTestsOnSqlite(SqliteDatabase database) : CalendarApiTests(database), IClassFixture<SqliteDatabase>;

public sealed class CalendarApiTestsOnPostgres(PostgresDatabase database) : CalendarApiTests(database), IClassFixture<PostgresDatabase>;

public abstract class CalendarApiTests(TestDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task The_fixture_header_date_says_五月三十()
    {
        var day = await (await Anonymous.GetAsync("/api/v1/calendar/2022-06-28")).OkJsonAsync();

        Assert.Equal("2022-06-28", day["date"]!.GetValue<string>());
        Assert.Equal("2022年6月28日", day["gregorian"]!.GetValue<string>());
        Assert.Equal("星期二", day["weekday"]!.GetValue<string>());
        var lunar = day["lunar"]!;
        Assert.Equal("壬寅", lunar["year"]!.GetValue<string>());
        Assert.Equal("虎", lunar["zodiac"]!.GetValue<string>());
        Assert.Equal("五月", lunar["month"]!.GetValue<string>());
        Assert.Equal("三十", lunar["day"]!.GetValue<string>());
        Assert.Equal(5, lunar["monthNumber"]!.GetValue<int>());
        Assert.Equal(30, lunar["dayNumber"]!.GetValue<int>());
        Assert.False(lunar["isLeapMonth"]!.GetValue<bool>());
        Assert.Empty(day["festivals"]!.AsArray());
        Assert.Equal("2022年6月28日 星期二 农历五月三十", day["display"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2023-03-22", "闰二月", true, "")]
    [InlineData("2024-02-10", "正月", false, "春节")]
    [InlineData("2025-01-28", "十二月", false, "除夕")]
    [InlineData("1901-02-19", "正月", false, "春节")]
    [InlineData("2100-12-31", "十二月", false, "")]
    public async Task Leap_months_festivals_and_the_ends_of_the_range(string date, string month, bool leap, string festival)
    {
        var day = await (await Anonymous.GetAsync($"/api/v1/calendar/{date}")).OkJsonAsync();

        Assert.Equal(month, day["lunar"]!["month"]!.GetValue<string>());
        Assert.Equal(leap, day["lunar"]!["isLeapMonth"]!.GetValue<bool>());
        Assert.Equal(festival, string.Join(',', day["festivals"]!.AsArray().Select(f => f!.GetValue<string>())));
    }

    [Theory]
    [InlineData("1901-02-18", "date_out_of_range")]
    [InlineData("2101-01-01", "date_out_of_range")]
    [InlineData("0001-01-01", "date_out_of_range")]
    [InlineData("2022-6-28", "invalid_date")]
    [InlineData("2022-02-30", "invalid_date")]
    [InlineData("20220628", "invalid_date")]
    [InlineData("today", "invalid_date")]
    [InlineData("2022-06-28T00:00", "invalid_date")]
    public async Task Bad_or_unsupported_dates_are_400(string date, string code)
    {
        var problem = await (await Anonymous.GetAsync($"/api/v1/calendar/{date}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(code, problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Today_is_taken_in_the_sites_time_zone()
    {
        var key = "cal" + Guid.NewGuid().ToString("N")[..8];
        await (await Admin.PostJsonAsync("/api/v1/sites", new
        {
            key, name = "测试网", domains = new[] { "www.example.gov.cn" }, sponsor = "某局", timeZone = "Asia/Shanghai",
            copyright = new { holder = "某局" },
        })).OkJsonAsync(HttpStatusCode.Created);
        // 16:30 UTC on the 27th is 00:30 on the 28th in Beijing
        App.Clock.SetUtcNow(new DateTimeOffset(2022, 6, 27, 16, 30, 0, TimeSpan.Zero));

        var day = await (await Anonymous.GetAsync($"/api/v1/sites/{key}/calendar/today")).OkJsonAsync();

        Assert.Equal("2022-06-28", day["date"]!.GetValue<string>());
        Assert.Equal("2022年6月28日 星期二 农历五月三十", day["display"]!.GetValue<string>());
        await (await Anonymous.GetAsync("/api/v1/sites/no-such-site/calendar/today")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
