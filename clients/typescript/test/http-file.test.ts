// Runs requests/cmsapi.http top to bottom against a live service, as VS Code's REST Client would: file variables
// (@name = value), named requests (# @name) and their answers ({{name.response.body.$.path}},
// {{name.response.headers.Name}}); each request must answer its `# expect:` status.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const { adminKey, root, startService }: typeof import("../../../tools/live-service.mjs") =
  await import(pathToFileURL(resolve(process.cwd(), "../../tools/live-service.mjs")).href);

interface Request { title: string; name?: string; expect: number; method: string; url: string; headers: [string, string][]; body: string }

/** The requests of a .http file, and its file variables. */
function parse(text: string): { variables: Map<string, string>; requests: Request[] } {
  const [preamble, ...blocks] = text.split(/^###/m);
  const variables = new Map([...preamble!.matchAll(/^@(\w+)\s*=\s*(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
  const requests = blocks.map((block) => {
    const lines = block.split("\n");
    const title = lines.shift()!.trim();
    const comments = lines.filter((l) => l.startsWith("#"));
    const rest = lines.filter((l) => !l.startsWith("#"));
    while (rest[0]?.trim() === "") rest.shift();
    const [method, url] = rest.shift()!.split(" ") as [string, string];
    const headers: [string, string][] = [];
    while (rest.length > 0 && rest[0]!.trim() !== "") {
      const line = rest.shift()!;
      headers.push([line.slice(0, line.indexOf(":")).trim(), line.slice(line.indexOf(":") + 1).trim()]);
    }
    const name = comments.map((c) => /^# @name (\w+)/.exec(c)?.[1]).find(Boolean);
    const expect = Number(comments.map((c) => /^# expect: (\d+)/.exec(c)?.[1]).find(Boolean));
    return { title, name, expect, method, url, headers, body: rest.join("\n").trim() };
  });
  return { variables, requests };
}

let service: Awaited<ReturnType<typeof startService>>;
before(async () => { service = await startService(); }, { timeout: 240_000 });
after(() => service?.stop());

test("every request of requests/cmsapi.http answers as it says", async () => {
  const { variables, requests } = parse(readFileSync(join(root, "requests/cmsapi.http"), "utf8"));
  variables.set("base", `${service.baseUrl}/api/v1`);
  variables.set("key", adminKey);
  const answers = new Map<string, { body: unknown; headers: Headers }>();
  const fill = (text: string): string => text.replace(/\{\{([^}]+)\}\}/g, (_, expression: string) => {
    const [name, , part, ...path] = expression.trim().split(".");
    if (part === undefined) return fill(variables.get(name!) ?? assert.fail(`no variable ${name}`));
    const answer = answers.get(name!) ?? assert.fail(`no answer named ${name}`);
    if (part === "headers") return answer.headers.get(path.join(".")) ?? assert.fail(`${name} has no ${path} header`);
    let value: unknown = answer.body; // body.$.a.b
    for (const key of path.slice(1)) value = (value as Record<string, unknown>)[key];
    return String(value);
  });

  assert.ok(requests.length >= 39, "a request per route");
  for (const request of requests) {
    const response = await fetch(fill(request.url), {
      method: request.method,
      headers: request.headers.map(([k, v]) => [k, fill(v)] as [string, string]),
      body: request.body ? fill(request.body) : undefined,
    });
    const text = await response.text();
    assert.equal(response.status, request.expect, `${request.title}: ${response.status} ${text.slice(0, 300)}`);
    if (request.name) {
      answers.set(request.name, { body: text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text, headers: response.headers });
    }
  }
});
