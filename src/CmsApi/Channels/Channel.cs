namespace CmsApi.Channels;

/// <summary>A channel (栏目) in a site's navigation tree.</summary>
/// <param name="Key">Short key, unique in the site, e.g. <c>news</c>.</param>
/// <param name="Name">Display name, e.g. 工作动态.</param>
/// <param name="Parent">The parent channel's key; null at the top level.</param>
/// <param name="Order">Position among its siblings (ascending).</param>
/// <param name="Breadcrumb">The channels from the top level down to this one.</param>
/// <param name="Children">The channels directly below, in order, with what a list of them (子栏目) needs to link them.</param>
/// <param name="Version">Increases with every change; the ETag starts with it (then a hash of the breadcrumb and children), and <c>If-Match</c> needs only it.</param>
/// <param name="UpdateDays">栏目更新周期: the most days it may go without a new article (see <c>…/channel-updates</c>); 0: not checked.</param>
/// <param name="ReviewSteps">栏目级审核: the approvals it asks for before its articles, and those of the channels below it,
/// are published, when more than its site's (the most that the site, the channel and those above it ask for counts); 0:
/// no more than the site's.</param>
/// <param name="Description">栏目简介: what the channel holds, for its page and its description meta tag.</param>
/// <param name="LinkUrl">外链栏目: where the navigation links instead of the channel's own page (another site, a service
/// hall); null for a channel of its own.</param>
/// <param name="Hidden">不在导航显示: the channel is left out of the navigation (a home page block such as 图片新闻, a
/// 专题 reached from a banner); its articles are listed and read as any others.</param>
public sealed record Channel(string Key, string Name, string? Parent, int Order, IReadOnlyList<ChannelRef> Breadcrumb,
    IReadOnlyList<ChannelChild> Children, long Version, int UpdateDays, int ReviewSteps, string? Description, string? LinkUrl, bool Hidden);

/// <param name="Key">The channel's key.</param>
/// <param name="Name">The channel's name.</param>
public sealed record ChannelRef(string Key, string Name);

/// <summary>A channel directly below another, as that channel's page lists it.</summary>
/// <param name="Key">The channel's key.</param>
/// <param name="Name">The channel's name.</param>
/// <param name="LinkUrl">外链栏目: where a link to it goes instead of its page; null for its page.</param>
/// <param name="Hidden">不在导航显示: a list of the channels below leaves it out.</param>
public sealed record ChannelChild(string Key, string Name, string? LinkUrl, bool Hidden);

/// <summary>A node of the channel tree.</summary>
/// <param name="Key">The channel's key.</param>
/// <param name="Name">The channel's name.</param>
/// <param name="Order">Position among its siblings.</param>
/// <param name="Children">The channels below, in order.</param>
/// <param name="LinkUrl">外链栏目: where the navigation links instead of the channel's page; null for a channel of its own.</param>
/// <param name="Hidden">不在导航显示: a navigation leaves it (and those below it) out.</param>
public sealed record ChannelNode(string Key, string Name, int Order, IReadOnlyList<ChannelNode> Children, string? LinkUrl, bool Hidden);

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
/// <param name="Description">栏目简介: up to 500 characters of plain text.</param>
/// <param name="LinkUrl">外链栏目: an absolute http(s) URL or a path starting with '/', where the navigation links instead of
/// the channel's own page.</param>
/// <param name="Hidden">不在导航显示 (default false): the channel is left out of the navigation, and listed and read as any other.</param>
public sealed record ChannelInput(string? Key, string? Name, string? Parent, int? Order, int? UpdateDays = null, int? ReviewSteps = null,
    string? Description = null, string? LinkUrl = null, bool? Hidden = null);

/// <summary>Renames or moves a channel: fields left out stay as they are; <c>parent</c> set to <c>""</c> moves it to the top level.</summary>
/// <param name="Name">New display name.</param>
/// <param name="Parent">New parent key; <c>""</c> for the top level. The channel and those below it move along, within the tree's 8 levels.</param>
/// <param name="Order">New position among its siblings.</param>
/// <param name="UpdateDays">New 栏目更新周期 in days (0–3650; 0: not checked).</param>
/// <param name="ReviewSteps">New 栏目级审核 (0–3; 0: no more than the site's). It counts for what is published from then on:
/// a published article stays, and is changed through review (修改稿) once it counts.</param>
/// <param name="Description">New 栏目简介; <c>""</c> for none.</param>
/// <param name="LinkUrl">New 外链 address; <c>""</c> makes it a channel of its own again.</param>
/// <param name="Hidden">Whether the navigation leaves it out.</param>
public sealed record ChannelChange(string? Name, string? Parent, int? Order, int? UpdateDays = null, int? ReviewSteps = null,
    string? Description = null, string? LinkUrl = null, bool? Hidden = null);
