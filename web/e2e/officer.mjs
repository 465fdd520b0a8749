// The business unit's half of the browser journey: the hub admin sets up a
// partnership, its organisation and people, builds and publishes a
// template, sets up, launches and chases a campaign; the QA officer
// returns the police's return with a comment, accepts it once answered,
// and reads the report and its exports. Everything goes through the pages,
// found by their roles and labels as a person would find them.
import { expect } from "./harness.mjs";

const north = "partnerships/north";
const partnershipName = "Northshire Safeguarding Children Partnership";
const campaign = "partnerships/north/campaigns/s11-2026";
const submission = campaign + "/submissions/police";
const planText = "What will you do to improve?";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** until reloads the page until check passes, for the read models filled by events. */
async function until(page, what, check, { tries = 60, wait = 500 } = {}) {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await sleep(wait);
    await page.reload();
    await page.locator("main h1").first().waitFor();
  }
  throw new Error("timed out waiting for " + what);
}

const h1 = (page, name) => page.getByRole("heading", { level: 1, name }).waitFor();

async function addQuestion(h, page, section, q) {
  await page.getByRole("button", { name: "Add a question to " + section }).click();
  await h1(page, "Add a question to " + section);
  await page.getByLabel("Question key").fill(q.key);
  await page.getByLabel("Question text").fill(q.text);
  await page.getByLabel("Type of answer").selectOption({ label: q.type });
  const required = page.getByLabel("An answer is required");
  if ((await required.isChecked()) !== !!q.required) await required.setChecked(!!q.required);
  if (q.actionRow) await page.getByLabel("Creates an action row").check();
  await page.getByRole("button", { name: "Save question" }).click();
  await page.getByRole("table", { name: "Questions in " + section }).getByRole("rowheader", { name: q.text, exact: true }).waitFor();
}

async function addSection(page, code, title, guidance) {
  await page.getByRole("button", { name: "Add a section" }).click();
  await h1(page, "Add a section");
  await page.getByLabel("Section code").fill(code);
  await page.getByLabel("Section title").fill(title);
  if (guidance) await page.getByLabel("Guidance for respondents (optional)").fill(guidance);
  await page.getByRole("button", { name: "Save section" }).click();
  await page.getByRole("heading", { level: 2, name: `${code}: ${title}` }).waitFor();
}

/**
 * setUp: the hub admin creates the partnership, its police, people and
 * the Section 11 template, then sets up, launches and chases the campaign.
 */
