// The business unit's case audits, through the pages: the hub admin opens
// a rapid review (after one refused try), reads its clock, marks the
// first milestone done, records the police's summary and the decision;
// then publishes a case file audit template, starts a round from a
// stratified sample, plans it, names an auditor, and moves it on stage by
// stage to its findings, which it prints.
import { expect } from "./harness.mjs";

const h1 = (page, name) => page.getByRole("heading", { level: 1, name }).waitFor();

/** daysAgo is the date n calendar days before today, as the date boxes take it. */
function daysAgo(n) {
  const d = new Date(Date.now() - n * 24 * 3600 * 1000);
  return { day: String(d.getDate()), month: String(d.getMonth() + 1), year: String(d.getFullYear()) };
}

/** fillDate fills the GOV.UK date input inside the group named legend. */
async function fillDate(page, legend, d) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(d.day);
  await group.getByLabel("Month").fill(d.month);
  await group.getByLabel("Year").fill(d.year);
}

/** caseAuditsLoaded waits for the partnership page's case audits to show what they hold. */
async function caseAuditsLoaded(page) {
  const region = page.getByRole("region", { name: "Case audits" });
  await region.waitFor().catch(() => {});
  await region.getByText("Loading…").waitFor({ state: "detached" }).catch(() => {});
}

/**
 * openFromPartnership follows a link of the partnership's case audits:
 * from its own page when the link is there, else from its case-audit list.
 */
async function openFromPartnership(page, partnership, linkName) {
  await page.goto("/partnership/" + partnership);
  await page.locator("main h1").first().waitFor();
  await caseAuditsLoaded(page);
  let link = page.getByRole("link", { name: linkName, exact: true }).or(page.getByRole("button", { name: linkName, exact: true }));
  if (await link.count() === 0) {
    await page.goto("/case-audits/" + partnership);
    await h1(page, "Rapid reviews and case audits");
    link = page.getByRole("link", { name: linkName, exact: true }).or(page.getByRole("button", { name: linkName, exact: true }));
  }
  await link.first().click();
}

