namespace CmsApi.Channels;

/// <summary>A channel (栏目) in a site's navigation tree.</summary>
/// <param name="Key">Short key, unique in the site, e.g. <c>news</c>.</param>
/// <param name="Name">Display name, e.g. 工作动态.</param>
/// <param name="Parent">The parent channel's key; null at the top level.</param>
/// <param name="Order">Position among its siblings (ascending).</param>
/// <param name="Breadcrumb">The channels from the top level down to this one.</param>
/// <param name="Children">The channels directly below, in order.</param>
/// <param name="Version">Increases with every change; the ETag starts with it (then a hash of the breadcrumb and children), and <c>If-Match</c> needs only it.</param>
/// <param name="UpdateDays">栏目更新周期: the most days it may go without a new article (see <c>…/channel-updates</c>); 0: not checked.</param>
/// <param name="ReviewSteps">栏目级审核: the approvals it asks for before its articles, and those of the channels below it,
/// are published, when more than its site's (the most that the site, the channel and those above it ask for counts); 0:
/// no more than the site's.</param>
public sealed record Channel(string Key, string Name, string? Parent, int Order, IReadOnlyList<ChannelRef> Breadcrumb,
    IReadOnlyList<ChannelRef> Children, long Version, int UpdateDays, int ReviewSteps);

/// <param name="Key">The channel's key.</param>
/// <param name="Name">The channel's name.</param>
public sealed record ChannelRef(string Key, string Name);

/// <summary>A node of the channel tree.</summary>
/// <param name="Key">The channel's key.</param>
/// <param name="Name">The channel's name.</param>
/// <param name="Order">Position among its siblings.</param>
/// <param name="Children">The channels below, in order.</param>
public sealed record ChannelNode(string Key, string Name, int Order, IReadOnlyList<ChannelNode> Children);

/// <summary>A site's channels as its navigation shows them.</summary>
/// <param name="Items">The top-level channels, in order, each with the channels below it.</param>
public sealed record ChannelTree(IReadOnlyList<ChannelNode> Items);

/// <summary>Creates a channel.</summary>
/// <param name="Key">2–40 characters: lowercase letters, digits, '-'.</param>
/// <param name="Name">Display name, 1–50 characters.</param>
/// <param name="Parent">Key of the parent channel, or null for a top-level channel; the tree has at most 8 levels.</param>
/// <param name="Order">Position among its siblings; default 0.</param>
/// <param name="UpdateDays">栏目更新周期 in days (0–3650; default 0, not checked): 14 for 动态要闻, 183 for 通知公告 and 政策文件,
/// 365 for 人事 and 规划计划, as the government site inspections count.</param>
/// <param name="ReviewSteps">栏目级审核 (0–3; default 0): approvals its articles, and those below it, need before they are
/// published, when more than the site asks for (三审 for 通知公告 on a site that is otherwise 一审). A channel may ask for
/// more than its site, never fewer.</param>
public sealed record ChannelInput(string? Key, string? Name, string? Parent, int? Order, int? UpdateDays = null, int? ReviewSteps = null);

/// <summary>Renames or moves a channel: fields left out stay as they are; <c>parent</c> set to <c>""</c> moves it to the top level.</summary>
/// <param name="Name">New display name.</param>
/// <param name="Parent">New parent key; <c>""</c> for the top level. The channel and those below it move along, within the tree's 8 levels.</param>
/// <param name="Order">New position among its siblings.</param>
/// <param name="UpdateDays">New 栏目更新周期 in days (0–3650; 0: not checked).</param>
/// <param name="ReviewSteps">New 栏目级审核 (0–3; 0: no more than the site's). It counts for what is published from then on:
/// a published article stays, and is changed through review (修改稿) once it counts.</param>
public sealed record ChannelChange(string? Name, string? Parent, int? Order, int? UpdateDays = null, int? ReviewSteps = null);