export async function setUp(h) {
  const adminEmail = "admin@localhost";
  const page = await h.newPage();
  h.step("the hub admin signs in and adds the partnership");
  await h.signIn(page, adminEmail);
  await page.goto("/partnerships");
  await h1(page, "Partnerships");
  await h.audit(page, "partnerships", { screenshot: true });
  await page.getByLabel("Partnership name").fill(partnershipName);
  await page.getByLabel("Partnership ID").fill("north");
  await page.getByRole("button", { name: "Add partnership" }).click();
  await page.getByRole("link", { name: "Open " + partnershipName }).click();
  await h1(page, partnershipName);
  expect(new URL(page.url()).pathname === "/partnership/" + north, "the partnership's page at /partnership/" + north);

  h.step("adds Northshire Police to the partnership");
  await page.getByLabel("Organisation name").fill("Northshire Police");
  await page.getByLabel("Organisation ID").fill("police");
  await page.getByLabel("Type of organisation").selectOption({ label: "Police" });
  expect(await page.getByRole("group", { name: "Partnerships it belongs to" }).getByLabel(partnershipName).isChecked(),
    "the partnership ticked for its new organisation");
  await page.getByRole("button", { name: "Add organisation" }).click();
  await page.getByText("Northshire Police was added.").waitFor();
  await page.getByRole("table", { name: "Organisations in this partnership" }).getByText("Northshire Police").waitFor();

  h.step("gives the lead, the helper and the QA officer their roles");
  const people = [
    ["Pat Lead", "lead@police.example.org", "Organisation lead", true],
    ["Sam Helper", "helper@police.example.org", "Contributor", true],
    ["Quinn QA", "qa@north.example.org", "QA officer", false],
  ];
  for (const [name, email, role, org] of people) {
    await page.getByLabel("Full name").fill(name);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("group", { name: "Role" }).getByLabel(role, { exact: true }).check();
    if (org) await page.getByLabel("Organisation they answer for").selectOption({ label: "Northshire Police" });
    await page.getByRole("button", { name: "Give role" }).click();
    await page.getByText(`${name} is now ${role.toLowerCase()} of ${org ? "Northshire Police" : "this partnership"}.`).waitFor();
    await page.getByRole("table", { name: "People and their roles" }).getByRole("cell", { name: email }).waitFor();
  }
  await h.audit(page, "partnership", { screenshot: true });

  h.step("creates the Section 11 template and builds it in the builder");
  await page.getByLabel("Template name").fill("Section 11 self-assessment");
  await page.getByLabel("Template ID").fill("s11");
  await page.getByLabel("Kind of audit").selectOption({ label: "Section 11 self-assessment" });
  await page.getByRole("button", { name: "Create template" }).click();
  await h1(page, "Section 11 self-assessment");
  expect(new URL(page.url()).pathname === "/template/" + north + "/templates/s11", "the builder of the new template");
  await h.audit(page, "template-builder-empty");

  await addSection(page, "S1", "Leadership and accountability", "Senior leaders are accountable for safeguarding children.");

  h.step("a question without a key or text is refused, field by field");
  await page.getByRole("button", { name: "Add a question to S1" }).click();
  await h1(page, "Add a question to S1");
  await page.getByRole("button", { name: "Save question" }).click();
  const summary = page.locator(".govuk-error-summary");
  await summary.getByText("There is a problem").waitFor();
  expect(await summary.getByRole("link").count() >= 2, "the error summary to name the key and the text");
  expect(await page.locator(".govuk-form-group--error").count() >= 2, "inline errors beside the key and the text");
  for (const link of await summary.getByRole("link").all()) {
    const target = await link.getAttribute("href");
    expect((await page.locator(target).count()) === 1, "the error summary's link " + target + " to lead to its field");
  }
  await summary.getByRole("link", { name: /question key/ }).click();
  expect(await page.getByLabel("Question key").evaluate((e) => e === document.activeElement), "the key's error link to move focus to the key");
  await h.audit(page, "template-question-errors", { screenshot: true });
  await page.getByRole("link", { name: "Back to the template" }).click();
  await h1(page, "Section 11 self-assessment");

  await addQuestion(h, page, "S1", { key: "q_rating", text: "How well does your organisation meet this standard?", type: "Rating scale (Red, Amber, Green)", required: true });
  await addQuestion(h, page, "S1", { key: "q_plan", text: planText, type: "Text", required: true, actionRow: true });
  await addSection(page, "S2", "Safer recruitment");
  await addQuestion(h, page, "S2", { key: "q_dbs", text: "Are all staff checked by the Disclosure and Barring Service?", type: "Yes or no", required: true });
  await addQuestion(h, page, "S2", { key: "q_declare", text: "I confirm these answers are accurate", type: "Declaration to confirm", required: false });
  const s1 = page.getByRole("table", { name: "Questions in S1" });
  expect(await s1.getByText("Rating: Not met, Partly met, Fully met").count() === 1, "the Red/Amber/Green preset on q_rating");
  expect(await s1.getByText("Long text; creates an action row").count() === 1, "q_plan as long text with an action row");
  await h.audit(page, "template-builder", { screenshot: true });

  h.step("previews the template as respondents will see it");
  await page.getByRole("button", { name: "Preview" }).click();
  await h1(page, "Section 11 self-assessment");
  await page.getByRole("group", { name: "How well does your organisation meet this standard?" }).getByLabel("Partly met").waitFor();
  await page.getByLabel(planText).waitFor();
  await h.audit(page, "template-preview", { screenshot: true });
  await page.getByRole("link", { name: "Back to the template" }).first().click();

  h.step("publishes version 1");
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByText("Version 1 of Section 11 self-assessment is published.").waitFor();
  await h.audit(page, "template-published");

  h.step("sets up the campaign for the police, due in about 60 days, with QA");
  await page.getByRole("link", { name: "Set up a campaign with it" }).click();
  await h1(page, "Set up a campaign");
  await page.getByLabel("Campaign name").fill("Section 11 audit 2026");
  await page.getByLabel("Campaign ID").fill("s11-2026");
  await page.getByLabel("Template version").selectOption({ label: "Section 11 self-assessment, version 1" });
  await page.getByLabel("Northshire Police").check();
  const due = new Date(Date.now() + 60 * 24 * 3600 * 1000);
  await page.getByLabel("Day").fill(String(due.getDate()));
  await page.getByLabel("Month").fill(String(due.getMonth() + 1));
  await page.getByLabel("Year").fill(String(due.getFullYear()));
  expect(await page.getByLabel("Returns go to QA review").isChecked(), "QA review on by default");
  await h.audit(page, "campaign-setup", { screenshot: true });
  await page.getByRole("button", { name: "Create campaign" }).click();
  await h1(page, "Section 11 audit 2026");
  expect(new URL(page.url()).pathname === "/campaign/" + campaign, "the new campaign's dashboard");
  await page.getByText("Draft", { exact: true }).waitFor();

  h.step("launches it");
  await page.getByRole("button", { name: "Launch campaign" }).click();
  await page.getByText("The campaign is launched.").waitFor();
  await page.getByText("Open", { exact: true }).waitFor();

  h.step("chases the police's outstanding return and sees who was chased");
  await until(page, "the police's return outstanding", () => page.getByRole("button", { name: "Chase now" }).isVisible());
  await page.getByText("1 return is outstanding: Northshire Police.").waitFor();
  await page.getByRole("button", { name: "Chase now" }).click();
  await page.getByText(/reminders? (was|were) sent to Northshire Police\./).waitFor();
  try {
    await until(page, "the reminder in the deliveries", () => page.getByRole("table", { name: "Reminders sent" }).isVisible(), { tries: 20 });
  } catch {
    h.note("the reminder sent was not listed under Reminders sent within 10 s");
  }
  await h.audit(page, "campaign-dashboard", { screenshot: true });

  return {
    partnership: north,
    campaign,
    submission,
    leadEmail: "lead@police.example.org",
    helperEmail: "helper@police.example.org",
    qaEmail: "qa@north.example.org",
    adminEmail,
    admin: page,
  };
}

