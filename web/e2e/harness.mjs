// The browser tests' harness: headless Chromium driven by playwright-core,
// sign-in by the links the platform writes to its log, an axe-core audit
// of every page a journey visits, and screenshots of the main pages.
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** The WCAG 2.2 AA rules (and the A rules under them) axe checks. */
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Harness holds the browser and what the journeys share: the address of
 * the platform, its log (where sign-in links appear), the accessibility
 * findings and the screenshot folder.
 */
export class Harness {
  constructor({ base, log, screenshots }) {
    this.base = base.replace(/\/$/, "");
    this.log = log;
    this.screenshots = screenshots;
    this.audited = [];
    this.violations = [];
    this.steps = [];
  }

  async start() {
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    if (this.screenshots) mkdirSync(this.screenshots, { recursive: true });
  }

  async stop() {
    await this.browser?.close();
  }

  /** newPage opens a page in a fresh browser profile: a new person. */
  async newPage() {
    // bypassCSP lets axe-core be injected past the app's script policy.
    const context = await this.browser.newContext({ viewport: { width: 1100, height: 900 }, baseURL: this.base, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    page.on("pageerror", (e) => this.fail(`page error on ${page.url()}: ${e.message}`));
    page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource/.test(m.text())) this.note(`console error on ${page.url()}: ${m.text()}`); });
    return page;
  }

  /** latestLink returns the last sign-in link the platform logged for email. */
  latestLink(email) {
    let link = "";
    for (const line of readFileSync(this.log, "utf8").split("\n")) {
      if (!/msg="?sign-in link/.test(line)) continue;
      const e = /email=("[^"]+"|\S+)/.exec(line);
      const l = /link=("[^"]+"|\S+)/.exec(line);
      if (e && l && e[1].replace(/"/g, "") === email) link = l[1].replace(/"/g, "");
    }
    return link;
  }

  /**
   * signIn signs a person in the way they would: the sign-in page sends a
   * link to their email, and they follow it. With here, the page is
   * already the sign-in page (sent there by the app).
   */
  async signIn(page, email, { here = false } = {}) {
    const before = this.latestLink(email);
    if (!here) await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send me a sign-in link" }).click();
    await page.getByText("We have sent a sign-in link to " + email).waitFor();
    await this.audit(page, "sign-in");
    let link = "";
    for (let i = 0; i < 200 && (!link || link === before); i++) {
      await new Promise((r) => setTimeout(r, 50));
      link = this.latestLink(email);
    }
    if (!link || link === before) throw new Error(`no sign-in link for ${email} in the log`);
    const token = new URL(link).searchParams.get("token");
    await page.goto("/sign-in?token=" + encodeURIComponent(token));
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  }

  /**
   * audit runs axe-core's WCAG 2.2 AA rules on the page as it is now and
   * records any violation; with a name it also keeps a screenshot.
   */
  async audit(page, name, { screenshot = false } = {}) {
    await page.waitForLoadState("networkidle").catch(() => {});
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
    }, wcagTags);
    this.audited.push(name);
    for (const v of result) this.violations.push({ page: name, url: page.url(), ...v });
    if (screenshot && this.screenshots) {
      await page.screenshot({ path: join(this.screenshots, name + ".png"), fullPage: true });
    }
  }

  /** step logs a journey's progress. */
  step(what) {
    this.steps.push(what);
    console.log("  - " + what);
  }

  note(what) {
    console.log("    note: " + what);
  }

  fail(what) {
    this.failures ??= [];
    this.failures.push(what);
    console.log("    FAIL: " + what);
  }
}

/** expect throws when a condition does not hold, saying what was wanted. */
export function expect(ok, what) {
  if (!ok) throw new Error("expected " + what);
}
