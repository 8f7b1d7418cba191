using System.Globalization;

namespace CmsApi.Calendar;

/// <summary>The page-header date of a Chinese portal: Gregorian date, weekday, lunar date and festivals.</summary>
/// <param name="Date">ISO date, e.g. 2022-06-28.</param>
/// <param name="Gregorian">e.g. 2022年6月28日.</param>
/// <param name="Weekday">e.g. 星期二.</param>
/// <param name="Lunar">The Chinese lunar date.</param>
/// <param name="Festivals">Traditional festivals on this day: 春节, 元宵, 端午, 七夕, 中秋, 重阳, 腊八, 除夕.</param>
/// <param name="Display">The header line as portals print it, e.g. 2022年6月28日 星期二 农历五月三十.</param>
public sealed record CalendarDay(string Date, string Gregorian, string Weekday, LunarDate Lunar, IReadOnlyList<string> Festivals, string Display);

/// <param name="Year">干支 year, e.g. 壬寅.</param>
/// <param name="Zodiac">生肖, e.g. 虎.</param>
/// <param name="Month">e.g. 五月, 正月, 闰二月.</param>
/// <param name="Day">e.g. 初一, 十五, 廿九, 三十.</param>
/// <param name="MonthNumber">1–12; a leap month has the number of the month it repeats.</param>
/// <param name="DayNumber">1–30.</param>
/// <param name="IsLeapMonth">True in a leap month (闰月).</param>
public sealed record LunarDate(string Year, string Zodiac, string Month, string Day, int MonthNumber, int DayNumber, bool IsLeapMonth);

public static class ChineseCalendar
{
    /// <summary>The first day .NET's lunisolar tables cover (辛丑年正月初一).</summary>
    public static readonly DateOnly First = new(1901, 2, 19);

    public static readonly DateOnly Last = new(2100, 12, 31);

    private static readonly ChineseLunisolarCalendar Lunisolar = new();
    private static readonly string[] Stems = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    private static readonly string[] Branches = ["子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"];
    private static readonly string[] Zodiacs = ["鼠", "牛", "虎", "兔", "龙", "蛇", "马", "羊", "猴", "鸡", "狗", "猪"];
    private static readonly string[] Months = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
    private static readonly string[] Digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    public static bool IsSupported(DateOnly date) => date >= First && date <= Last;

    public static CalendarDay For(DateOnly date)
    {
        if (!IsSupported(date))
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"Only {First:yyyy-MM-dd} to {Last:yyyy-MM-dd} are supported.");
        }
        var lunar = Lunar(date);
        var gregorian = $"{date.Year}年{date.Month}月{date.Day}日";
        var weekday = Weekdays[(int)date.DayOfWeek];
        return new CalendarDay(
            date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            gregorian,
            weekday,
            lunar,
            Festivals(date, lunar),
            $"{gregorian} {weekday} 农历{lunar.Month}{lunar.Day}");
    }

    /// <summary>
    /// .NET numbers the months of a leap year 1 to 13: the leap month gets the index after the month it repeats
    /// (GetLeapMonth = 3 means 闰二月), and every later month is shifted by one.
    /// </summary>
    public static LunarDate Lunar(DateOnly date)
    {
        var time = date.ToDateTime(TimeOnly.MinValue);
        var year = Lunisolar.GetYear(time);
        var index = Lunisolar.GetMonth(time);
        var day = Lunisolar.GetDayOfMonth(time);
        var leapIndex = Lunisolar.GetLeapMonth(year);
        var isLeap = leapIndex > 0 && index == leapIndex;
        var month = leapIndex > 0 && index >= leapIndex ? index - 1 : index;
        var cycle = Lunisolar.GetSexagenaryYear(time);
        var branch = Lunisolar.GetTerrestrialBranch(cycle);
        return new LunarDate(
            Stems[Lunisolar.GetCelestialStem(cycle) - 1] + Branches[branch - 1],
            Zodiacs[branch - 1],
            (isLeap ? "闰" : "") + Months[month - 1] + "月",
            DayName(day),
            month,
            day,
            isLeap);
    }

    private static string DayName(int day) => day switch
    {
        <= 10 => "初" + Digits[day],
        < 20 => "十" + Digits[day - 10],
        20 => "二十",
        < 30 => "廿" + Digits[day - 20],
        _ => "三十",
    };

    private static List<string> Festivals(DateOnly date, LunarDate lunar)
    {
        var festivals = new List<string>();
        if (!lunar.IsLeapMonth)
        {
            var name = (lunar.MonthNumber, lunar.DayNumber) switch
            {
                (1, 1) => "春节",
                (1, 15) => "元宵",
                (5, 5) => "端午",
                (7, 7) => "七夕",
                (8, 15) => "中秋",
                (9, 9) => "重阳",
                (12, 8) => "腊八",
                _ => null,
            };
            if (name is not null)
            {
                festivals.Add(name);
            }
        }
        // 除夕 is the eve of 春节: the last day of the twelfth month, whether it has 29 or 30 days.
        var next = Lunar(date.AddDays(1));
        if (next is { MonthNumber: 1, DayNumber: 1, IsLeapMonth: false })
        {
            festivals.Add("除夕");
        }
        return festivals;
    }
}