/** openReview opens the police's return from the campaign dashboard. */
async function openReview(h, page, state) {
  await page.goto("/campaign/" + state.campaign);
  await h1(page, "Section 11 audit 2026");
  const returns = page.getByRole("table", { name: "Returns", exact: true });
  await until(page, "the police's return submitted", async () =>
    (await returns.getByRole("row", { name: /Northshire Police/ }).getByText("Submitted", { exact: true }).count()) === 1);
  await returns.getByRole("link", { name: "Review Northshire Police's return" }).click();
  await h1(page, "QA review: Northshire Police");
}

/** review: the QA officer returns the police's return with one comment. */
export async function review(h, state) {
  const page = await h.newPage();
  state.qa = page;
  h.step("the QA officer signs in and finds the police's return submitted");
  await h.signIn(page, state.qaEmail);
  await openReview(h, page, state);
  await page.getByText("Submitted", { exact: true }).waitFor();
  await h.audit(page, "qa-review", { screenshot: true });

  h.step("returning without a comment is refused");
  await page.getByRole("button", { name: "Return with comments" }).click();
  await page.locator(".govuk-error-summary").getByText("Add a comment to at least one question").waitFor();
  await h.audit(page, "qa-review-errors");

  h.step("comments on the plan and returns it");
  await page.getByLabel(`Comment on “${planText}” (optional)`).fill("Which staff, and by when?");
  await page.getByRole("button", { name: "Return with comments" }).click();
  await page.getByText("The return was sent back to Northshire Police with 1 comment. Only that question is reopened.").waitFor();
  await page.getByText("Returned", { exact: true }).waitFor();
  await page.getByText("QA comment (reopened)").waitFor();
  await h.audit(page, "qa-review-returned");
}

/** report: the QA officer accepts the answered return and reads the report. */
export async function report(h, state) {
  const page = state.qa;
  h.step("the QA officer finds the return handed in again and accepts it");
  await openReview(h, page, state);
  await page.getByRole("button", { name: "Accept" }).click();
  await page.getByText("You accepted Northshire Police's return.").waitFor();
  await page.getByText("Accepted", { exact: true }).waitFor();
  await h.audit(page, "qa-review-accepted");

  h.step("the dashboard shows the return accepted");
  await page.getByRole("link", { name: "Back to the campaign" }).first().click();
  await h1(page, "Section 11 audit 2026");
  await page.getByRole("table", { name: "Returns", exact: true }).getByText("Accepted", { exact: true }).waitFor();

  h.step("opens the report once its figures show the accepted return");
  await page.getByRole("link", { name: "View the report" }).click();
  await h1(page, "Report");
  await until(page, "the accepted return in the report", async () =>
    (await page.getByText("1 of 1 returns handed in; 1 accepted.").count()) === 1 &&
    (await page.getByRole("img", { name: /^Ratings given for/ }).count()) === 1, { tries: 120 });
  await page.getByRole("img", { name: /^Returns by state: .*Accepted 1/ }).waitFor();
  await page.getByRole("table", { name: "Ratings for q_rating" }).waitFor();
  await h.audit(page, "report", { screenshot: true });

  h.step("downloads the answers as CSV, and each export answers");
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Answers (CSV)" }).click()]);
  expect(file.suggestedFilename() === "s11-2026-answers.csv", "the CSV named after the campaign, got " + file.suggestedFilename());
  const results = await page.evaluate(async (name) => {
    const token = JSON.parse(localStorage.getItem("assure.token") || "{}").accessToken;
    const out = {};
    for (const x of ["answers.csv", "submissions.csv", "report.xlsx", "report.html"]) {
      const r = await fetch(`/v1/${name}/${x}`, { headers: { Authorization: "Bearer " + token } });
      const text = await r.text();
      out[x] = { status: r.status, start: text.slice(0, 40), plan: text.includes("Which staff") || text.includes("q_plan") };
    }
    return out;
  }, state.campaign);
  for (const [x, r] of Object.entries(results)) expect(r.status === 200, `${x} to answer 200, got ${r.status}`);
  expect(results["answers.csv"].start.startsWith("organisation,"), "the answers CSV with its header row");
  expect(results["report.xlsx"].start.startsWith("PK"), "the workbook as an XLSX file");
}
