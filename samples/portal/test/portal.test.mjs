// Drives the reference portal in Debian's headless Chromium (playwright-core; nothing downloads a browser) against a
// live service: the drawn text must be what the API says, and 浏览次数 must rise by one for a new visitor. A screenshot
// of the page is taken; with CMS_UPDATE_SCREENSHOT=1 it replaces docs/portal.png (commit it), else it goes to the
// system's temporary directory, so that a test run leaves the checkout as it was.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const { adminKey, root, startService } = await import(pathToFileURL(resolve(import.meta.dirname, "../../../tools/live-service.mjs")).href);
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };
let service, pages, browser, pageOrigin;

before(async () => {
  // The page is served from its own origin, as a portal would be; the service allows it through Cors:AllowedOrigins.
  pages = createServer(async (request, response) => {
    const file = join(root, "samples/portal", new URL(request.url, "http://x").pathname.replace(/^\/$/, "/index.html"));
    try {
      const content = await readFile(file);
      response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(content);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => pages.listen(0, "127.0.0.1", done));
  pageOrigin = `http://127.0.0.1:${pages.address().port}`;
  service = await startService({ env: { Cors__AllowedOrigins__0: pageOrigin } });
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
}, { timeout: 240_000 });

after(async () => {
  await browser?.close();
  pages?.close();
  await service?.stop();
});

/** Opens a page of the portal (index.html: an article) as a new visitor, once it is drawn. */
async function open(article = 1, path = "index.html", query = { article }) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: "zh-CN" }); // a new visitor
  const page = await context.newPage();
  await page.goto(`${pageOrigin}/${path}?${new URLSearchParams({ api: service.baseUrl, site: "gzsjgdj", ...query })}`);
  await page.waitForSelector("body[data-state=ready]", { timeout: 30_000 });
  return { context, page };
}

const adminHeaders = { Authorization: `Bearer ${adminKey}`, "Content-Type": "application/json" };

/** Creates and publishes an article of the demo site; answers its id. */
async function published(article) {
  const created = await fetch(`${service.baseUrl}/api/v1/sites/gzsjgdj/articles`, { method: "POST", headers: adminHeaders, body: JSON.stringify(article) });
  assert.equal(created.status, 201);
  const { id } = await created.json();
  assert.equal((await fetch(`${service.baseUrl}/api/v1/sites/gzsjgdj/articles/${id}/publish`, { method: "POST", headers: adminHeaders })).status, 200);
  return id;
}

const api = async (path) => (await fetch(`${service.baseUrl}/api/v1${path}`)).json();

test("the portal draws the reference article from the public API", async () => {
  const [today, outline, footer] = await Promise.all([
    api("/sites/gzsjgdj/calendar/today"), api("/sites/gzsjgdj/articles/1/sections"), api("/sites/gzsjgdj/footer"),
  ]);
  const { context, page } = await open();
  const text = (selector) => page.locator(selector).innerText();

  assert.equal(await text("#today"), today.display);
  assert.match(await text("#today"), new RegExp(`农历${today.lunar.month}${today.lunar.day}`));
  assert.equal(await text("#title"), "固堡垒强基层 抓党建促业务");
  assert.match(await text("#subtitle"), /^——市生态环境局推动生态环境工作高质量发展/);
  assert.match(await text("#publish-line"), /^发布时间：2022-05-12 11:23　来源：市生态环境局　浏览次数：1561$/);
  assert.deepEqual(await page.locator("#body h2").allInnerTexts(), outline.map((s) => `${s.label}${s.title}`));
  assert.deepEqual(await page.locator("#body h3").allInnerTexts(),
    outline.flatMap((s) => s.sections.map((c) => `${c.label}${c.title}`)));
  assert.equal(await text("#editor"), "（责任编辑：刘嘉浩）");
  for (const filing of footer.filings) {
    assert.equal(await page.getByRole("link", { name: filing.number }).getAttribute("href"), filing.url);
  }
  assert.deepEqual(await page.locator("#footer > div").allInnerTexts(), footer.lines);
  const screenshot = process.env.CMS_UPDATE_SCREENSHOT === "1" ? join(root, "docs/portal.png") : join(tmpdir(), "cmsapi-portal.png");
  await page.screenshot({ path: screenshot, fullPage: true });

  // the same visitor reloading counts once; a new visitor counts one more
  await page.reload();
  await page.waitForSelector("body[data-state=ready]");
  assert.equal(await text("#view-count"), "浏览次数：1561");
  await context.close();
  const second = await open();
  assert.equal(await second.page.locator("#view-count").innerText(), "浏览次数：1562");
  await second.context.close();
});

