// Runs the browser journeys against a running platform:
//   ASSURE_BASE_URL   where the platform serves (http://127.0.0.1:8080)
//   ASSURE_LOG        the platform's log file, where sign-in links appear
//   ASSURE_SCREENSHOTS a folder for screenshots of the main pages (optional)
// It exits non-zero when a step fails or axe finds any violation.
import { Harness } from "./harness.mjs";
import * as officer from "./officer.mjs";
import * as respondent from "./respondent.mjs";
import { caseAudits } from "./caseaudit.mjs";
import { reflow } from "./reflow.mjs";

const h = new Harness({
  base: process.env.ASSURE_BASE_URL || "http://127.0.0.1:8080",
  log: process.env.ASSURE_LOG,
  screenshots: process.env.ASSURE_SCREENSHOTS || "",
});
if (!h.log) {
  console.error("ASSURE_LOG must name the platform's log file");
  process.exit(2);
}

let code = 0;
await h.start();
try {
  console.log("officer sets up and launches an audit");
  const state = await officer.setUp(h);
  console.log("respondent completes and submits it");
  await respondent.complete(h, state);
  console.log("officer reviews and returns it");
  await officer.review(h, state);
  console.log("respondent answers what was returned");
  await respondent.answerReturn(h, state);
  console.log("officer accepts and reports");
  await officer.report(h, state);
  console.log("next year's audit starts from this year's answers");
  await officer.nextYear(h, state);
  await respondent.confirmBroughtForward(h, state);
  console.log("case audits and rapid reviews");
  await caseAudits(h, state);
  console.log("the pages on a narrow screen");
  await reflow(h, state);
} catch (e) {
  console.error("journey failed: " + (e?.stack || e));
  code = 1;
} finally {
  await h.stop();
}
console.log(`axe audited ${h.audited.length} page states: ${[...new Set(h.audited)].join(", ")}`);
if (h.violations.length) {
  code = 1;
  console.error(`axe found ${h.violations.length} violations:`);
  for (const v of h.violations) console.error(`  ${v.page} (${v.url}): ${v.id} [${v.impact}] ${v.help} at ${v.nodes.join(", ")}`);
} else {
  console.log("axe found no violations");
}
if (h.failures?.length) code = 1;
process.exit(code);
