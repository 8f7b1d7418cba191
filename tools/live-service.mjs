// Starts CmsApi for a JavaScript test (dotnet run, SQLite in a temporary directory, demo content, a known admin key)
// and stops it. Used by the TypeScript client's test and the reference portal's browser test.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
export const adminKey = "js-test-admin-key-0123456789abcdef";

/** @param {{ env?: Record<string, string> }} [options] */
export async function startService(options = {}) {
  const port = 5180 + Math.floor(Math.random() * 700);
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "cmsapi-js-"));
  const child = spawn("dotnet", ["run", "--no-launch-profile", "--project", join(root, "src/CmsApi"), "--urls", baseUrl], {
    env: {
      ...process.env, ASPNETCORE_ENVIRONMENT: "Development", Demo__Seed: "true", RateLimiting__Enabled: "false",
      ConnectionStrings__Cms: `Data Source=${join(dataDir, "cms.db")}`, CMS_BOOTSTRAP_ADMIN_KEY: adminKey, ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((done) => (child.exitCode !== null ? done() : child.once("exit", done)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) return { baseUrl, stop };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error("CmsApi did not become ready");
}