test("the portal links 上一篇, 下一篇 and attachments as the API gives them", async () => {
  await published({
    channel: "news", title: "后发的一篇", publishedAt: "2022-06-01T09:00:00+08:00",
    attachments: [{ name: "附件1：申报表.docx", url: "https://www.example.gov.cn/files/1.docx" }],
  });

  const { context, page } = await open(1);
  assert.equal(await page.locator("#newer").innerText(), "上一篇：后发的一篇");
  assert.equal(await page.locator("#older").innerText(), "下一篇：没有了");
  await page.getByRole("link", { name: "后发的一篇" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.equal(await page.locator("#title").innerText(), "后发的一篇");
  assert.equal(await page.getByRole("link", { name: "附件1：申报表.docx" }).getAttribute("href"), "https://www.example.gov.cn/files/1.docx");
  assert.equal(await page.locator("#newer").innerText(), "上一篇：没有了");
  assert.equal(await page.locator("#older").innerText(), "下一篇：固堡垒强基层 抓党建促业务");
  await context.close();
});

test("the portal prints a regulation as laws are printed, 编 and all, below its 政府信息公开 box, its channel its 发文字号", async () => {
  // a code in parts: its 章 start again in each 编, its 条 run through
  const body = {
    numbering: "codeInParts",
    sections: [
      { title: "总则", sections: [{ title: "一般规定", sections: [{ paragraphs: ["为了规范机关事务管理，制定本办法。"] }, { paragraphs: ["下列单位适用本办法："], sections: [{ paragraphs: ["机关；"] }] }] }] },
      { title: "附则", sections: [{ title: "施行", sections: [{ paragraphs: ["本办法自发布之日起施行。"] }] }] },
    ],
  };
  const disclosure = { indexNumber: "11440100/2023-00012", subject: "综合政务", issuingAgency: "某市人民政府办公厅", writtenOn: "2023-05-26", documentNumber: "某府办〔2023〕8号" };
  const id = await published({ channel: "notices", title: "某市机关事务管理办法", publishedAt: "2023-06-01T10:00:00+08:00", body, disclosure });

  const { context, page } = await open(id);
  // a document of 政府信息公开 shows its catalogue above the title, two fields to a row
  assert.deepEqual((await page.locator("#disclosure tr").allInnerTexts()).map((row) => row.replace(/\s+/g, "")),
    ["索引号：11440100/2023-00012主题分类：综合政务", "发文机关：某市人民政府办公厅成文日期：2023年05月26日", "发文字号：某府办〔2023〕8号"]);
  assert.deepEqual(await page.locator("#body h2").allInnerTexts(), ["第一编　总则", "第二编　附则"]);
  assert.deepEqual(await page.locator("#body h3").allInnerTexts(), ["第一章　一般规定", "第一章　施行"]);
  assert.deepEqual(await page.locator("#body p.provision").allInnerTexts(),
    ["第一条　为了规范机关事务管理，制定本办法。", "第二条　下列单位适用本办法：", "（一）机关；", "第三条　本办法自发布之日起施行。"]);
  await context.close();

  // the channel's list shows the document's 发文字号 beside its title, from the list's own items
  const list = await open(undefined, "channel.html", { channel: "notices" });
  const row = list.page.locator("#articles li", { hasText: "某市机关事务管理办法" });
  assert.equal((await row.innerText()).replace(/\s+/g, " "), "某市机关事务管理办法 某府办〔2023〕8号 2023-06-01");
  await list.context.close();
});

test("the channel page lists its pinned articles first, marked, and pages with the list's cursor", async () => {
  const ids = [];
  const reposted = "https://www.news.cn/politics/2023-03/03/c_1129411735.htm"; // a link article (外链)
  for (const [title, day, linkUrl] of [["学习贯彻会议精神", "01"], ["专题党课", "02"], ["读书班开班", "03", reposted]]) {
    ids.push(await published({ channel: "study", title, publishedAt: `2023-03-${day}T09:00:00+08:00`, linkUrl }));
  }
  const pin = await fetch(`${service.baseUrl}/api/v1/sites/gzsjgdj/articles/${ids[0]}/pin`, { method: "POST", headers: adminHeaders, body: "{}" });
  assert.equal(pin.status, 200);
  const firstPage = await api("/sites/gzsjgdj/articles?channel=study&limit=2");

  const { context, page } = await open(undefined, "channel.html", { channel: "study", limit: "2" });
  const rows = () => page.locator("#articles li").allInnerTexts();
  assert.equal(await page.locator("#channel-name").innerText(), "学习园地");
  assert.equal(await page.locator("#breadcrumb").innerText(), "当前位置：首页 > 学习园地");
  assert.deepEqual(firstPage.items.map((item) => item.title), ["学习贯彻会议精神", "读书班开班"]);
  assert.deepEqual((await rows()).map((row) => row.replace(/\s+/g, " ")),
    ["【置顶】 学习贯彻会议精神 2023-03-01", "读书班开班 2023-03-03"]);
  assert.deepEqual(await page.locator("#pages a").allInnerTexts(), ["下一页"]);
  assert.equal(await page.getByRole("link", { name: "读书班开班" }).getAttribute("href"), reposted);

  await page.getByRole("link", { name: "下一页" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.deepEqual((await rows()).map((row) => row.replace(/\s+/g, " ")), ["专题党课 2023-03-02"]);
  assert.deepEqual(await page.locator("#pages a").allInnerTexts(), ["首页"]);

  await page.getByRole("link", { name: "专题党课" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.equal(await page.locator("#title").innerText(), "专题党课");
  await page.getByRole("link", { name: "学习园地" }).click(); // the article's 当前位置 leads back to its channel
  await page.waitForSelector("body[data-state=ready]");
  assert.equal(await page.locator("#channel-name").innerText(), "学习园地");
  await context.close();

  const linked = await open(ids[2]); // the link article's own page, for a reader who comes to it anyway
  assert.equal(await linked.page.getByRole("link", { name: reposted }).getAttribute("href"), reposted);
  await linked.context.close();
});

test("the channel page lists the sub-channels the navigation shows, a 外链栏目 linking to its address", async () => {
  const hall = "https://www.gdzwfw.gov.cn/";
  for (const channel of [{ key: "news-zwfw", name: "政务服务", parent: "news", linkUrl: hall }, { key: "news-tpxw", name: "图片新闻", parent: "news", hidden: true }]) {
    const created = await fetch(`${service.baseUrl}/api/v1/sites/gzsjgdj/channels`, { method: "POST", headers: adminHeaders, body: JSON.stringify(channel) });
    assert.equal(created.status, 201);
  }
  const news = await api("/sites/gzsjgdj/channels/news");

  const { context, page } = await open(undefined, "channel.html", { channel: "news" });
  const shown = news.children.filter((child) => !child.hidden).map((child) => child.name);
  assert.deepEqual(await page.locator("#subchannels a").allInnerTexts(), shown);
  assert.ok(shown.includes("政务服务") && !shown.includes("图片新闻"));
  assert.equal(await page.getByRole("link", { name: "政务服务" }).getAttribute("href"), hall);
  await context.close();
});

test("a 政策文件 and its 解读 list each other under 相关文章, 外链 ones linking to their address", async () => {
  const policy = await published({ channel: "notices", title: "关于印发若干措施的通知", publishedAt: "2022-04-01T09:00:00+08:00" });
  const chart = await published({
    channel: "notices", title: "一图读懂若干措施", publishedAt: "2022-04-02T09:00:00+08:00", linkUrl: "https://www.example.gov.cn/tujie.html",
  });
  const reading = await published({
    channel: "notices", title: "《若干措施》政策解读", publishedAt: "2022-04-02T10:00:00+08:00", related: [policy, chart],
  });

  const { context, page } = await open(reading);
  assert.deepEqual(await page.locator("#related li").allInnerTexts(), ["关于印发若干措施的通知", "一图读懂若干措施"]);
  const related = page.getByRole("region", { name: "相关文章" });
  assert.equal(await related.getByRole("link", { name: "一图读懂若干措施" }).getAttribute("href"), "https://www.example.gov.cn/tujie.html");
  await related.getByRole("link", { name: "关于印发若干措施的通知" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.equal(await page.locator("#title").innerText(), "关于印发若干措施的通知");
  assert.deepEqual(await page.locator("#related li").allInnerTexts(), ["《若干措施》政策解读"]);
  await context.close();

  const unrelated = await open(1);
  assert.equal(await unrelated.page.locator("#related").isHidden(), true);
  await unrelated.context.close();
});

test("the 信息公开目录 lists a channel's documents with the classifications beside them, each leading to its own", async () => {
  const channel = await fetch(`${service.baseUrl}/api/v1/sites/gzsjgdj/channels`, { method: "POST", headers: adminHeaders,
    body: JSON.stringify({ key: "xxgk", name: "政府信息公开" }) });
  assert.equal(channel.status, 201);
  const office = "某市人民政府办公厅", planning = "某市发展和改革局";
  // 成文日期 in another order than 发布时间; the last document has none
  for (const [title, day, disclosure] of [
    ["关于做好政务公开工作的通知", "2023-02-20", { indexNumber: "11440100/2023-00101", subject: "综合政务\\政务公开", issuingAgency: office, writtenOn: "2023-02-10", documentNumber: "某府办〔2023〕3号", validity: "有效" }],
    ["关于印发年度计划的通知", "2023-03-06", { indexNumber: "11440100/2023-00102", subject: "综合政务", issuingAgency: planning, writtenOn: "2023-03-05", documentNumber: "某发改〔2023〕5号", validity: "有效" }],
    ["关于土地储备的办法", "2023-03-10", { indexNumber: "11440100/2023-00103", subject: "国土能源", issuingAgency: office, writtenOn: "2022-12-01", documentNumber: "某府办〔2022〕40号", validity: "废止" }],
    ["关于节能工作的意见", "2023-03-11", { subject: "国土能源", issuingAgency: planning }],
  ]) {
    await published({ channel: "xxgk", title, publishedAt: `${day}T09:00:00+08:00`, disclosure });
  }
  const catalogue = await api("/sites/gzsjgdj/disclosure-catalogue?channel=xxgk");
  const rows = async (page) => (await page.locator("#documents tbody tr").allInnerTexts()).map((row) => row.replace(/\s+/g, " ").trim());

  const { context, page } = await open(undefined, "catalogue.html", { channel: "xxgk", limit: "2" });
  assert.equal(await page.locator("#catalogue-name").innerText(), "政府信息公开 信息公开目录");
  // the classifications as the API counts them, the 主题分类 as a tree
  assert.deepEqual(catalogue.subjects.map((s) => [s.name, s.count]), [["国土能源", 2], ["综合政务", 2]]);
  assert.deepEqual(await page.locator("#subjects > li > a").allInnerTexts(), ["国土能源（2）", "综合政务（2）"]);
  assert.deepEqual(await page.locator("#subjects li li a").allInnerTexts(), ["政务公开（1）"]);
  assert.deepEqual(await page.locator("#agencies a").allInnerTexts(), catalogue.issuingAgencies.map((a) => `${a.name}（${a.count}）`));
  assert.deepEqual(await page.locator("#validities a").allInnerTexts(), ["有效（2）", "废止（1）"]);
  assert.deepEqual(await page.locator("#years a").allInnerTexts(), ["2023年（2）", "2022年（1）"]);
  // the latest 发布时间 first, a page at a time, with how many in all
  assert.match(await page.locator("#sorts").innerText(), /^共 4 条/);
  assert.deepEqual(await rows(page), [
    "关于节能工作的意见",
    "11440100/2023-00103 关于土地储备的办法 某府办〔2022〕40号 2022-12-01",
  ]);
  await page.getByRole("link", { name: "下一页" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.deepEqual((await rows(page)).map((row) => row.split(" ")[1]), ["关于印发年度计划的通知", "关于做好政务公开工作的通知"]);

  // by 成文日期: only the documents that have one, the latest first
  await page.getByRole("link", { name: "首页" }).click();
  await page.waitForSelector("body[data-state=ready]");
  await page.getByRole("link", { name: "成文日期" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.deepEqual((await rows(page)).map((row) => row.split(" ").at(-1)), ["2023-03-05", "2023-02-10"]);
  assert.match(await page.locator("#sorts").innerText(), /^共 3 条/); // by 成文日期: those that have one
  await page.getByRole("link", { name: "下一页" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.deepEqual((await rows(page)).map((row) => row.split(" ").at(-1)), ["2022-12-01"]);

  // a classification leads to its documents, as many as it counts (in the order by 发布时间, which lists them all)
  await page.getByRole("link", { name: "政务公开（1）" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.equal((await page.locator("#chosen").innerText()).replace(/\s+/g, " "), "主题分类：综合政务\\政务公开 全部");
  assert.deepEqual(await rows(page), ["11440100/2023-00101 关于做好政务公开工作的通知 某府办〔2023〕3号 2023-02-10"]);
  await page.getByRole("link", { name: `${planning}（2）` }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.equal((await rows(page)).length, 2);
  await page.getByRole("link", { name: "2022年（1）" }).click();
  await page.waitForSelector("body[data-state=ready]");
  assert.equal((await page.locator("#chosen").innerText()).replace(/\s+/g, " "), "成文年度：2022 全部");
  assert.deepEqual((await rows(page)).map((row) => row.split(" ")[1]), ["关于土地储备的办法"]);
  await context.close();
});
