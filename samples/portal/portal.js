// Draws one article the way the legacy portal printed it, from CmsApi's public API only: header date with the lunar
// date, where it is (当前位置, its channels linked to their lists), a document's 政府信息公开 box, title, subtitle, publish line with source and the
// live view count (counted on load), numbered sections, editor, 相关文章, 上一篇/下一篇, and the footer with copyright and both filing links.
import { $, articleLink, base, drawBreadcrumb, drawFrame, element, json, outLink, params, run } from "./shared.js";

const article = params.get("article") ?? "1";

/** One visitor id per browser, so that a reload within 30 minutes counts once. */
function visitorId() {
  let id = localStorage.getItem("cms-visitor");
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem("cms-visitor", id);
  }
  return id;
}

/**
 * A document's 一、 headings stand alone; （一） and below are drawn as headings one level down, as the legacy page did.
 * A regulation (body.numbering "regulation", "regulationInParts" or "codeInParts") is printed as laws are: 编, 章 and
 * 节, the sections with a title, as headings (第一章　总则); each 条, 项 and 目 as a paragraph led by its number
 * (第一条　为了……, （一）机关；).
 */
function drawSections(sections, level, into, regulation) {
  for (const section of sections ?? []) {
    let paragraphs = section.paragraphs ?? [];
    if (regulation && !section.title) {
      const lead = element("p", undefined, "provision");
      lead.append(element("strong", section.label), `${section.label.endsWith("条") ? "　" : ""}${paragraphs[0] ?? ""}`);
      into.append(lead);
      paragraphs = paragraphs.slice(1);
    } else {
      const heading = regulation ? `${section.label}　${section.title}` : `${section.label}${section.title ?? ""}`;
      into.append(element(`h${Math.min(level + 1, 5)}`, heading, regulation ? "part" : `level-${level}`));
    }
    for (const paragraph of paragraphs) into.append(element("p", paragraph));
    drawSections(section.sections, level + 1, into, regulation);
  }
}

/** 政府信息公开: the catalogue's box above the title, two fields to a row, as disclosure pages print it. */
function drawDisclosure(disclosure) {
  const names = { indexNumber: "索引号", subject: "主题分类", issuingAgency: "发文机关", writtenOn: "成文日期", documentNumber: "发文字号", validity: "有效性" };
  const fields = Object.entries(names).filter(([key]) => disclosure[key])
    .map(([key, name]) => [name, key === "writtenOn" ? disclosure[key].replace(/^(\d{4})-(\d{2})-(\d{2})$/, "$1年$2月$3日") : disclosure[key]]);
  for (let i = 0; i < fields.length; i += 2) {
    const row = element("tr");
    for (const [name, value] of fields.slice(i, i + 2)) row.append(element("th", `${name}：`), element("td", value));
    $("disclosure").append(row);
  }
  $("disclosure").hidden = false;
}

function publishTime(iso) {
  // 2022-05-12T11:23:00+08:00 → 2022-05-12 11:23 (already in the site's time zone)
  return iso.slice(0, 16).replace("T", " ");
}

async function draw() {
  const [siteInfo, doc] = await Promise.all([drawFrame(), json(`${base}/articles/${encodeURIComponent(article)}`)]);
  const [views, adjacent, related, channel] = await Promise.all([
    json(`${base}/articles/${doc.id}/views`, { method: "POST", headers: { "X-Visitor-Id": visitorId() } }),
    json(`${base}/articles/${doc.id}/adjacent`),
    json(`${base}/articles/${doc.id}/related`),
    json(`${base}/channels/${encodeURIComponent(doc.channel)}`),
  ]);
  drawBreadcrumb(channel.breadcrumb);

  document.title = `${doc.title} - ${siteInfo.name}`;
  if (doc.disclosure) drawDisclosure(doc.disclosure);
  if (doc.kicker) Object.assign($("kicker"), { textContent: doc.kicker, hidden: false });
  $("title").textContent = doc.title;
  if (doc.subtitle) Object.assign($("subtitle"), { textContent: `——${doc.subtitle}`, hidden: false });

  // 发布时间：…　来源：…　浏览次数：…, parted by full-width spaces as the legacy page was
  const count = element("span", `浏览次数：${views.viewCount}`);
  count.id = "view-count";
  const parts = [element("span", `发布时间：${publishTime(doc.publishedAt)}`), doc.source && element("span", `来源：${doc.source}`), count];
  for (const [i, part] of parts.filter(Boolean).entries()) $("publish-line").append(...(i ? ["　", part] : [part]));

  const body = $("body");
  if (doc.linkUrl) {
    // a link article (外链): the report is read at its address
    const row = element("p", "原文链接：", "attachment");
    row.append(outLink(doc.linkUrl, doc.linkUrl));
    body.append(row);
  }
  for (const paragraph of doc.body.lead ?? []) body.append(element("p", paragraph));
  drawSections(doc.body.sections, 1, body, (doc.body.numbering ?? "document") !== "document");
  for (const paragraph of doc.body.closing ?? []) body.append(element("p", paragraph));
  for (const file of doc.attachments) {
    const link = Object.assign(element("a", file.name), { href: file.url, download: "" });
    const row = element("p", "附件：", "attachment");
    row.append(link);
    body.append(row);
  }
  if (doc.editor) Object.assign($("editor"), { textContent: `（责任编辑：${doc.editor}）`, hidden: false });

  // 相关文章: those this one names (a 解读's 政策文件), then those naming it (a 政策文件's 解读), each once
  const shown = new Set();
  for (const item of [...related.links, ...related.backlinks].filter((item) => !shown.has(item.id) && shown.add(item.id))) {
    const row = element("li");
    row.append(articleLink(item));
    $("related-list").append(row);
    $("related").hidden = false;
  }

  // 上一篇 is the newer article (above this one in the channel's newest-first list), 下一篇 the older; 没有了 at either end
  for (const [id, label, next] of [["newer", "上一篇：", adjacent.newer], ["older", "下一篇：", adjacent.older]]) {
    $(id).append(label, next ? articleLink(next) : element("span", "没有了"));
  }
}

run(draw, "文章");
