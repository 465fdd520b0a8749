// Measures the web app in headless Chromium against a running platform,
// each figure beside a baseline taken in the same run and the same page:
//   - an answer's autosave round trip (the saveAnswers call as the browser
//     times it) against a bare authenticated GET of /v1/caller;
//   - opening a section page (heading shown, answers loaded) against the
//     same page's two API reads made by hand, and against the browser
//     navigating to a plain-text page of the same server.
// The platform must have been started with ASSURE_BOOTSTRAP_ADMIN_PASSWORD;
// the script builds its own audit through the REST API.
//   ASSURE_BASE_URL, ASSURE_LOG, ASSURE_ADMIN_PASSWORD, ASSURE_BENCH_N (default 40)
import { Harness } from "./harness.mjs";

const base = (process.env.ASSURE_BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const n = Number(process.env.ASSURE_BENCH_N || 40);
let token = "";

async function api(method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: "Bearer " + token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j)}`);
  return j;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const p90 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))];
};

token = (await api("POST", "/v1/signIn:password", { email: "admin@localhost", password: process.env.ASSURE_ADMIN_PASSWORD })).accessToken;
await api("POST", "/v1/partnerships?partnershipId=bench", { displayName: "Bench partnership", hub: "hubs/default" });
await api("POST", "/v1/organisations?organisationId=bench-org", { displayName: "Bench organisation", type: "ORGANISATION_TYPE_POLICE", partnerships: ["partnerships/bench"] });
await api("POST", "/v1/people?personId=bench-lead", { email: "lead@bench.example.org", displayName: "Bench lead" });
await api("POST", "/v1/people/bench-lead/memberships", { role: "ROLE_ORGANISATION_LEAD", organisation: "organisations/bench-org" });
const grades = { grades: ["red", "amber", "green"].map((v, i) => ({ value: v, label: v, score: i + 1, meaning: "Meaning of " + v })) };
const sections = Array.from({ length: 5 }, (_, s) => ({
  code: "S" + (s + 1), title: "Section " + (s + 1), guidance: "Guidance for section " + (s + 1),
  questions: Array.from({ length: 10 }, (_, q) => q % 2
    ? { key: `q${s}_${q}`, text: `Question ${s}.${q}`, required: true, textAnswer: { maxLength: 2000, multiline: true } }
    : { key: `q${s}_${q}`, text: `Question ${s}.${q}`, required: true, rating: grades }),
}));
const t = await api("POST", "/v1/partnerships/bench/templates?templateId=bench", { displayName: "Bench", kind: "TEMPLATE_KIND_SECTION_11", sections });
const v = await api("POST", "/v1/partnerships/bench/templates/bench:publish", { etag: t.etag });
await api("POST", "/v1/partnerships/bench/campaigns?campaignId=bench", { displayName: "Bench audit", templateVersion: v.name,
  organisations: ["organisations/bench-org"], dueTime: new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 19) + "Z" });
await api("POST", "/v1/partnerships/bench/campaigns/bench:launch", {});
const submission = "partnerships/bench/campaigns/bench/submissions/bench-org";

const h = new Harness({ base, log: process.env.ASSURE_LOG });
await h.start();
const page = await h.newPage();
await h.signIn(page, "lead@bench.example.org");
const sectionPath = `/respond/${submission}/-/section/S1`;
await page.goto(sectionPath);
await page.getByRole("heading", { name: "S1. Section 1" }).waitFor();

// Baseline: an authenticated GET from the same page.
const baseline = await page.evaluate(async (n) => {
  const tok = JSON.parse(localStorage.getItem("assure.token")).accessToken;
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await (await fetch("/v1/caller", { headers: { Authorization: "Bearer " + tok } })).text();
    out.push(performance.now() - t0);
  }
  return out;
}, n);

// Autosave: click a grade, wait for "saved", read the saveAnswers timing.
const saves = [];
const choices = ["red", "amber", "green"];
for (let i = 0; i < n; i++) {
  await page.evaluate(() => performance.clearResourceTimings());
  await page.getByRole("group", { name: "Question 0.0" }).getByLabel(choices[i % 3], { exact: true }).check();
  await page.locator('[data-save-state="saved"]').waitFor();
  const d = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.includes(":saveAnswers")).map((e) => e.duration));
  if (d.length) saves.push(d[d.length - 1]);
}

// Opening the section page against reading what it shows by hand.
const reads = await page.evaluate(async ({ n, submission }) => {
  const tok = JSON.parse(localStorage.getItem("assure.token")).accessToken;
  const h = { headers: { Authorization: "Bearer " + tok } };
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const s = await (await fetch("/v1/" + submission, h)).json();
    await (await fetch("/v1/" + s.templateVersion, h)).json();
    out.push(performance.now() - t0);
  }
  return out;
}, { n, submission });
const navs = [];
for (let i = 0; i < Math.min(n, 20); i++) {
  await page.goto("/audits");
  await page.getByRole("heading", { name: "My audits" }).waitFor();
  const t0 = Date.now();
  await page.goto("/healthz");
  navs.push(Date.now() - t0);
}
const opens = [];
for (let i = 0; i < Math.min(n, 20); i++) {
  await page.goto("/audits");
  await page.getByRole("heading", { name: "My audits" }).waitFor();
  const t0 = Date.now();
  await page.goto(sectionPath);
  await page.getByRole("group", { name: "Question 0.0" }).waitFor();
  opens.push(Date.now() - t0);
}
await h.stop();

const row = (what, xs, base) => `| ${what} | ${median(xs).toFixed(1)} ms | ${p90(xs).toFixed(1)} ms | ${(median(xs) / median(base)).toFixed(2)} |`;
console.log(`| measure (n=${n}) | median | p90 | ratio to its baseline |`);
console.log("|---|---|---|---|");
console.log(row("baseline: GET /v1/caller from the page", baseline, baseline));
console.log(row("autosave: saveAnswers of one answer", saves, baseline));
console.log(row("baseline: the section's two reads by hand", reads, reads));
console.log(row("opening a section page (10 of the 50 questions) until shown", opens, reads));
console.log(row("baseline: navigating to a plain-text page (/healthz)", navs, navs));
console.log(row("opening a section page (10 of the 50 questions) until shown", opens, navs));
if (h.violations.length) console.log(`axe: ${h.violations.length} violations`);
