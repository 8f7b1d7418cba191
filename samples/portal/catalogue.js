// Draws a 信息公开目录 (政府信息公开目录) from CmsApi's public API only: the documents of a channel (and those below it), or of
// the whole site, as a table of 索引号, 标题, 发文字号 and 成文日期, the latest 发布时间 first, or by 成文日期 (sort=written
// here, the list's sort=newest-written, which leaves out documents without one); beside it the classifications
// (…/disclosure-catalogue): the 主题分类 tree, the 发文机关, the 有效性 and the years of 成文日期, each with how many
// documents it has and linking to the table of those (the list's subject=, issuingAgency=, validity= or a year's
// writtenFrom= and writtenTo=, whose count is the same). 下一页 follows the list's cursor, 首页 goes back to the first page.
import { $, articleLink, base, drawBreadcrumb, drawFrame, element, json, pageLink, params, run } from "./shared.js";

const channelKey = params.get("channel");
const limit = params.get("limit") ?? "20";
const cursor = params.get("cursor");
// the one classification chosen, how the page names it, and the list's filter of it (a year is a span of 成文日期)
const filters = [["subject", "主题分类"], ["issuingAgency", "发文机关"], ["validity", "有效性"], ["year", "成文年度"]];
const [filter, filterName] = filters.find(([name]) => params.has(name)) ?? [];
const where = { ...(channelKey ? { channel: channelKey } : {}) };
const chosen = filter ? { ...where, [filter]: params.get(filter) } : where;
const listFilter = filter === "year"
  ? { ...where, writtenFrom: `${params.get("year")}-01-01`, writtenTo: `${params.get("year")}-12-31` }
  : chosen;
const byWritten = params.get("sort") === "written";
const order = byWritten ? { sort: "written" } : {};

/** An entry of the classifications: its name and count, linking to the table of its documents in the order by 发布时间,
 *  which lists as many as it counts (the order by 成文日期 leaves out those without one). */
function entry(name, count, query) {
  const item = element("li");
  item.append(pageLink(`${name}（${count}）`, "catalogue.html", { ...where, ...query }));
  return item;
}

/** The 主题分类 tree, each level in a list of its own below its parent. */
function drawSubjects(list, subjects) {
  for (const subject of subjects) {
    const item = entry(subject.name, subject.count, { subject: subject.subject });
    if (subject.below.length > 0) {
      const below = element("ul");
      drawSubjects(below, subject.below);
      item.append(below);
    }
    list.append(item);
  }
}

async function draw() {
  const query = new URLSearchParams({ ...listFilter, sort: byWritten ? "newest-written" : "newest", limit, total: "true", ...(cursor ? { cursor } : {}) });
  const [siteInfo, channel, catalogue, page] = await Promise.all([
    drawFrame(),
    channelKey ? json(`${base}/channels/${encodeURIComponent(channelKey)}`) : null,
    json(`${base}/disclosure-catalogue?${new URLSearchParams(where)}`),
    json(`${base}/articles?${query}`),
  ]);
  document.title = `政府信息公开目录 - ${siteInfo.name}`;
  if (channel) {
    $("catalogue-name").textContent = `${channel.name} 信息公开目录`;
    drawBreadcrumb(channel.breadcrumb);
  }
  drawSubjects($("subjects"), catalogue.subjects);
  for (const agency of catalogue.issuingAgencies) $("agencies").append(entry(agency.name, agency.count, { issuingAgency: agency.name }));
  for (const validity of catalogue.validities) $("validities").append(entry(validity.name, validity.count, { validity: validity.name }));
  for (const year of catalogue.years) $("years").append(entry(`${year.year}年`, year.count, { year: year.year }));
  if (filter) {
    const line = $("chosen");
    line.append(`${filterName}：${params.get(filter)}　`, pageLink("全部", "catalogue.html", where));
    line.hidden = false;
  }

  const rows = $("documents").tBodies[0];
  for (const item of page.items) {
    const row = element("tr");
    const title = element("td");
    title.append(articleLink(item));
    const { indexNumber, documentNumber, writtenOn } = item.disclosure ?? {};
    row.append(element("td", indexNumber ?? "", "index-number"), title, element("td", documentNumber ?? "", "document-number"),
      element("td", writtenOn ?? "", "date"));
    rows.append(row);
  }
  if (page.items.length === 0) {
    const none = Object.assign(element("td", "暂无文件", "empty"), { colSpan: 4 });
    const row = element("tr");
    row.append(none);
    rows.append(row);
  }
  // the other order, from its first page, after how many documents the table holds in all
  const sorts = $("sorts");
  sorts.append(`共 ${page.total}${page.totalExact ? "" : " 多"} 条　排序：`, byWritten ? pageLink("发布时间", "catalogue.html", { ...chosen, limit }) : element("span", "发布时间", "current"), "　",
    byWritten ? element("span", "成文日期", "current") : pageLink("成文日期", "catalogue.html", { ...chosen, limit, sort: "written" }));

  const pages = $("pages");
  if (cursor) pages.append(pageLink("首页", "catalogue.html", { ...chosen, ...order, limit }));
  if (page.nextCursor) pages.append(pageLink("下一页", "catalogue.html", { ...chosen, ...order, limit, cursor: page.nextCursor }));
}

run(draw, "信息公开目录");
