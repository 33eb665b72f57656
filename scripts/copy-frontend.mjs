// Copies the browser builds of our npm front-end packages into each app's wwwroot/lib (git-ignored), so pages load
// them from our own origin: no CDN, works offline, one place to pin versions (package.json + package-lock.json).
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = {
  Delivery: [
    ["@microsoft/signalr/dist/browser/signalr.min.js", "signalr/signalr.min.js"],
    ["chart.js/dist/chart.umd.min.js", "chart.js/chart.umd.min.js"],
  ],
  Cms: [
    ["@microsoft/signalr/dist/browser/signalr.min.js", "signalr/signalr.min.js"],
    ["easymde/dist/easymde.min.js", "easymde/easymde.min.js"],
    ["easymde/dist/easymde.min.css", "easymde/easymde.min.css"],
  ],
};
for (const [app, list] of Object.entries(files)) {
  for (const [from, to] of list) {
    const target = join(root, "src", app, "wwwroot", "lib", to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(root, "node_modules", from), target);
  }
}
console.log("front-end packages copied to src/*/wwwroot/lib");
