// Starts CmsApi for a JavaScript test (dotnet run, SQLite in a temporary directory, demo content, a known admin key)
// and stops it. Used by the TypeScript client's test and the reference portal's browser test. CMSAPI_SERVICE names a
// published service's executable to start instead (CI runs them against the build as deployed: the Server profile
// trims the framework, which the .NET tests, running the service in their own process, do not see).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
export const adminKey = "js-test-admin-key-0123456789abcdef";

/** @param {{ env?: Record<string, string> }} [options] */
export async function startService(options = {}) {
  const port = 5180 + Math.floor(Math.random() * 700);
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "cmsapi-js-"));
  const published = process.env.CMSAPI_SERVICE;
  // A published service reads its appsettings*.json from the directory it runs in: its own.
  const [command, args, cwd] = published
    ? [resolve(published), ["--urls", baseUrl], dirname(resolve(published))]
    : ["dotnet", ["run", "--no-launch-profile", "--project", join(root, "src/CmsApi"), "--urls", baseUrl], undefined];
  const child = spawn(command, args, {
    cwd,
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
