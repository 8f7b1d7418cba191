namespace CmsApi.Data;

/// <summary>
/// Times are stored as UTC milliseconds since the Unix epoch (a 64-bit integer) in both engines:
/// SQLite has no timestamp type, and one representation keeps SQL, ordering and cursors identical.
/// </summary>
public static class UnixTime
{
    public static long ToMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? ToMilliseconds(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset InZone(long milliseconds, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), zone);
}