export async function caseAudits(h, state) {
  const page = state.admin;
  const north = state.partnership;
  const review = north + "/rapidReviews/rr-2026-07";
  const round = north + "/rounds/neglect-under-fives";

  h.step("the hub admin opens a rapid review from the partnership's page");
  await openFromPartnership(page, north, "Open a rapid review");
  await h1(page, "Open a rapid review");
  await h.audit(page, "rapid-review-new");

  h.step("a review without its notification date is refused, with the field named");
  await page.getByLabel("Reference").fill("RR-2026-07");
  await page.getByLabel("Northshire Police").check();
  await page.getByRole("button", { name: "Open rapid review" }).click();
  const summary = page.locator(".govuk-error-summary");
  await summary.getByText("There is a problem").waitFor();
  const link = summary.getByRole("link", { name: /date of the notification/ });
  await link.waitFor();
  expect(await summary.getByRole("link").count() === 1, "one problem: the notification date");
  expect(await page.locator(".govuk-form-group--error").count() === 1, "one inline error, beside the date");
  await link.click();
  expect(await page.getByRole("group", { name: "Date of the serious incident notification" }).getByLabel("Day")
    .evaluate((e) => e === document.activeElement), "the error's link to move focus to the date's day box");
  await h.audit(page, "rapid-review-new-errors");

  h.step("opens it, notified three days ago, and sees the clock running");
  await fillDate(page, "Date of the serious incident notification", daysAgo(3));
  await page.getByRole("button", { name: "Open rapid review" }).click();
  await h1(page, "Rapid review RR-2026-07");
  expect(new URL(page.url()).pathname === "/rapid-review/" + review, "the review's page at /rapid-review/" + review);
  const clock = page.getByRole("region", { name: "The clock" });
  expect(await clock.getByText(/^(On time|Due soon|Overdue)$/).count() === 1, "the clock's RAG in words");
  expect(await clock.getByText(/working days?$|Due today|overdue$/).count() >= 1, "the working days left");
  const milestones = page.getByRole("table", { name: "Milestones" });
  expect(await milestones.getByRole("row").count() === 4, "three milestones and the heading row");
  const first = (await milestones.getByRole("rowheader").first().textContent()).trim();
  const nextBefore = (await clock.locator("dd").first().textContent()).trim();
  expect(nextBefore === first, `the clock's next milestone to be the first one, ${first}: ${nextBefore}`);
  await h.audit(page, "rapid-review", { screenshot: true });

  h.step(`marks "${first}" done and the clock moves on to the next milestone`);
  await milestones.getByRole("button", { name: `Mark ${first} as done` }).click();
  await page.getByText(first + " is marked as done today.").waitFor();
  expect(await milestones.getByRole("button", { name: `Mark ${first} as done` }).count() === 0, "no button for a milestone done");
  const nextAfter = (await clock.locator("dd").first().textContent()).trim();
  expect(nextAfter !== first, "the clock's next milestone to have moved on from " + first);
  await h.audit(page, "rapid-review-milestone-done");

  h.step("records the police's summary");
  await page.getByRole("button", { name: "Record summary" }).click();
  await summary.getByRole("link", { name: "Enter the agency's summary" }).waitFor();
  await page.getByLabel("Agency", { exact: true }).selectOption({ label: "Northshire Police" });
  await page.getByLabel("Summary of the agency's involvement").fill(
    "Two attendances at the family home for domestic abuse in the six months before the incident; a referral was made after the second.");
  await page.getByRole("button", { name: "Record summary" }).click();
  await page.getByText("The summary from the agency is recorded.").waitFor();
  const summaries = page.getByRole("table", { name: "Agency summaries" });
  await summaries.getByText(/Two attendances at the family home/).waitFor();
  expect(await summaries.getByText("Not received yet").count() === 0, "the police's summary received");

  h.step("records the decision: a local practice review, and the clock stops");
  await page.getByLabel("A local child safeguarding practice review").check();
  await page.getByLabel("Reasons for the decision").fill("Agencies did not share what they knew; the learning is for the whole partnership.");
  await page.getByRole("button", { name: "Record decision" }).click();
  await page.getByText("The decision is recorded and the clock has stopped.").waitFor();
  await clock.getByText("Stopped", { exact: true }).waitFor();
  expect(await milestones.getByRole("button").count() === 0, "no milestone left to mark once decided");
  await h.audit(page, "rapid-review-decided", { screenshot: true });

  h.step("the rapid review is listed with the partnership's case audits, decided");
  await page.goto("/partnership/" + north);
  await page.locator("main h1").first().waitFor();
  await caseAuditsLoaded(page);
  let listed = page.getByRole("table", { name: "Rapid reviews" });
  if (await listed.getByRole("link", { name: "RR-2026-07" }).count() === 0) {
    await page.goto("/case-audits/" + north);
    await h1(page, "Rapid reviews and case audits");
    listed = page.getByRole("table", { name: "Rapid reviews" });
  }
  await listed.getByRole("link", { name: "RR-2026-07" }).waitFor();
  await listed.getByText("A local child safeguarding practice review").waitFor();
  await listed.getByText("Stopped", { exact: true }).waitFor();
  await h.audit(page, "case-audit-lists");
  await page.goto("/partnership/" + north);
  await page.locator("main h1").first().waitFor();

  h.step("publishes a case file audit template for the round's returns");
  await page.getByLabel("Template name").fill("Multi-agency case file audit");
  await page.getByLabel("Template ID").fill("case-file-audit");
  await page.getByLabel("Kind of audit").selectOption({ label: "Case file audit" });
  await page.getByRole("button", { name: "Create template" }).click();
  await h1(page, "Multi-agency case file audit");
  await page.getByRole("button", { name: "Add a section" }).click();
  await h1(page, "Add a section");
  await page.getByLabel("Section code").fill("C1");
  await page.getByLabel("Section title").fill("Quality of practice");
  await page.getByRole("button", { name: "Save section" }).click();
  await page.getByRole("heading", { level: 2, name: "C1: Quality of practice" }).waitFor();
  await page.getByRole("button", { name: "Add a question to C1" }).click();
  await h1(page, "Add a question to C1");
  await page.getByLabel("Question key").fill("q_quality");
  await page.getByLabel("Question text").fill("How good was the agency's practice on this case?");
  const type = page.getByLabel("Type of answer");
  const rating = (await type.locator("option").allTextContents()).find((t) => t.startsWith("Rating"));
  await type.selectOption({ label: rating });
  await page.getByRole("button", { name: "Save question" }).click();
  await page.getByRole("table", { name: "Questions in C1" }).waitFor();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByText("Version 1 of Multi-agency case file audit is published.").waitFor();

  h.step("starts a round: three cases listed, two drawn in proportion by age band with seed 42");
  await openFromPartnership(page, north, "Start a case audit round");
  await h1(page, "Start a case audit round");
  await page.getByLabel("Theme").fill("Neglect in under-fives");
  await page.getByLabel("Round ID").fill("neglect-under-fives");
  await page.getByLabel("Methodology (optional)").fill("A stratified sample of open cases, audited by each agency with the partnership's tool.");
  await fillDate(page, "Start of the practice audited (optional)", daysAgo(365));
  await fillDate(page, "End of the practice audited (optional)", daysAgo(30));
  await page.getByRole("button", { name: "Add case" }).click();
  await summary.getByRole("link", { name: /case reference/ }).waitFor();
  await h.audit(page, "case-audit-round-new-errors");
  const cases = [["CASE-2026-001", "0-4", "Child protection"], ["CASE-2026-002", "0-4", "Child in need"], ["CASE-2026-003", "5-10", "Child protection"]];
  for (const [ref, age, plan] of cases) {
    await page.getByLabel("Case reference").fill(ref);
    await page.getByLabel("Agency holding the case").selectOption({ label: "Northshire Police" });
    await page.getByLabel("Age band (optional)").fill(age);
    await page.getByLabel("Plan type (optional)").fill(plan);
    await page.getByRole("button", { name: "Add case" }).click();
    await page.getByText(ref + " is added to the cases.").waitFor();
  }
  expect(await page.getByRole("table", { name: "Cases listed (3)" }).count() === 1, "three cases listed");
  await page.getByLabel("A random sample of them").check();
  await page.getByLabel("How many cases to draw").fill("2");
  await page.getByRole("group", { name: "Draw in proportion from each (optional)" }).getByLabel("Age band").check();
  await page.getByLabel("Seed (optional)").fill("42");
  await h.audit(page, "case-audit-round-new");
  await page.getByRole("button", { name: "Create round" }).click();
  await h1(page, "Neglect in under-fives");
  expect(new URL(page.url()).pathname === "/round/" + round, "the round's page at /round/" + round);
  const caseTable = page.getByRole("table", { name: "Cases" });
  expect(await caseTable.getByRole("row").count() === 3, "two cases drawn");
  await caseTable.getByText(/seed 42, stratified by age band/).first().waitFor();
  const drawn = (await caseTable.getByRole("rowheader").allTextContents()).map((s) => s.trim());

  h.step("cannot open the returns before the round is planned: the problems are named");
  await page.getByRole("button", { name: "Move on to returns open" }).click();
  await summary.getByRole("link", { name: /template version/ }).waitFor();
  expect(await summary.getByRole("link").count() === 3, "the template, the due date and the chair named");
  await h.audit(page, "case-audit-round-advance-errors");

  h.step("plans it: template, returns due in 30 days, moderation in 40, chaired by the admin");
  await page.getByLabel("Case file audit template").selectOption({ label: "Multi-agency case file audit, version 1" });
  const inDays = (n) => daysAgo(-n);
  await fillDate(page, "Date the returns are due", inDays(30));
  await fillDate(page, "Date of the moderation meeting", inDays(40));
  const chair = page.getByLabel("Chair", { exact: true });
  const chairChoice = (await chair.locator("option").allTextContents())[1];
  await chair.selectOption({ label: chairChoice });
  await page.getByRole("button", { name: "Save plan" }).click();
  await page.getByText("The plan is saved.").waitFor();
  await page.getByText("Multi-agency case file audit, version 1").first().waitFor();

  h.step("names an auditor for the police on the first case drawn");
  await page.getByLabel("Case", { exact: true }).selectOption({ label: drawn[0] });
  await page.getByLabel("Auditor").selectOption({ label: chairChoice });
  await page.getByRole("button", { name: "Name auditor" }).click();
  await page.getByText(new RegExp(`is named to audit ${drawn[0]} for Northshire Police`)).waitFor();
  await caseTable.getByText(/for Northshire Police: named, not yet accepted/).waitFor();
  await h.audit(page, "case-audit-round", { screenshot: true });

  h.step("opens the returns, then moves on through QA and moderation to the findings");
  for (const stage of ["returns open", "quality assurance", "moderation", "findings"]) {
    await page.getByRole("button", { name: "Move on to " + stage }).click();
    await page.getByText(`The round has moved on to ${stage}.`).waitFor();
    if (stage === "returns open") {
      await page.getByRole("table", { name: "Returns by case and agency" }).or(page.getByText("No agency has started a return yet.")).first().waitFor();
      await h.audit(page, "case-audit-round-returns-open");
    }
  }
  await page.locator("[aria-current=step]").getByText("Findings").waitFor();

  h.step("writes the findings and opens the printable page");
  await page.getByLabel("What is working well").fill("Timely strategy discussions");
  await page.getByLabel("Concerns").fill("Fathers were rarely seen");
  await page.getByLabel("Recommendations").fill("Think family: see every adult in the household");
  await page.getByRole("button", { name: "Save findings" }).click();
  await page.getByText("The findings are saved.").waitFor();
  await h.audit(page, "case-audit-round-findings", { screenshot: true });
  const [printable] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByRole("button", { name: /Open the printable findings/ }).click(),
  ]);
  await printable.waitForLoadState();
  const text = await printable.locator("body").innerText();
  expect(text.includes("Timely strategy discussions") && text.includes("Think family"), "the printable findings to hold what was saved");
  expect(!/CASE-2026-00/.test(text), "the printable findings to hold no case reference");
  await h.audit(printable, "case-audit-findings-printable");
  await printable.close();

  h.step("closes the round");
  await page.getByRole("button", { name: "Move on to closed" }).click();
  await page.getByText("The round has moved on to closed.").waitFor();
  await page.getByRole("button", { name: /Move on to/ }).waitFor({ state: "detached" });
  await h.audit(page, "case-audit-round-closed");

  h.step("the closed round is listed with the partnership's case audits");
  await page.goto("/case-audits/" + north);
  await h1(page, "Rapid reviews and case audits");
  const rounds = page.getByRole("table", { name: "Case audit rounds" });
  await rounds.getByRole("link", { name: "Neglect in under-fives" }).waitFor();
  await rounds.getByText("Closed", { exact: true }).waitFor();
  return { ...state, rapidReview: review, round };
}
