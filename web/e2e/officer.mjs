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

const nextCampaign = "partnerships/north/campaigns/s11-2027";
const importedName = "Imported safeguarding self-check";

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
  if (q.visibleIf) await page.getByLabel("Show only when (optional)").fill(q.visibleIf);
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

  await addQuestion(h, page, "S1", { key: "q_rating", text: "How well does your organisation meet this standard?", type: "Rating scale", required: true });
  await addQuestion(h, page, "S1", { key: "q_plan", text: planText, type: "Text", required: true, actionRow: true });
  await addSection(page, "S2", "Safer recruitment");
  await addQuestion(h, page, "S2", { key: "q_dbs", text: "Are all staff checked by the Disclosure and Barring Service?", type: "Yes or no", required: true });
  await addQuestion(h, page, "S2", { key: "q_dbs_why", text: "Why are some staff not checked?", type: "Text", required: true,
    visibleIf: `answers.q_dbs == "no"` });
  await addQuestion(h, page, "S2", { key: "q_policy", text: "Attach your safer recruitment policy", type: "Evidence (files)", required: false });
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

  await starterAndImport(h, page);
  await newTypes(h, page);

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

// A spreadsheet built here, byte by byte: an XLSX workbook is a zip of
// XML parts. Entries are stored uncompressed, which every reader accepts.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** zip packs [name, text] entries into a zip archive. */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, "utf8");
    const file = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1 January 1980
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(file.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(file.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, file, data);
    central.push(entry, file);
    offset += local.length + file.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

const xmlText = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const ns = "http://schemas.openxmlformats.org";

/** workbook builds an XLSX file of named sheets, each a list of rows of text cells. */
function workbook(sheets) {
  const sheetXml = (rows) => xmlHead + `<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>` +
    rows.map((row, i) => `<row r="${i + 1}">` + row.map((v, j) =>
      `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`).join("") + "</row>").join("") +
    "</sheetData></worksheet>";
  return zip([
    ["[Content_Types].xml", xmlHead + `<Types xmlns="${ns}/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
      "</Types>"],
    ["_rels/.rels", xmlHead + `<Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ["xl/workbook.xml", xmlHead + `<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets>` +
      sheets.map(([name], i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") + "</sheets></workbook>"],
    ["xl/_rels/workbook.xml.rels", xmlHead + `<Relationships xmlns="${ns}/package/2006/relationships">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
      "</Relationships>"],
    ...sheets.map(([, rows], i) => [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(rows)]),
  ]);
}

/** The spreadsheet a partnership keeps its self-check in: an About sheet and one row per question. */
const selfCheckWorkbook = () => workbook([
  ["About", [["Field", "Value"], ["display_name", importedName], ["kind", "other"]]],
  ["Questions", [
    ["Section code", "Section title", "Key", "Text", "Type", "Options", "Required"],
    ["S1", "Governance", "q_board", "Does the board receive a safeguarding report each year?", "yes_no", "", "yes"],
    ["S1", "", "q_staff", "How many staff work with children?", "integer", "", "yes"],
    ["S2", "Training", "q_topics", "Which topics does the training cover?", "multiple choice", "Neglect;Exploitation;Online safety", "no"],
  ]],
]);

/**
 * starterAndImport: the hub admin installs a starter template, whose
 * table question opens in the builder as a table, and imports a
 * template from a spreadsheet.
 */
async function starterAndImport(h, page) {
  h.step("installs the multi-agency case audit from the starter templates");
  await page.goto("/partnership/" + north);
  await h1(page, partnershipName);
  const starters = page.getByRole("group", { name: "Starter template" });
  await starters.getByLabel("Multi-agency case audit").waitFor();
  expect(await starters.getByRole("radio").count() >= 3, "the starter templates listed");
  await starters.getByLabel("Multi-agency case audit").check();
  await h.audit(page, "starter-templates", { screenshot: true });
  await page.getByRole("button", { name: "Install starter template" }).click();
  await h1(page, "Multi-agency case audit");
  expect(new URL(page.url()).pathname.startsWith("/template/" + north + "/templates/"), "the installed template's builder");

  h.step("its chronology opens in the question form as a table, with its columns");
  const chronology = page.getByRole("row").filter({ has: page.getByRole("cell", { name: /^Table: Date, Agency, What happened/ }) });
  await chronology.waitFor();
  await chronology.getByRole("link", { name: /^Change / }).click();
  await page.getByRole("heading", { level: 1, name: /^Change question / }).waitFor();
  expect(await page.getByLabel("Type of answer").inputValue() === "table", "the chronology still a table in its form");
  expect(await page.getByLabel("Title of column 1").inputValue() === "Date", "the chronology's first column, Date");
  await page.getByRole("link", { name: "Back to the template" }).first().click();
  await h1(page, "Multi-agency case audit");

  h.step("imports a template from a spreadsheet");
  await page.getByRole("link", { name: "Back to the partnership" }).click();
  await h1(page, partnershipName);
  await page.getByLabel("Spreadsheet or YAML file").setInputFiles({
    name: "self-check.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: selfCheckWorkbook(),
  });
  await page.getByRole("button", { name: "Import template" }).click();
  await h1(page, importedName);
  await page.getByRole("table", { name: "Questions in S1" }).getByRole("rowheader", { name: "Does the board receive a safeguarding report each year?" }).waitFor();
  await page.getByRole("table", { name: "Questions in S2" }).getByText("Multiple choice: Neglect, Exploitation, Online safety").waitFor();
  await h.audit(page, "template-import", { screenshot: true });
}

/**
 * newTypes: in the imported template (not the Section 11 one the
 * respondent answers), the admin changes a multiple choice question
 * without losing its type, adds a rating with a fourth grade, a date,
 * evidence and a table, limits a section to schools, and publishes.
 */
async function newTypes(h, page) {
  h.step("changes the imported multiple choice question: it stays multiple choice, with fewest and most choices");
  await page.getByRole("link", { name: "Change q_topics" }).click();
  await h1(page, "Change question q_topics");
  expect(await page.getByLabel("Type of answer").inputValue() === "multipleChoice", "q_topics still multiple choice in its form");
  expect(await page.getByLabel("Options", { exact: true }).inputValue() === "Neglect\nExploitation\nOnline safety", "its options one on each line");
  await page.getByLabel("Fewest options to choose (optional)").fill("1");
  await page.getByLabel("Most options to choose (optional)").fill("2");
  await h.audit(page, "template-question-multiple-choice");
  await page.getByRole("button", { name: "Save question" }).click();
  const s2 = page.getByRole("table", { name: "Questions in S2" });
  await s2.getByText("Multiple choice: Neglect, Exploitation, Online safety").waitFor();

  h.step("adds a rating with a fourth grade; a grade without a label or value is refused");
  await page.getByRole("button", { name: "Add a question to S2" }).click();
  await h1(page, "Add a question to S2");
  await page.getByLabel("Question key").fill("q_culture");
  await page.getByLabel("Question text").fill("How strong is the safeguarding culture?");
  expect(await page.getByLabel("Type of answer").inputValue() === "rating", "a rating by default");
  expect(await page.getByLabel("Label of grade 3").inputValue() === "Fully met", "the Red, Amber, Green preset to start with");
  await page.getByRole("button", { name: "Add a grade" }).click();
  await page.getByRole("button", { name: "Save question" }).click();
  const summary = page.locator(".govuk-error-summary");
  await summary.getByRole("link", { name: "Enter the label of grade 4" }).waitFor();
  await summary.getByRole("link", { name: "Enter the value of grade 4" }).waitFor();
  await h.audit(page, "template-question-grade-errors", { screenshot: true });
  await page.getByLabel("Label of grade 4").fill("Exceeded");
  await page.getByLabel("Value of grade 4").fill("blue");
  await page.getByLabel("Colour of grade 4 (optional)").fill("#1d70b8");
  await page.getByLabel("What grade 4 means (optional)").fill("The standard is met and the practice is shared with partners.");
  expect(await page.getByLabel("Score of grade 4").inputValue() === "4", "the new grade scored above the others");
  await page.getByRole("button", { name: "Save question" }).click();
  await s2.getByText("Rating: Not met, Partly met, Fully met, Exceeded").waitFor();

  h.step("adds a table of referrals with a date column and a choice column");
  await page.getByRole("button", { name: "Add a question to S2" }).click();
  await h1(page, "Add a question to S2");
  await page.getByLabel("Question key").fill("q_referrals");
  await page.getByLabel("Question text").fill("List the safeguarding referrals made this year");
  await page.getByLabel("Type of answer").selectOption({ label: "Table of rows" });
  await page.getByRole("button", { name: "Add a column" }).click();
  await page.getByLabel("Title of column 1").fill("Date referred");
  await page.getByLabel("Type of column 1").selectOption({ label: "Date" });
  await page.getByLabel("Every row needs a value in column 1").check();
  await page.getByRole("button", { name: "Add a column" }).click();
  await page.getByLabel("Title of column 2").fill("Referred to");
  await page.getByLabel("Type of column 2").selectOption({ label: "Single choice from a list" });
  await page.getByLabel("Options of column 2").fill("Police\nChildren's social care");
  await page.getByLabel("An answer is required").uncheck();
  await h.audit(page, "template-question-table", { screenshot: true });
  await page.getByRole("button", { name: "Save question" }).click();
  await s2.getByText("Table: Date referred, Referred to").waitFor();

  h.step("adds a date with an earliest date, and evidence of at least one file");
  await page.getByRole("button", { name: "Add a question to S1" }).click();
  await h1(page, "Add a question to S1");
  await page.getByLabel("Question key").fill("q_reviewed");
  await page.getByLabel("Question text").fill("When was the safeguarding policy last reviewed?");
  await page.getByLabel("Type of answer").selectOption({ label: "Date" });
  const earliest = page.getByRole("group", { name: "Earliest date accepted (optional)" });
  await earliest.getByLabel("Day").fill("1");
  await earliest.getByLabel("Month").fill("1");
  await earliest.getByLabel("Year").fill("2020");
  await page.getByRole("button", { name: "Save question" }).click();
  const s1 = page.getByRole("table", { name: "Questions in S1" });
  await s1.getByRole("rowheader", { name: "When was the safeguarding policy last reviewed?" }).waitFor();
  await page.getByRole("link", { name: "Change q_reviewed" }).click();
  await h1(page, "Change question q_reviewed");
  expect(await page.getByRole("group", { name: "Earliest date accepted (optional)" }).getByLabel("Year").inputValue() === "2020", "the earliest date kept");
  await page.getByLabel("Type of answer").selectOption({ label: "Evidence (files)" });
  await page.getByText("You are changing this question from date to evidence (files).").waitFor();
  await page.getByLabel("Type of answer").selectOption({ label: "Date" });
  await page.getByRole("link", { name: "Back to the template" }).first().click();
  await h1(page, importedName);
  await page.getByRole("button", { name: "Add a question to S1" }).click();
  await h1(page, "Add a question to S1");
  await page.getByLabel("Question key").fill("q_policy");
  await page.getByLabel("Question text").fill("Upload your safeguarding policy");
  await page.getByLabel("Type of answer").selectOption({ label: "Evidence (files)" });
  await page.getByLabel("What counts as evidence (optional)").fill("The policy the board last approved.");
  await page.getByLabel("Fewest files to upload (optional)").fill("1");
  await page.getByRole("button", { name: "Save question" }).click();
  await s1.getByRole("rowheader", { name: "Upload your safeguarding policy" }).waitFor();
  expect(await s1.getByRole("cell", { name: "Evidence (files)", exact: true }).count() === 1, "q_policy as evidence");
  expect(await s1.getByRole("cell", { name: "Date", exact: true }).count() === 1, "q_reviewed as a date");

  h.step("limits section S2 to schools");
  await page.getByRole("link", { name: "Change section S2" }).click();
  await h1(page, "Change section S2");
  await page.getByRole("group", { name: "Organisations that answer this section (optional)" }).getByLabel("School", { exact: true }).check();
  await page.getByRole("button", { name: "Save section" }).click();
  await page.getByText("Answered by: School only.").waitFor();
  await h.audit(page, "template-builder-types", { screenshot: true });

  h.step("previews and publishes it");
  await page.getByRole("button", { name: "Preview" }).click();
  await h1(page, importedName);
  await page.getByRole("group", { name: "Which topics does the training cover? (optional)" }).getByLabel("Online safety").waitFor();
  await page.getByRole("table", { name: "List the safeguarding referrals made this year (optional)" }).waitFor();
  await h.audit(page, "template-preview-types", { screenshot: true });
  await page.getByRole("link", { name: "Back to the template" }).first().click();
  await h1(page, importedName);
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByText(`Version 1 of ${importedName} is published.`).waitFor();
}

/**
 * nextYear: the hub admin sets up next year's campaign from the same
 * version, starting each organisation's answers from 2026's, launches it,
 * watches the dashboard refresh by itself, and moves the due date (a
 * change made elsewhere in the meantime is caught, not overwritten).
 */
export async function nextYear(h, state) {
  const page = state.admin;
  h.step("the hub admin sets up Section 11 audit 2027 with answers brought forward from 2026");
  await page.goto("/new-campaign/" + north);
  await h1(page, "Set up a campaign");
  await page.getByLabel("Campaign name").fill("Section 11 audit 2027");
  await page.getByLabel("Campaign ID").fill("s11-2027");
  await page.getByLabel("Template version").selectOption({ label: "Section 11 self-assessment, version 1" });
  await page.getByLabel("Northshire Police").check();
  const due = new Date(Date.now() + 90 * 24 * 3600 * 1000);
  await page.getByLabel("Day").fill(String(due.getDate()));
  await page.getByLabel("Month").fill(String(due.getMonth() + 1));
  await page.getByLabel("Year").fill(String(due.getFullYear()));
  await page.getByLabel("Start answers from an earlier campaign (optional)").selectOption({ label: "Section 11 audit 2026" });
  await h.audit(page, "campaign-setup-source", { screenshot: true });
  await page.getByRole("button", { name: "Create campaign" }).click();
  await h1(page, "Section 11 audit 2027");
  expect(new URL(page.url()).pathname === "/campaign/" + nextCampaign, "the 2027 campaign's dashboard");
  const row = (key) => page.locator(".govuk-summary-list__row").filter({ has: page.locator("dt", { hasText: new RegExp("^" + key + "$") }) });
  await row("Answers start from").getByText("Section 11 audit 2026").waitFor();

  h.step("launches it; the dashboard refreshes its figures and returns by itself");
  await page.getByRole("button", { name: "Launch campaign" }).click();
  await page.getByText("The campaign is launched.").waitFor();
  await page.getByText("Open", { exact: true }).waitFor();
  await page.getByRole("status").filter({ hasText: /^Updated at \d\d:\d\d$/ }).waitFor();
  await page.waitForRequest((r) => r.url().includes(nextCampaign + "/completionReport"), { timeout: 25000 });
  await page.getByRole("table", { name: "Returns", exact: true }).getByRole("rowheader", { name: "Northshire Police" }).waitFor({ timeout: 40000 });
  await h.audit(page, "campaign-live", { screenshot: true });

  h.step("moves the due date; a change made meanwhile is caught and reloaded first");
  const moved = await page.evaluate(async (name) => {
    const token = JSON.parse(localStorage.getItem("assure.token") || "{}").accessToken;
    const headers = { Authorization: "Bearer " + token, "Content-Type": "application/json" };
    const c = await (await fetch("/v1/" + name, { headers })).json();
    const dueTime = new Date(Date.parse(c.dueTime) + 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    const r = await fetch("/v1/" + name + "?updateMask=due_time", { method: "PATCH", headers, body: JSON.stringify({ etag: c.etag, dueTime }) });
    return r.status;
  }, nextCampaign);
  expect(moved === 200, "the due date moved elsewhere, got " + moved);
  const newDue = new Date(Date.now() + 120 * 24 * 3600 * 1000);
  const shown = newDue.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  const group = page.getByRole("group", { name: "New due date" });
  await group.getByLabel("Day").fill(String(newDue.getDate()));
  await group.getByLabel("Month").fill(String(newDue.getMonth() + 1));
  await group.getByLabel("Year").fill(String(newDue.getFullYear()));
  await page.getByRole("button", { name: "Change due date" }).click();
  await page.getByText("Someone changed this campaign since you opened it.", { exact: false }).waitFor();
  await h.audit(page, "campaign-due-date-conflict");
  await page.getByRole("button", { name: "Reload the campaign" }).click();
  await page.getByText(/^The campaign was reloaded\./).waitFor();
  await page.getByRole("button", { name: "Change due date" }).click();
  await page.getByText("The due date is now " + shown + ".").waitFor();
  await row("Due").getByText(shown, { exact: true }).waitFor();
  await h.audit(page, "campaign-due-date-changed");
  state.nextCampaign = nextCampaign;
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
