// Runs the client against a live service that this test starts (dotnet run, SQLite in a temporary directory):
// list sites, read the footer, import the reference page, publish it, read it back, edit it with If-Match, count a
// view, create with an Idempotency-Key twice, page a whole list with everyItem, search (in either script).
// The types come from the committed OpenAPI document: if the server answered otherwise, these calls or checks fail.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

// The repository's helper that starts the service (shared with the portal's browser test); run from this package.
const { adminKey, root, startService }: typeof import("../../../tools/live-service.mjs") =
  await import(pathToFileURL(resolve(process.cwd(), "../../tools/live-service.mjs")).href);
import { asText, createCmsClient, everyItem, type Article } from "../src/index.js";

const page = readFileSync(join(root, "src/CmsApi/Demo/legacy-article-page.txt"), "utf8");
const site = `ts${Date.now().toString(36)}`;
let service: Awaited<ReturnType<typeof startService>>;
let baseUrl: string;

before(async () => {
  service = await startService();
  baseUrl = service.baseUrl;
}, { timeout: 240_000 });

after(() => service?.stop());

test("a front end's journey through the typed client", async () => {
  const admin = createCmsClient(baseUrl, { apiKey: adminKey });
  const visitor = createCmsClient(baseUrl, { visitorId: "client-test-visitor" });

  // the demo site is listed, and its footer carries both filings with their official query links
  const sites = await visitor.GET("/api/v1/sites");
  assert.equal(sites.response.status, 200);
  assert.ok(sites.data?.items.some((s) => s.key === "gzsjgdj"));
  const footer = await visitor.GET("/api/v1/sites/{site}/footer", { params: { path: { site: "gzsjgdj" } } });
  const filings = Object.fromEntries(footer.data!.filings.map((f) => [f.kind, f]));
  assert.equal(filings.icp?.number, "粤ICP备14006357号");
  assert.equal(filings.icp?.url, "https://beian.miit.gov.cn/");
  assert.equal(filings.publicSecurity?.number, "粤公网安备 44010402000201号");

  // a new site with a channel, then the reference page imported into it
  const created = await admin.POST("/api/v1/sites", {
    body: { key: site, name: "客户端测试网", domains: ["client.example.gov.cn"], sponsor: "某局", copyright: { holder: "某局" } },
  });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  await admin.POST("/api/v1/sites/{site}/channels", { params: { path: { site } }, body: { key: "news", name: "工作动态" } });
  const imported = await admin.POST("/api/v1/sites/{site}/articles/import", {
    params: { path: { site }, query: { channel: "news" } },
    body: page as never, // the text/plain form of the body
    ...asText,
  });
  assert.equal(imported.response.status, 201, JSON.stringify(imported.error));
  const id = imported.data!.article.id;
  assert.equal(imported.data!.report.viewCount, 1560);

  // drafts are invisible to the public until published
  const hidden = await visitor.GET("/api/v1/sites/{site}/articles/{id}", { params: { path: { site, id: String(id) } } });
  assert.equal(hidden.response.status, 404);
  const published = await admin.POST("/api/v1/sites/{site}/articles/{id}/publish", { params: { path: { site, id } }, body: {} });
  assert.equal(published.data?.status, "published");

  const read = await visitor.GET("/api/v1/sites/{site}/articles/{id}", { params: { path: { site, id: String(id) } } });
  assert.ok(read.response.headers.get("etag"));
  assert.ok(typeof read.data === "object", "JSON unless text is asked for");
  const article: Article = read.data;
  assert.equal(article.title, "固堡垒强基层 抓党建促业务");
  assert.equal(article.body.sections?.[1]?.label, "二、");

  // an edit sends back the ETag it read (typed: PATCH will not compile without If-Match); a stale one is a 412
  const etag = read.response.headers.get("etag")!;
  const edited = await admin.PATCH("/api/v1/sites/{site}/articles/{id}", {
    params: { path: { site, id }, header: { "If-Match": etag } }, body: { subtitle: "——客户端改过的副标题" },
  });
  assert.equal(edited.response.status, 200, JSON.stringify(edited.error));
  assert.equal(edited.data?.subtitle, "——客户端改过的副标题");
  const stale = await admin.PATCH("/api/v1/sites/{site}/articles/{id}", {
    params: { path: { site, id }, header: { "If-Match": etag } }, body: { subtitle: "旧" },
  });
  assert.equal(stale.response.status, 412);

  // a view counts once per visitor
  const first = await visitor.POST("/api/v1/sites/{site}/articles/{id}/views", { params: { path: { site, id } } });
  const reload = await visitor.POST("/api/v1/sites/{site}/articles/{id}/views", { params: { path: { site, id } } });
  assert.deepEqual([first.data?.viewCount, first.data?.counted], [1561, true]);
  assert.deepEqual([reload.data?.viewCount, reload.data?.counted], [1561, false]);

  // a create retried after a timeout, with its Idempotency-Key (a typed header), makes one draft
  const once = { params: { path: { site }, header: { "Idempotency-Key": crypto.randomUUID() } }, body: { channel: "news", title: "只建一次" } };
  const made = await admin.POST("/api/v1/sites/{site}/articles", once);
  const retried = await admin.POST("/api/v1/sites/{site}/articles", once);
  assert.deepEqual([made.response.status, retried.response.status], [201, 201]);
  assert.equal(retried.data?.id, made.data?.id);
  assert.equal(retried.response.headers.get("idempotent-replayed"), "true");

  // a whole list, a page at a time by its cursor: drafts too, with a key that may read them
  for (const title of ["第一篇", "第二篇", "第三篇"]) {
    await admin.POST("/api/v1/sites/{site}/articles", { params: { path: { site } }, body: { channel: "news", title } });
  }
  const drafts = { path: { site }, query: { status: "draft" as const, sort: "newest" as const } };
  const whole = await admin.GET("/api/v1/sites/{site}/articles", { params: { ...drafts, query: { ...drafts.query, limit: 100 } } });
  const paged: number[] = [];
  for await (const item of everyItem((cursor) =>
    admin.GET("/api/v1/sites/{site}/articles", { params: { ...drafts, query: { ...drafts.query, limit: 1, cursor } } }))) {
    paged.push(item.id);
  }
  assert.equal(paged.length, 4); // 只建一次 and the three
  assert.deepEqual(paged, whole.data?.items.map((a) => a.id));
  await assert.rejects(async () => {
    for await (const _ of everyItem((cursor) => visitor.GET("/api/v1/sites/{site}/articles", { params: { ...drafts, query: { ...drafts.query, cursor } } }))) {
      assert.fail("a visitor may not list drafts");
    }
  }, /401/);

  // Chinese search without spaces, with a marked snippet
  const found = await visitor.GET("/api/v1/sites/{site}/articles", { params: { path: { site }, query: { q: "党建" } } });
  assert.deepEqual(found.data?.items.map((a) => a.id), [id]);
  assert.match(found.data?.items[0]?.snippet ?? "", /<mark>党建<\/mark>/);
  // in either script (繁简通搜): typed in traditional characters, marked as written
  const traditional = await visitor.GET("/api/v1/sites/{site}/articles", { params: { path: { site }, query: { q: "黨建" } } });
  assert.deepEqual(traditional.data?.items.map((a) => a.id), [id]);
  assert.match(traditional.data?.items[0]?.snippet ?? "", /<mark>党建<\/mark>/);
});
