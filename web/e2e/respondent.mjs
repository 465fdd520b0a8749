// The respondent's journey: sign in by link, find the audit, answer it
// section by section with autosave (through a dropped connection), work
// with a contributor, upload evidence, check and submit; then answer what
// QA returned and keep the action plan.
import { expect } from "./harness.mjs";

const audit = "Section 11 audit 2026";

/** complete answers and submits the audit the officer launched. */
export async function complete(h, state) {
  const page = await h.newPage();
  state.lead = page;
  h.step("the lead signs in by link and sees their audits");
  await h.signIn(page, state.leadEmail);
  await page.getByRole("heading", { name: "My audits" }).waitFor();
  await page.getByRole("link", { name: audit }).waitFor();
  await h.audit(page, "my-audits", { screenshot: true });

  await page.getByRole("link", { name: audit }).click();
  await page.getByRole("heading", { name: audit }).waitFor();
  await h.audit(page, "audit-overview", { screenshot: true });

  h.step("section 1: guidance and the meaning of each rating beside the question");
  await page.getByRole("link", { name: "S1. Leadership and accountability" }).click();
  await page.getByRole("heading", { name: "S1. Leadership and accountability" }).waitFor();
  await page.getByText("Senior leaders are accountable for safeguarding children.").waitFor();
  const rating = page.getByRole("group", { name: "How well does your organisation meet this standard?" });
  expect(await rating.getByRole("radio").count() === 3, "three grades to choose from");
  await rating.getByLabel("Partly met").check();
  await savedState(page, "saved");
  await h.audit(page, "answer-section", { screenshot: true });

  h.step("a dropped connection: the answer is kept in the browser, survives a reload, and is sent when the connection returns");
  await page.route("**/*:saveAnswers", (r) => r.abort("internetdisconnected"));
  const plan = page.getByLabel("What will you do to improve?");
  const planText = "Refresh safeguarding training for all front-line staff";
  await plan.fill(planText);
  await savedState(page, "offline");
  await page.getByText("Not saved yet").waitFor();
  await h.audit(page, "answer-offline");
  await page.reload();
  await page.getByRole("heading", { name: "S1. Leadership and accountability" }).waitFor();
  expect(await page.getByLabel("What will you do to improve?").inputValue() === planText, "the unsaved answer kept across a reload");
  await page.unroute("**/*:saveAnswers");
  await savedState(page, "saved", 40000);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("assure.unsaved.")).length) === 0,
    "nothing left unsaved in the browser");
  await page.reload();
  await page.getByRole("heading", { name: "S1. Leadership and accountability" }).waitFor();
  expect(await page.getByLabel("What will you do to improve?").inputValue() === planText, "the answer saved on the server");
  expect(await page.getByLabel("Partly met").isChecked(), "the rating saved on the server");

  h.step("keyboard only: the skip link first, then the back link, the rating, the plan and on to the next section");
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return e ? (e.getAttribute("id") || "") + "|" + (e.textContent || "").trim() : "";
  });
  await page.keyboard.press("Tab");
  expect((await focused()).endsWith("|Skip to main content"), "the skip link focused first, got " + (await focused()));
  await page.keyboard.press("Enter");
  expect((await focused()).startsWith("main-content|"), "the skip link moves focus to the main content");
  await page.keyboard.press("Tab");
  expect((await focused()).endsWith("|Back to the audit"), "the back link next, got " + (await focused()));
  await page.keyboard.press("Tab");
  expect(await page.getByLabel("Partly met").evaluate((e) => e === document.activeElement), "the chosen rating next");
  await page.keyboard.press("ArrowDown");
  expect(await page.getByLabel("Fully met").isChecked(), "an arrow key changes the rating");
  await savedState(page, "saved");
  // Saves are slowed from here, so "Save and continue" is pressed while
  // one is on its way: it must wait for it, send the rest, then move on.
  await page.route("**/*:saveAnswers", async (r) => {
    await new Promise((res) => setTimeout(res, 700));
    await r.continue();
  });
  await page.keyboard.press("ArrowUp");
  expect(await page.getByLabel("Partly met").isChecked(), "and back");
  await page.keyboard.press("Tab");
  expect(await page.getByLabel("What will you do to improve?").evaluate((e) => e === document.activeElement), "the plan after the rating");
  await page.keyboard.press("End");
  await page.keyboard.type(" and volunteers");
  await page.keyboard.press("Tab");
  expect((await focused()).endsWith("|Save and continue"), "the button after the last question, got " + (await focused()));
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "S2. Safer recruitment" }).waitFor();
  await page.unroute("**/*:saveAnswers");
  await page.goto(new URL(page.url()).pathname.replace(/section\/S2$/, "section/S1"));
  expect(await page.getByLabel("What will you do to improve?").inputValue() === planText + " and volunteers", "typed answer saved");
  expect(await page.getByLabel("Partly met").isChecked(), "rating saved");

  h.step("submitting with questions unanswered names each of them");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("heading", { name: "S2. Safer recruitment" }).waitFor();
  await page.goto(new URL(page.url()).pathname.replace(/section\/S2$/, "review"));
  await page.getByRole("heading", { name: "Check your answers before submitting" }).waitFor();
  await page.getByRole("button", { name: "Submit audit" }).click();
  await page.getByRole("heading", { name: "There is a problem" }).waitFor();
  await page.locator(".govuk-error-summary").getByText("Answer: Are all staff checked by the Disclosure and Barring Service?").waitFor();
  await h.audit(page, "check-answers-errors");

  h.step("the lead shares section 2 with a contributor");
  await page.goto("/audits");
  await page.getByRole("link", { name: audit }).click();
  await page.getByRole("link", { name: "Contributors" }).click();
  await page.getByRole("heading", { name: "Contributors" }).waitFor();
  await page.getByRole("group", { name: "S2. Safer recruitment" }).getByLabel(/Sam Helper|helper@police/).check();
  await page.getByRole("button", { name: "Save contributors" }).click();
  await page.getByText("Contributors saved.").waitFor();
  await h.audit(page, "contributors", { screenshot: true });

  h.step("the contributor answers section 2, but may not submit");
  const helper = await h.newPage();
  await h.signIn(helper, state.helperEmail);
  await helper.getByRole("link", { name: audit }).click();
  await helper.getByRole("link", { name: "S2. Safer recruitment" }).click();
  // The lead has section 2 open too, read before the contributor answers.
  await page.goto(`/respond/${state.submission}/-/section/S2`);
  await page.getByRole("heading", { name: "S2. Safer recruitment" }).waitFor();
  await helper.getByRole("group", { name: "Are all staff checked by the Disclosure and Barring Service?" }).getByLabel("Yes").check();
  await savedState(helper, "saved");

  h.step("the lead answers the same question from an older read: the contributor's answer is kept and shown, with a warning");
  const leadDbs = page.getByRole("group", { name: "Are all staff checked by the Disclosure and Barring Service?" });
  // click, not check: the page puts the newer answer back at once, which
  // check would take for a click that did nothing.
  await leadDbs.getByLabel("No").click();
  await savedState(page, "conflict");
  await page.getByText("Someone else changed an answer here while you were working").waitFor();
  expect(await leadDbs.getByLabel("Yes").isChecked(), "the contributor's answer shown after the conflict");
  await h.audit(page, "answer-conflict");
  await helper.getByLabel("Yes, I confirm").check();
  await savedState(helper, "saved");
  await helper.getByRole("button", { name: "Save and continue" }).click();
  await helper.getByRole("heading", { name: "Check your answers before submitting" }).waitFor();
  await helper.getByRole("button", { name: "Submit audit" }).click();
  await helper.getByText("Only your organisation's lead can sign off and submit").waitFor();
  await h.audit(helper, "contributor-submit-refused");
  await helper.context().close();

  h.step("the lead uploads evidence");
  await page.goto("/audits");
  await page.getByRole("link", { name: audit }).click();
  await page.getByRole("button", { name: "Upload file" }).click();
  await page.locator(".govuk-error-summary").getByText("Select a file to upload").waitFor();
  await h.audit(page, "evidence-error");
  await page.getByLabel("Upload a file").setInputFiles({ name: "safeguarding-policy.pdf", mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% the police safeguarding policy\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") });
  await page.getByRole("button", { name: "Upload file" }).click();
  await page.getByRole("link", { name: "safeguarding-policy.pdf" }).waitFor();

  h.step("the lead attaches a file to the question that asks for one");
  await page.getByRole("link", { name: "S2. Safer recruitment" }).click();
  await page.getByRole("heading", { name: "S2. Safer recruitment" }).waitFor();
  h.step("a question shown only for one answer comes and goes with it");
  const why = page.getByLabel("Why are some staff not checked?");
  expect(await why.count() === 0, "the follow-up question hidden while all staff are checked");
  const dbs = page.getByRole("group", { name: "Are all staff checked by the Disclosure and Barring Service?" });
  await dbs.getByLabel("No").check();
  await why.waitFor();
  await savedState(page, "saved");
  await h.audit(page, "conditional-question");
  await dbs.getByLabel("Yes").check();
  await why.waitFor({ state: "detached" });
  await savedState(page, "saved");

  const attach = page.getByRole("button", { name: /^Upload and attach\s*to: Attach your safer recruitment policy$/ });
  await attach.click();
  await page.getByText("Select a file to attach").first().waitFor();
  await h.audit(page, "attach-evidence-error");
  await page.getByLabel("Attach your safer recruitment policy (optional)").setInputFiles({ name: "safer-recruitment.pdf", mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% safer recruitment policy\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") });
  await attach.click();
  await page.getByRole("list", { name: "Files attached to: Attach your safer recruitment policy" }).getByText("safer-recruitment.pdf").waitFor();
  await savedState(page, "saved");
  await h.audit(page, "attach-evidence", { screenshot: true });
  await page.reload();
  await page.getByRole("list", { name: "Files attached to: Attach your safer recruitment policy" }).getByText("safer-recruitment.pdf").waitFor();
  await page.getByRole("link", { name: "Back to the audit" }).click();

  h.step("the lead checks the answers and submits");
  await page.getByRole("link", { name: "Check your answers and submit" }).click();
  await page.getByRole("heading", { name: "Check your answers before submitting" }).waitFor();
  await page.getByText("Partly met").waitFor();
  await page.getByText("safer-recruitment.pdf").waitFor();
  await h.audit(page, "check-answers", { screenshot: true });
  await page.getByRole("button", { name: "Submit audit" }).click();
  await page.getByRole("heading", { name: "Audit submitted" }).waitFor();
  await h.audit(page, "submitted", { screenshot: true });
}

/** answerReturn answers QA's comment, resubmits and updates the plan. */
export async function answerReturn(h, state) {
  const page = state.lead;
  h.step("the lead follows the link in a reminder email to the audit, already signed in, and sees it returned with QA's comment");
  await page.goto("/sign-in?next=" + encodeURIComponent("/respond/" + state.submission));
  await page.waitForURL((u) => u.pathname === "/respond/" + state.submission);
  await page.getByRole("heading", { name: "Returned by QA" }).waitFor();
  await page.getByText("Which staff, and by when?").waitFor();
  await h.audit(page, "returned", { screenshot: true });

  h.step("only the question commented on can change");
  await page.getByRole("link", { name: "What will you do to improve?" }).click();
  await page.getByRole("heading", { name: "S1. Leadership and accountability" }).waitFor();
  expect(await page.getByRole("radio").count() === 0, "the rating QA did not comment on is read-only");
  await page.getByText("QA comment: Which staff, and by when?").waitFor();

  h.step("the sign-in ends mid-answer: the lead signs in again, comes back to the page, and the answer is saved");
  await page.evaluate(() => localStorage.setItem("assure.token",
    JSON.stringify({ accessToken: "ended", expireTime: new Date(Date.now() + 3600e3).toISOString() })));
  const section = new URL(page.url()).pathname;
  await page.getByLabel("What will you do to improve?").fill("Train all 42 front-line staff by 31 March");
  await page.waitForURL((u) => u.pathname === "/sign-in" && u.searchParams.get("next") === section);
  await page.getByText("Sign in to carry on where you were").waitFor();
  await h.audit(page, "sign-in-again");
  await h.signIn(page, state.leadEmail, { here: true });
  await page.waitForURL((u) => u.pathname === section);
  await page.getByText(/All changes saved at/).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "S1. Leadership and accountability" }).waitFor();
  expect(await page.getByLabel("What will you do to improve?").inputValue() === "Train all 42 front-line staff by 31 March",
    "the answer typed as the sign-in ended was saved");
  await h.audit(page, "answer-returned");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("heading", { name: "S2. Safer recruitment" }).waitFor();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Check your answers before submitting" }).waitFor();
  await page.getByRole("button", { name: "Submit audit" }).click();
  await page.getByRole("heading", { name: "Audit submitted" }).waitFor();

  h.step("the lead adds an action and reports progress on it");
  await page.goto("/audits");
  await page.getByRole("link", { name: audit }).click();
  await page.getByRole("link", { name: "Action plan" }).click();
  await page.getByRole("heading", { name: "Action plan" }).waitFor();
  await page.getByRole("button", { name: "Add action" }).click();
  await page.locator(".govuk-error-summary").waitFor();
  await h.audit(page, "action-plan-errors");
  await page.getByLabel("What will be done").fill("Refresh safeguarding training");
  await page.getByLabel("Who owns it").fill("Head of safeguarding");
  const due = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
  await page.getByLabel("Due date").fill(due);
  await page.getByRole("button", { name: "Add action" }).click();
  await page.getByRole("heading", { name: "Refresh safeguarding training" }).waitFor();
  await page.getByLabel("Status").selectOption({ label: "On track" });
  await page.getByLabel("Progress update").fill("Training booked for May");
  await page.getByRole("button", { name: "Save update to Refresh safeguarding training" }).click();
  await page.getByText("Update saved.").waitFor();
  await page.getByText("Training booked for May").waitFor();
  await h.audit(page, "action-plan", { screenshot: true });
}

/** savedState waits until the page's save status is kind. */
async function savedState(page, kind, timeout = 20000) {
  await page.locator(`[data-save-state="${kind}"]`).waitFor({ timeout });
}

/**
 * confirmBroughtForward opens next year's audit, which starts from this
 * year's answers, and confirms one that is still right.
 */
export async function confirmBroughtForward(h, state) {
  const page = state.lead;
  const next = "Section 11 audit 2027";
  h.step("next year's audit starts from this year's answers, each marked to be confirmed");
  await page.goto("/audits");
  await page.getByRole("link", { name: next }).click();
  await page.getByRole("heading", { name: next }).waitFor();
  await page.getByRole("link", { name: "S1. Leadership and accountability" }).click();
  await page.getByRole("heading", { name: "S1. Leadership and accountability" }).waitFor();
  expect(await page.getByLabel("Partly met").isChecked(), "last year's rating brought forward");
  const confirm = page.getByRole("button", { name: /^Confirm this answer\s*: How well does your organisation meet this standard\?$/ });
  await confirm.waitFor();
  await h.audit(page, "brought-forward", { screenshot: true });
  await confirm.click();
  await savedState(page, "saved");
  expect(await confirm.count() === 0, "a confirmed answer is no longer marked as brought forward");
  await page.reload();
  await page.getByRole("heading", { name: "S1. Leadership and accountability" }).waitFor();
  expect(await page.getByRole("button", { name: /^Confirm this answer\s*: How well does your organisation meet this standard\?$/ }).count() === 0,
    "the confirmation saved on the server");
  expect(await page.getByLabel("Partly met").isChecked(), "the confirmed rating kept");
}
