// Draws a channel page (栏目页) from CmsApi's public API only: the channel's name and where it is, its child channels
// (those the navigation shows, a 外链栏目 linking to its address), and its articles (and those of the channels below it)
// newest first, the pinned ones (置顶) at the top, marked, each with its publish date (and a document its 发文字号), a link article (外链) leading to its address; 下一页 follows the list's cursor, 首页 goes back to
// the first page.
import { $, articleLink, base, drawBreadcrumb, drawFrame, element, json, outLink, pageLink, params, run } from "./shared.js";

const channelKey = params.get("channel") ?? "news";
const limit = params.get("limit") ?? "20";
const cursor = params.get("cursor");

async function draw() {
  const query = new URLSearchParams({ channel: channelKey, limit, ...(cursor ? { cursor } : {}) });
  const [siteInfo, channel, page] = await Promise.all([
    drawFrame(), json(`${base}/channels/${encodeURIComponent(channelKey)}`), json(`${base}/articles?${query}`),
  ]);
  document.title = `${channel.name} - ${siteInfo.name}`;
  $("channel-name").textContent = channel.name;
  drawBreadcrumb(channel.breadcrumb);
  // 子栏目 as the navigation shows them: none left out of it (hidden), a 外链栏目 leading to its address
  const shown = channel.children.filter((child) => !child.hidden);
  if (shown.length > 0) {
    const children = $("subchannels");
    for (const child of shown) {
      children.append(child.linkUrl ? outLink(child.name, child.linkUrl) : pageLink(child.name, "channel.html", { channel: child.key }));
    }
    children.hidden = false;
  }

  const list = $("articles");
  for (const item of page.items) {
    const row = element("li");
    if (item.pinned) row.append(element("span", "【置顶】", "pinned"));
    // the date as the site shows it: publishedAt is already in the site's time zone
    // a link article (外链) leads to its address; any other to its page here
    row.append(articleLink(item));
    // a document of 政府信息公开 shows its 发文字号 beside its title, as a 信息公开目录 does
    if (item.disclosure?.documentNumber) row.append(element("span", item.disclosure.documentNumber, "document-number"));
    row.append(element("span", item.publishedAt.slice(0, 10), "date"));
    list.append(row);
  }
  if (page.items.length === 0) list.append(element("li", "暂无文章", "empty"));

  const pages = $("pages");
  if (cursor) pages.append(pageLink("首页", "channel.html", { channel: channelKey, limit }));
  if (page.nextCursor) pages.append(pageLink("下一页", "channel.html", { channel: channelKey, limit, cursor: page.nextCursor }));
}

run(draw, "栏目");
