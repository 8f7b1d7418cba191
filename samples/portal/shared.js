// What every page of the reference portal shares: where the service is, fetching JSON, making elements, the masthead
// (today's date with the lunar date, the site's name), the footer with its filing links, and the page's ready state.
export const params = new URLSearchParams(location.search);
export const api = (params.get("api") ?? "http://localhost:5080").replace(/\/$/, "");
export const site = params.get("site") ?? "gzsjgdj";
export const base = `${api}/api/v1/sites/${encodeURIComponent(site)}`;
export const $ = (id) => document.getElementById(id);

export async function json(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** A link to another page of this portal on the same service and site. */
export function pageLink(text, page, query) {
  return Object.assign(element("a", text), { href: `${page}?${new URLSearchParams({ api, site, ...query })}` });
}

/** A link that leaves the portal (a filing's query page, a 外链 article or channel), in a new tab. */
export function outLink(text, url) {
  return Object.assign(element("a", text), { href: url, target: "_blank", rel: "noopener" });
}

/** A link to an article of a list: its page here, or the address a 外链 article stands for. */
export function articleLink(item) {
  return item.linkUrl ? outLink(item.title, item.linkUrl) : pageLink(item.title, "index.html", { article: item.id });
}

/**
 * The frame every page shares, around its <main>: the masthead (today's date, the site's name), 当前位置, the footer and
 * the line for an error, drawn from the site, today's date and the footer answers; the site's answer is returned.
 */
export async function drawFrame() {
  const main = document.querySelector("main");
  const masthead = element("header", undefined, "masthead");
  masthead.append(Object.assign(element("div", undefined, "today"), { id: "today" }),
    Object.assign(element("div", undefined, "site-name"), { id: "site-name" }));
  const breadcrumb = Object.assign(element("nav", undefined, "breadcrumb"), { id: "breadcrumb" });
  breadcrumb.setAttribute("aria-label", "当前位置");
  main.before(masthead, breadcrumb);
  main.after(Object.assign(element("footer", undefined, "site-footer"), { id: "footer" }));
  const [today, siteInfo, footer] = await Promise.all([json(`${base}/calendar/today`), json(base), json(`${base}/footer`)]);
  $("today").textContent = today.display;
  $("site-name").textContent = siteInfo.name;
  const foot = $("footer");
  const links = new Map(footer.filings.map((f) => [f.number, f.url]));
  for (const text of footer.lines) {
    const row = element("div");
    if (links.has(text)) {
      row.append(outLink(text, links.get(text)));
    } else {
      row.textContent = text;
    }
    foot.append(row);
  }
  return siteInfo;
}

/** 当前位置：首页 > 工作动态 > 部门动态, each channel linking to its list page (channel.html). */
export function drawBreadcrumb(channels) {
  const trail = $("breadcrumb");
  trail.append("当前位置：首页");
  for (const channel of channels) trail.append(" > ", pageLink(channel.name, "channel.html", { channel: channel.key }));
}

/** Draws the page; body[data-state] says ready or failed (the browser test waits for it), and why it failed. */
export function run(draw, what) {
  draw()
    .then(() => document.body.dataset.state = "ready")
    .catch((error) => {
      document.body.append(element("p", `无法加载${what}：${error.message}`, "error"));
      document.body.dataset.state = "failed";
    })
    .finally(() => document.querySelector("main").removeAttribute("aria-busy"));
}
