using System.Text.Json.Serialization;
using CmsApi.Data;

namespace CmsApi.Channels;

/// <summary>How a channel stands against its 栏目更新周期.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChannelUpdateStatus>))]
public enum ChannelUpdateStatus
{
    /// <summary>Updated within its period.</summary>
    Ok,
    /// <summary>应更新未更新: its period has passed since the last article.</summary>
    Overdue,
    /// <summary>空白栏目: no published article in it or below it, whatever its period.</summary>
    Empty,
    /// <summary>Has articles, and no period (updateDays 0).</summary>
    Unchecked,
}

/// <summary>One channel in the 栏目更新 check.</summary>
/// <param name="Key">The channel's key.</param>
/// <param name="Name">The channel's name.</param>
/// <param name="Breadcrumb">From the top level down to the channel.</param>
/// <param name="UpdateDays">Its 栏目更新周期 in days; 0: not checked.</param>
/// <param name="LastPublishedAt">The newest published article in it or below it; null when there is none.</param>
/// <param name="DueAt">When it must have a new article by (the last one and its period); null without a period or articles.</param>
/// <param name="Status">ok, overdue, empty or unchecked.</param>
public sealed record ChannelUpdate(string Key, string Name, IReadOnlyList<ChannelRef> Breadcrumb, int UpdateDays, DateTimeOffset? LastPublishedAt,
    DateTimeOffset? DueAt, ChannelUpdateStatus Status);

/// <summary>
/// 栏目更新: whether each channel of a site was updated within its period, as the government site inspections (政府网站抽查)
/// count it: a channel not updated in time, or a blank one, is a fault of the site.
/// </summary>
/// <param name="CheckedAt">When the check was made, in the site's time zone.</param>
/// <param name="LastPublishedAt">The site's newest published article (首页更新); null when it has none.</param>
/// <param name="Overdue">How many channels are overdue.</param>
/// <param name="Empty">How many channels are blank (空白栏目).</param>
/// <param name="Items">Every channel, in the order of the tree (each followed by those below it).</param>
public sealed record ChannelUpdates(DateTimeOffset CheckedAt, DateTimeOffset? LastPublishedAt, int Overdue, int Empty, IReadOnlyList<ChannelUpdate> Items)
{
    /// <summary>Ten years: the longest period a channel may have.</summary>
    public const int MaxUpdateDays = 3650;

    /// <summary>
    /// The check of <paramref name="channels"/> at <paramref name="now"/>, from each channel's own newest published
    /// article (<paramref name="lastOwn"/>, Unix milliseconds, by channel id): a channel counts the articles below it
    /// too, as its page lists them. Pure.
    /// </summary>
    public static ChannelUpdates Check(SiteChannels channels, IReadOnlyDictionary<long, long> lastOwn, long now)
    {
        var ordered = channels.InTreeOrder();
        var last = new Dictionary<long, long>(lastOwn);
        // deepest first, each channel's newest goes up to its parent: one pass, however deep the tree
        foreach (var row in ordered.Reverse())
        {
            if (row.ParentId is { } parent && last.TryGetValue(row.Id, out var newest) && (!last.TryGetValue(parent, out var theirs) || newest > theirs))
            {
                last[parent] = newest;
            }
        }
        var items = ordered.Select(row =>
        {
            long? newest = last.TryGetValue(row.Id, out var at) ? at : null;
            long? due = newest is { } n && row.UpdateDays > 0 ? n + row.UpdateDays * 86_400_000L : null;
            var status = newest is null ? ChannelUpdateStatus.Empty
                : row.UpdateDays == 0 ? ChannelUpdateStatus.Unchecked
                : due < now ? ChannelUpdateStatus.Overdue
                : ChannelUpdateStatus.Ok;
            return new ChannelUpdate(row.Key, row.Name, channels.Breadcrumb(row.Id), (int)row.UpdateDays, At(newest), At(due), status);
        }).ToList();
        return new ChannelUpdates(UnixTime.InZone(now, channels.Zone), At(lastOwn.Count == 0 ? null : lastOwn.Values.Max()),
            items.Count(i => i.Status == ChannelUpdateStatus.Overdue), items.Count(i => i.Status == ChannelUpdateStatus.Empty), items);

        DateTimeOffset? At(long? ms) => ms is { } value ? UnixTime.InZone(value, channels.Zone) : null;
    }
}
