using CmsApi.Calendar;

namespace CmsApi.Tests.Calendar;

/// <summary>
/// Expected values come from an independent implementation (the lunar-javascript library), which agreed with
/// this code on every day from 1901-02-19 to 2100-12-31 when the two were compared in full.
/// </summary>
public sealed class ChineseCalendarTests
{
    [Theory]
    // the fixture's header date: the legacy page printed the impossible 五月卅十
    [InlineData("2022-06-28", "壬寅", "虎", "五月", "三十", 5, 30, false)]
    // first and last supported day
    [InlineData("1901-02-19", "辛丑", "牛", "正月", "初一", 1, 1, false)]
    [InlineData("2100-12-31", "庚申", "猴", "十二月", "初一", 12, 1, false)]
    // leap months across the range, and the days around them
    [InlineData("1903-06-25", "癸卯", "兔", "闰五月", "初一", 5, 1, true)]
    [InlineData("1906-05-23", "丙午", "马", "闰四月", "初一", 4, 1, true)]
    [InlineData("2017-07-23", "丁酉", "鸡", "闰六月", "初一", 6, 1, true)]
    [InlineData("2020-05-23", "庚子", "鼠", "闰四月", "初一", 4, 1, true)]
    [InlineData("2023-03-21", "癸卯", "兔", "二月", "三十", 2, 30, false)]
    [InlineData("2023-03-22", "癸卯", "兔", "闰二月", "初一", 2, 1, true)]
    [InlineData("2023-04-19", "癸卯", "兔", "闰二月", "廿九", 2, 29, true)]
    [InlineData("2023-04-20", "癸卯", "兔", "三月", "初一", 3, 1, false)]
    [InlineData("2025-07-25", "乙巳", "蛇", "闰六月", "初一", 6, 1, true)]
    [InlineData("2033-12-22", "癸丑", "牛", "闰十一月", "初一", 11, 1, true)]
    [InlineData("2034-02-18", "癸丑", "牛", "十二月", "三十", 12, 30, false)]
    [InlineData("2052-09-23", "壬申", "猴", "闰八月", "初一", 8, 1, true)]
    [InlineData("2099-03-22", "己未", "羊", "闰二月", "初一", 2, 1, true)]
    // the 干支 year changes at 春节, not on 1 January
    [InlineData("2025-01-28", "甲辰", "龙", "十二月", "廿九", 12, 29, false)]
    [InlineData("2025-01-29", "乙巳", "蛇", "正月", "初一", 1, 1, false)]
    [InlineData("2023-02-05", "癸卯", "兔", "正月", "十五", 1, 15, false)]
    [InlineData("2024-01-18", "癸卯", "兔", "十二月", "初八", 12, 8, false)]
    public void Lunar_date_matches_the_reference(string date, string year, string zodiac, string month, string day,
        int monthNumber, int dayNumber, bool leap)
    {
        var lunar = ChineseCalendar.Lunar(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new LunarDate(year, zodiac, month, day, monthNumber, dayNumber, leap), lunar);
    }

    [Theory]
    [InlineData("2024-02-10", "春节")]
    [InlineData("2023-02-05", "元宵")]
    [InlineData("2023-06-22", "端午")]
    [InlineData("2023-08-22", "七夕")]
    [InlineData("2022-09-10", "中秋")]
    [InlineData("2022-10-04", "重阳")]
    [InlineData("2024-01-18", "腊八")]
    [InlineData("2024-02-09", "除夕")] // 腊月三十
    [InlineData("2025-01-28", "除夕")] // 腊月廿九: the twelfth month of 甲辰 has 29 days
    [InlineData("2023-01-21", "除夕")]
    public void Festivals_fall_on_their_day(string date, string festival)
    {
        var day = ChineseCalendar.For(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([festival], day.Festivals);
    }

    [Theory]
    [InlineData("2022-06-28")] // 五月三十 is not a festival
    [InlineData("2025-01-27")] // the day before 除夕 in a 29-day twelfth month
    [InlineData("2023-04-19")] // a leap month's last day is not 除夕 or anything else
    public void Ordinary_days_have_no_festival(string date) =>
        Assert.Empty(ChineseCalendar.For(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Festivals);

    [Fact]
    public void Display_line_is_what_a_portal_header_prints()
    {
        var day = ChineseCalendar.For(new DateOnly(2022, 6, 28));

        Assert.Equal("2022年6月28日", day.Gregorian);
        Assert.Equal("星期二", day.Weekday);
        Assert.Equal("2022年6月28日 星期二 农历五月三十", day.Display);
    }

    [Fact]
    public void Days_outside_the_supported_range_are_refused()
    {
        Assert.False(ChineseCalendar.IsSupported(new DateOnly(1901, 2, 18)));
        Assert.False(ChineseCalendar.IsSupported(new DateOnly(2101, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseCalendar.For(new DateOnly(1900, 1, 1)));
    }

    [Fact]
    public void Every_supported_day_has_a_valid_lunar_date()
    {
        var previous = ChineseCalendar.Lunar(ChineseCalendar.First);
        for (var date = ChineseCalendar.First.AddDays(1); date <= ChineseCalendar.Last; date = date.AddDays(1))
        {
            var lunar = ChineseCalendar.Lunar(date);
            Assert.InRange(lunar.DayNumber, 1, 30);
            Assert.InRange(lunar.MonthNumber, 1, 12);
            // days count up by one within a month, and a new month starts at 初一 after day 29 or 30
            Assert.True(lunar.DayNumber == previous.DayNumber + 1 || (lunar.DayNumber == 1 && previous.DayNumber >= 29),
                $"{date}: {previous.Month}{previous.Day} → {lunar.Month}{lunar.Day}");
            previous = lunar;
        }
    }
}
