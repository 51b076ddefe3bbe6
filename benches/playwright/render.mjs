// The Playwright side of benches/render.rs: the same render-and-compare as
// parity's, on the same Chromium. One browser, a pool of CONCURRENCY tabs;
// every request intercepted and mutating methods aborted; each page left
// until network idle (500 ms without a request); its title, visible text
// and accessibility tree read; every route compared with a not-found sample
// rendered under the same prefix first, as parity does.
// Usage: node render.mjs BROWSER CONCURRENCY URL... ; prints elapsed ms.
import { chromium } from "playwright-core";

const [browserPath, concurrencyText, ...urls] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--block-new-web-contents", "--deny-permission-prompts"],
});
const context = await browser.newContext({ serviceWorkers: "block", acceptDownloads: false });
await context.route("**/*", (route) => {
  const method = route.request().method();
  return ["GET", "HEAD", "OPTIONS"].includes(method) ? route.continue() : route.abort("blockedbyclient");
});

async function render(url) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "networkidle", timeout: 15000 });
    const [title, text] = await page.evaluate(() => [document.title, document.body.innerText]);
    const tree = await page.locator("body").ariaSnapshot();
    return { title, text: text.replaceAll(new URL(url).pathname, ""), tree };
  } finally {
    await page.close();
  }
}

async function pool(items, work) {
  const results = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const item = items[next++];
      results.set(item, await work(item));
    }
  }));
  return results;
}

const started = performance.now();
const prefix = (url) => url.slice(0, url.lastIndexOf("/") + 1);
const samples = await pool([...new Set(urls.map((url) => `${prefix(url)}parity-not-found-sample`))], render);
const verdicts = await pool(urls, async (url) => {
  const page = await render(url);
  const sample = samples.get(`${prefix(url)}parity-not-found-sample`);
  return page.title === sample.title && page.text === sample.text ? "soft-missing"
    : "present";
});
const elapsed = Math.round(performance.now() - started);
if (verdicts.size !== new Set(urls).size) {
  throw new Error("a route was not rendered");
}
console.log(elapsed);
await browser.close();
