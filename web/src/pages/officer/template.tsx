// The template builder: a template's sections and questions, each changed
// in its own form and saved to the draft at once (with the etag last
// read, so nobody's changes are overwritten), a preview as respondents
// will see it, and publishing.
import { useMemo, useState } from "preact/hooks";
import { ApiError, call, get, post, v1, asError } from "../../api";
import type { Violation } from "../../api";
import {
  BackLink, Banner, Button, Checkboxes, ErrorSummary, Radios, Select, SummaryList, Table, TextInput, Textarea, errorFor, fieldId,
} from "../../components/govuk";
import { Await, useLoad } from "../../components/layout";
import type { Caller, Grade, Option, Question, Section, Template, TemplateVersion } from "../../model";
import { last } from "../../model";
import { href, navigate } from "../../router";
import type { Page } from "../page";
import { Caption, Check, DateInput, normalise, organisationTypes, partsToDate, slug, templateKinds } from "./util";
import type { DateParts } from "./util";

/** The Red/Amber/Green scale most Section 11 audits use. */
export const ragPreset: Grade[] = [
  { value: "red", label: "Not met", colour: "#d4351c", score: 1, meaning: "The standard is not met, or there is little evidence that it is." },
  { value: "amber", label: "Partly met", colour: "#f47738", score: 2, meaning: "The standard is partly met and some improvement is needed." },
  { value: "green", label: "Fully met", colour: "#00703c", score: 3, meaning: "The standard is fully met and there is evidence to show it." },
];

type Kind = "rating" | "text" | "yesNo" | "number" | "singleChoice" | "multipleChoice" | "date" | "evidence" | "table" | "declaration";
const kinds: [Kind, string][] = [
  ["rating", "Rating scale"],
  ["text", "Text"],
  ["yesNo", "Yes or no"],
  ["number", "Number"],
  ["singleChoice", "Single choice from a list"],
  ["multipleChoice", "Multiple choice from a list"],
  ["date", "Date"],
  ["evidence", "Evidence (files)"],
  ["table", "Table of rows"],
  ["declaration", "Declaration to confirm"],
];

/** kindOf names a question's answer type; every type of the API has its own. */
const kindOf = (q: Question): Kind =>
  q.rating ? "rating" : q.textAnswer ? "text" : q.singleChoice ? "singleChoice" : q.multipleChoice ? "multipleChoice"
    : q.yesNo ? "yesNo" : q.number ? "number" : q.date ? "date" : q.evidence ? "evidence" : q.table ? "table"
    : q.declaration ? "declaration" : "text";

/** The settings of table columns and the other types the model leaves open. */
interface Column {
  key: string;
  title: string;
  required?: boolean;
  textAnswer?: { maxLength?: number; multiline?: boolean };
  singleChoice?: { options: Option[] };
  yesNo?: { allowPartly?: boolean };
  number?: { min?: string; max?: string; integer?: boolean; unit?: string };
  date?: { min?: string; max?: string };
}
interface TableSettings { columns?: Column[]; minRows?: number; maxRows?: number }
interface EvidenceSettings { description?: string; minFiles?: number; maxFiles?: number }
interface ChoiceSettings { options: Option[]; minSelections?: number; maxSelections?: number }
const tableOf = (q?: Question) => q?.table as TableSettings | undefined;
const evidenceOf = (q?: Question) => q?.evidence as EvidenceSettings | undefined;
const choiceOf = (q?: Question) => (q?.singleChoice ?? q?.multipleChoice) as ChoiceSettings | undefined;

type ColumnKind = "shortText" | "longText" | "singleChoice" | "yesNo" | "number" | "date";
const columnKinds: [ColumnKind, string][] = [
  ["shortText", "Short text"],
  ["longText", "Long text"],
  ["singleChoice", "Single choice from a list"],
  ["yesNo", "Yes or no"],
  ["number", "Number"],
  ["date", "Date"],
];
const columnKindOf = (c: Column): ColumnKind =>
  c.textAnswer ? (c.textAnswer.multiline ? "longText" : "shortText") : c.singleChoice ? "singleChoice" : c.yesNo ? "yesNo"
    : c.number ? "number" : c.date ? "date" : "shortText";

const kindLabel = (q: Question) => {
  if (q.textAnswer) return q.textAnswer.multiline ? "Long text" : "Short text";
  if (q.rating) return "Rating: " + q.rating.grades.map((g) => g.label).join(", ");
  if (q.table) return "Table: " + (tableOf(q)?.columns ?? []).map((c) => c.title).join(", ");
  if (q.multipleChoice) return "Multiple choice: " + q.multipleChoice.options.map((o) => o.label || o.value).join(", ");
  if (q.singleChoice) return "Single choice: " + q.singleChoice.options.map((o) => o.label || o.value).join(", ");
  return kinds.find(([k]) => k === kindOf(q))?.[1] ?? "";
};

/** saveTemplate replaces the draft's name and sections, with its etag. */
const saveTemplate = (t: Template) =>
  call<Template>("PATCH", v1(t.name) + "?updateMask=display_name,sections", {
    etag: t.etag, displayName: t.displayName, sections: t.sections ?? [],
  });

const copy = (t: Template): Template => JSON.parse(JSON.stringify(t));

function Builder(props: { name: string; rest: string; caller: Caller }) {
  const loaded = useLoad(() => get<Template>(v1(props.name)), [props.name, props.rest]);
  const parts = props.rest.split("/");
  return (
    <Await loaded={loaded}>
      {(t) => {
        switch (parts[0]) {
          case "preview": return <Preview t={t} />;
          case "details": return <Details t={t} />;
          case "section": return <SectionForm t={t} index={parts[1] === "new" ? -1 : Number(parts[1])} />;
          case "question": return <QuestionForm t={t} section={Number(parts[1])} index={parts[2] === "new" ? -1 : Number(parts[2])} />;
          default: return <Overview t={t} onChange={loaded.set} />;
        }
      }}
    </Await>
  );
}

function Overview(props: { t: Template; onChange: (t: Template) => void }) {
  const t = props.t;
  const [error, setError] = useState<ApiError | null>(null);
  const [published, setPublished] = useState<TemplateVersion | null>(null);
  const [busy, setBusy] = useState(false);
  const sections = t.sections ?? [];
  const change = async (mutate: (s: Section[]) => void) => {
    const next = copy(t);
    next.sections = next.sections ?? [];
    mutate(next.sections);
    setBusy(true);
    try {
      props.onChange(await saveTemplate(next));
      setError(null);
    } catch (err) {
      setError(normalise(asError(err)));
    } finally {
      setBusy(false);
    }
  };
  const move = <T,>(list: T[], i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
  };
  const publish = async () => {
    setBusy(true);
    setPublished(null);
    try {
      const v = await post<TemplateVersion>(v1(t.name, ":publish"), { etag: t.etag });
      setPublished(v);
      setError(null);
      props.onChange(await get<Template>(v1(t.name)));
    } catch (err) {
      setError(normalise(asError(err)));
    } finally {
      setBusy(false);
    }
  };
  const partnership = t.name.split("/").slice(0, 2).join("/");
  return (
    <>
      <BackLink href={href("partnership", partnership)}>Back to the partnership</BackLink>
      {published ? (
        <Banner success title="Published">
          <p class="govuk-notification-banner__heading">Version {published.version} of {t.displayName} is published.</p>
          <p class="govuk-body"><a class="govuk-notification-banner__link" href={href("new-campaign", partnership)}>Set up a campaign with it</a></p>
        </Banner>
      ) : null}
      <ErrorSummary error={error} />
      <Caption>Template builder</Caption>
      <h1 class="govuk-heading-l">{t.displayName}</h1>
      <SummaryList rows={[
        { key: "Name", value: t.displayName, action: <a class="govuk-link" href={href("template", t.name, "details")}>Change<span class="govuk-visually-hidden"> name</span></a> },
        { key: "Kind of audit", value: templateKinds.find(([k]) => k === t.kind)?.[1] ?? "" },
        { key: "Published", value: t.latestVersion ? `Version ${t.latestVersion}` + (published ? "" : ". Changes since then are a draft until you publish again.") : "Not yet published" },
      ]} />
      <div class="app-inline-actions">
        <a class="govuk-button govuk-button--secondary" role="button" draggable={false} href={href("template", t.name, "preview")}>Preview</a>
        <Button type="button" onClick={publish} disabled={busy}>Publish</Button>
      </div>

      {sections.length === 0 ? <p class="govuk-body">This template has no sections yet.</p> : null}
      {sections.map((s, si) => (
        <section class="govuk-!-margin-bottom-8" key={si} aria-labelledby={"section-" + si}>
          <h2 class="govuk-heading-m" id={"section-" + si}>{s.code}: {s.title}</h2>
          {s.guidance ? <p class="govuk-body app-meaning">{s.guidance}</p> : null}
          {appliesToLabel((s as { appliesTo?: string[] }).appliesTo) ? <p class="govuk-body">Answered by: {appliesToLabel((s as { appliesTo?: string[] }).appliesTo)} only.</p> : null}
          <div class="app-inline-actions govuk-!-margin-bottom-4">
            <a class="govuk-link" href={href("template", t.name, "section/" + si)}>Change<span class="govuk-visually-hidden"> section {s.code}</span></a>
            {si > 0 ? <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy}
              onClick={() => change((l) => move(l, si, -1))}>Move up<span class="govuk-visually-hidden"> section {s.code}</span></button> : null}
            {si < sections.length - 1 ? <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy}
              onClick={() => change((l) => move(l, si, 1))}>Move down<span class="govuk-visually-hidden"> section {s.code}</span></button> : null}
            <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" disabled={busy}
              onClick={() => change((l) => l.splice(si, 1))}>Remove<span class="govuk-visually-hidden"> section {s.code}</span></button>
          </div>
          {(s.questions ?? []).length === 0 ? <p class="govuk-body">This section has no questions yet.</p> : (
            <Table caption={`Questions in ${s.code}`} head={["Question", "Key", "Answer", "Required", "Actions"]}
              rows={(s.questions ?? []).map((q, qi) => [
                q.text,
                <code>{q.key}</code>,
                kindLabel(q) + (q.actionRow ? "; creates an action row" : "") + (q.visibleIf ? "; shown only when " + q.visibleIf : ""),
                q.required ? "Yes" : "No",
                <ul class="govuk-list govuk-body-s">
                  <li><a class="govuk-link" href={href("template", t.name, `question/${si}/${qi}`)}>Change<span class="govuk-visually-hidden"> {q.key}</span></a></li>
                  {qi > 0 ? <li><button type="button" class="govuk-link app-link-button" disabled={busy}
                    onClick={() => change((l) => move(l[si].questions, qi, -1))}>Move up<span class="govuk-visually-hidden"> {q.key}</span></button></li> : null}
                  {qi < s.questions.length - 1 ? <li><button type="button" class="govuk-link app-link-button" disabled={busy}
                    onClick={() => change((l) => move(l[si].questions, qi, 1))}>Move down<span class="govuk-visually-hidden"> {q.key}</span></button></li> : null}
                  <li><button type="button" class="govuk-link app-link-button" disabled={busy}
                    onClick={() => change((l) => l[si].questions.splice(qi, 1))}>Remove<span class="govuk-visually-hidden"> {q.key}</span></button></li>
                </ul>,
              ])} />
          )}
          <a class="govuk-button govuk-button--secondary" role="button" draggable={false} href={href("template", t.name, `question/${si}/new`)}>
            Add a question<span class="govuk-visually-hidden"> to {s.code}</span>
          </a>
        </section>
      ))}
      <a class="govuk-button govuk-button--secondary" role="button" draggable={false} href={href("template", t.name, "section/new")}>Add a section</a>
    </>
  );
}

/** useSave saves a changed copy of the template and returns to the builder. */
function useSave(t: Template) {
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (mutate: (t: Template) => void, fail?: () => ApiError | null) => {
    const problem = fail?.();
    if (problem) {
      setError(problem);
      return;
    }
    const next = copy(t);
    next.sections = next.sections ?? [];
    mutate(next);
    try {
      await saveTemplate(next);
      navigate(href("template", t.name));
    } catch (err) {
      setError(normalise(asError(err)));
    }
  };
  return { error, save };
}

function Details(props: { t: Template }) {
  const [name, setName] = useState(props.t.displayName);
  const { error, save } = useSave(props.t);
  return (
    <>
      <BackLink href={href("template", props.t.name)}>Back to the template</BackLink>
      <ErrorSummary error={error} />
      <form onSubmit={(e) => { e.preventDefault(); void save((t) => { t.displayName = name; }); }} noValidate>
        <Caption>{props.t.displayName}</Caption>
        <h1 class="govuk-heading-l">Change the template's name</h1>
        <TextInput id={fieldId("displayName")} label="Template name" value={name} onInput={setName} error={errorFor(error, "displayName")} />
        <Button>Save name</Button>
      </form>
    </>
  );
}

/** The organisation types as templates name them in applies_to ("police", "early_years" …). */
const appliesToTypes = organisationTypes.map(([v, label]) => ({ value: v.replace(/^ORGANISATION_TYPE_/, "").toLowerCase(), label }));
const appliesToLabel = (list?: string[]) =>
  (list ?? []).map((t) => appliesToTypes.find((x) => x.value === t)?.label ?? t).join(", ");

function SectionForm(props: { t: Template; index: number }) {
  const sections = props.t.sections ?? [];
  const i = props.index < 0 ? sections.length : props.index;
  const existing = sections[i] as (Section & { appliesTo?: string[] }) | undefined;
  const [code, setCode] = useState(existing?.code ?? "S" + (sections.length + 1));
  const [title, setTitle] = useState(existing?.title ?? "");
  const [guidance, setGuidance] = useState(existing?.guidance ?? "");
  const [applies, setApplies] = useState<string[]>(existing?.appliesTo ?? []);
  const { error, save } = useSave(props.t);
  const p = `sections[${i}]`;
  // Types not offered here (written by an import, say) are kept as they are.
  const others = applies.filter((a) => !appliesToTypes.some((x) => x.value === a));
  const submit = (e: Event) => {
    e.preventDefault();
    void save((t) => {
      const s: Section & { appliesTo?: string[] } = { ...(existing ?? { questions: [] }), code, title, guidance, appliesTo: applies };
      if (existing) t.sections![i] = s;
      else t.sections!.push(s);
    });
  };
  return (
    <>
      <BackLink href={href("template", props.t.name)}>Back to the template</BackLink>
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <Caption>{props.t.displayName}</Caption>
        <h1 class="govuk-heading-l">{existing ? "Change section " + existing.code : "Add a section"}</h1>
        <TextInput id={fieldId(p + ".code")} label="Section code" width="5" value={code} onInput={setCode}
          hint="A short code such as S1, unique in this template." error={errorFor(error, p + ".code")} />
        <TextInput id={fieldId(p + ".title")} label="Section title" value={title} onInput={setTitle}
          hint="The standard or topic, such as Safer recruitment." error={errorFor(error, p + ".title")} />
        <Textarea id={fieldId(p + ".guidance")} label="Guidance for respondents (optional)" value={guidance} onInput={setGuidance}
          rows={4} error={errorFor(error, p + ".guidance")} />
        <Checkboxes id={fieldId(p + ".appliesTo")} label="Organisations that answer this section (optional)"
          hint={"Leave every box unticked for all organisations to answer it." + (others.length ? " Also kept: " + others.join(", ") + "." : "")}
          values={applies} onChange={setApplies} choices={appliesToTypes} error={errorFor(error, p + ".appliesTo")} />
        <Button>Save section</Button>
      </form>
    </>
  );
}

interface ColumnDraft {
  key: string;
  title: string;
  required: boolean;
  kind: ColumnKind;
  options: string;
  old?: Column;
}

interface QuestionDraft {
  key: string;
  text: string;
  help: string;
  required: boolean;
  actionRow: boolean;
  visibleIf: string;
  kind: Kind;
  grades: Grade[];
  multiline: boolean;
  maxLength: string;
  allowPartly: boolean;
  options: string;
  minSelections: string;
  maxSelections: string;
  min: string;
  max: string;
  unit: string;
  integer: boolean;
  dateMin: DateParts;
  dateMax: DateParts;
  evidenceDescription: string;
  minFiles: string;
  maxFiles: string;
  columns: ColumnDraft[];
  minRows: string;
  maxRows: string;
}

const noDate: DateParts = { day: "", month: "", year: "" };
/** isoParts splits a YYYY-MM-DD date into the boxes of a date input. */
const isoParts = (s?: string): DateParts => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? "");
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { ...noDate };
};
const blankParts = (d: DateParts) => !d.day.trim() && !d.month.trim() && !d.year.trim();
/** partsIso writes the boxes as YYYY-MM-DD: "" when blank, null when not a date. */
const partsIso = (d: DateParts): string | null => {
  if (blankParts(d)) return "";
  const date = partsToDate(d);
  if (!date) return null;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
};
const optionLines = (o?: Option[]) => (o ?? []).map((x) => x.label || x.value).join("\n");
/** whole reads a box of a whole number, 0 when blank; NaN when it is not one. */
const whole = (s: string) => (s.trim() === "" ? 0 : /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);
const wholeText = (n?: number) => (n ? String(n) : "");
/** keyOf makes a key from a title: lower case letters, digits and underscores, starting with a letter. */
const keyOf = (title: string) => {
  const k = slug(title).replace(/-/g, "_").slice(0, 63);
  return /^[a-z]/.test(k) ? k : ("c_" + k).slice(0, 63).replace(/_+$/, "");
};

function columnDraft(c?: Column): ColumnDraft {
  return {
    key: c?.key ?? "",
    title: c?.title ?? "",
    required: c?.required ?? false,
    kind: c ? columnKindOf(c) : "shortText",
    options: optionLines(c?.singleChoice?.options),
    old: c,
  };
}

function draftOf(q?: Question): QuestionDraft {
  const choice = choiceOf(q);
  const table = tableOf(q);
  const evidence = evidenceOf(q);
  const date = q?.date as { min?: string; max?: string } | undefined;
  return {
    key: q?.key ?? "",
    text: q?.text ?? "",
    help: q?.help ?? "",
    required: q ? !!q.required : true,
    actionRow: q?.actionRow ?? false,
    visibleIf: q?.visibleIf ?? "",
    kind: q ? kindOf(q) : "rating",
    grades: (q?.rating?.grades ?? ragPreset).map((g) => ({ ...g })),
    multiline: q?.textAnswer?.multiline ?? true,
    maxLength: q?.textAnswer?.maxLength ? String(q.textAnswer.maxLength) : "",
    allowPartly: (q?.yesNo as { allowPartly?: boolean } | undefined)?.allowPartly ?? false,
    options: optionLines(choice?.options),
    minSelections: wholeText(choice?.minSelections),
    maxSelections: wholeText(choice?.maxSelections),
    min: q?.number?.min ?? "",
    max: q?.number?.max ?? "",
    unit: q?.number?.unit ?? "",
    integer: q?.number?.integer ?? false,
    dateMin: isoParts(date?.min),
    dateMax: isoParts(date?.max),
    evidenceDescription: evidence?.description ?? "",
    minFiles: wholeText(evidence?.minFiles),
    maxFiles: wholeText(evidence?.maxFiles),
    columns: (table?.columns ?? []).map(columnDraft),
    minRows: wholeText(table?.minRows),
    maxRows: wholeText(table?.maxRows),
  };
}

/**
 * optionsOf reads the options, one a line. An option whose label is
 * unchanged keeps its stored value, so earlier answers still match it; a
 * new one gets a value made from its label.
 */
function optionsOf(text: string, old: Option[] = []): Option[] {
  const used = new Set<string>();
  const out: Option[] = [];
  for (const label of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const kept = old.find((o) => (o.label || o.value) === label && !used.has(o.value));
    let value = kept?.value ?? (slug(label).replace(/-/g, "_") || label.slice(0, 100));
    for (let n = 2; used.has(value); n++) value = (kept?.value ?? slug(label).replace(/-/g, "_")) + "_" + n;
    used.add(value);
    out.push({ value, label });
  }
  return out;
}

function columnOf(c: ColumnDraft): Column {
  const out: Column = { key: c.key.trim() || keyOf(c.title), title: c.title.trim(), required: c.required };
  const same = c.old && columnKindOf(c.old) === c.kind ? c.old : undefined;
  switch (c.kind) {
    case "shortText": out.textAnswer = { ...(same?.textAnswer ?? {}), multiline: false }; break;
    case "longText": out.textAnswer = { ...(same?.textAnswer ?? {}), multiline: true }; break;
    case "singleChoice": out.singleChoice = { options: optionsOf(c.options, c.old?.singleChoice?.options) }; break;
    case "yesNo": out.yesNo = same?.yesNo ?? {}; break;
    case "number": out.number = same?.number ?? {}; break;
    case "date": out.date = same?.date ?? {}; break;
  }
  return out;
}

function questionOf(d: QuestionDraft, old?: Question): Question {
  const q: any = {
    ...(old ?? {}), key: d.key.trim(), text: d.text.trim(), help: d.help.trim(), required: d.required, actionRow: d.actionRow,
    visibleIf: d.visibleIf.trim(),
  };
  for (const k of ["rating", "textAnswer", "singleChoice", "multipleChoice", "yesNo", "number", "date", "evidence", "table", "declaration"]) delete q[k];
  // Settings that only some types carry go when the type changes.
  if (d.kind !== "rating") delete q.actionRequiredBelow;
  switch (d.kind) {
    case "rating":
      q.rating = {
        ...(old?.rating ?? {}),
        grades: d.grades.map((g) => ({ ...g, value: g.value.trim(), label: g.label.trim(), colour: (g.colour ?? "").trim(), score: g.notApplicable ? 0 : g.score })),
      };
      break;
    case "text": q.textAnswer = { multiline: d.multiline, maxLength: Number(d.maxLength) || 0 }; break;
    case "yesNo": q.yesNo = { allowPartly: d.allowPartly }; break;
    case "number": q.number = { min: d.min.trim(), max: d.max.trim(), unit: d.unit.trim(), integer: d.integer }; break;
    case "singleChoice":
      q.singleChoice = { options: optionsOf(d.options, choiceOf(old)?.options) };
      break;
    case "multipleChoice":
      q.multipleChoice = {
        options: optionsOf(d.options, choiceOf(old)?.options),
        minSelections: whole(d.minSelections), maxSelections: whole(d.maxSelections),
      };
      break;
    case "date": q.date = { min: partsIso(d.dateMin) ?? "", max: partsIso(d.dateMax) ?? "" }; break;
    case "evidence":
      q.evidence = { description: d.evidenceDescription.trim(), minFiles: whole(d.minFiles), maxFiles: whole(d.maxFiles) };
      break;
    case "table":
      q.table = { columns: d.columns.map(columnOf), minRows: whole(d.minRows), maxRows: whole(d.maxRows) };
      break;
    case "declaration": q.declaration = {}; break;
  }
  return q as Question;
}

/** problemsOf finds what the server would refuse less helpfully, field by field. */
function problemsOf(d: QuestionDraft, p: string): Violation[] {
  const out: Violation[] = [];
  const add = (field: string, description: string) => out.push({ field: p + "." + field, description });
  const count = (field: string, value: string, what: string) => {
    if (Number.isNaN(whole(value))) add(field, `Enter ${what} as a whole number, such as 2, or leave it blank`);
  };
  switch (d.kind) {
    case "rating":
      if (d.grades.length === 0) add("rating.grades", "Add at least two grades");
      d.grades.forEach((g, gi) => {
        if (!g.value.trim()) add(`rating.grades[${gi}].value`, `Enter the value of grade ${gi + 1}`);
        else if (d.grades.findIndex((x) => x.value.trim() === g.value.trim()) < gi) add(`rating.grades[${gi}].value`, `Grade ${gi + 1}'s value is used by another grade`);
        if (!g.label.trim()) add(`rating.grades[${gi}].label`, `Enter the label of grade ${gi + 1}`);
        if ((g.colour ?? "").trim() && !/^#[0-9a-fA-F]{6}$/.test((g.colour ?? "").trim()))
          add(`rating.grades[${gi}].colour`, `Enter grade ${gi + 1}'s colour as # and 6 letters or digits, like #00703c`);
      });
      break;
    case "singleChoice":
    case "multipleChoice":
      if (!d.options.trim()) add(d.kind + ".options", "Enter the options, one on each line");
      if (d.kind === "multipleChoice") {
        count("multipleChoice.minSelections", d.minSelections, "the fewest options to choose");
        count("multipleChoice.maxSelections", d.maxSelections, "the most options to choose");
      }
      break;
    case "date":
      if (partsIso(d.dateMin) === null) add("date.min", "Enter the earliest date as a real date, or leave it blank");
      if (partsIso(d.dateMax) === null) add("date.max", "Enter the latest date as a real date, or leave it blank");
      break;
    case "evidence":
      count("evidence.minFiles", d.minFiles, "the fewest files");
      count("evidence.maxFiles", d.maxFiles, "the most files");
      break;
    case "table":
      if (d.columns.length === 0) add("table.columns", "Add at least one column");
      d.columns.forEach((c, ci) => {
        if (!c.title.trim()) add(`table.columns[${ci}].title`, `Enter the title of column ${ci + 1}`);
        if (c.kind === "singleChoice" && !c.options.trim()) add(`table.columns[${ci}].options`, `Enter the options of column ${ci + 1}, one on each line`);
      });
      count("table.minRows", d.minRows, "the fewest rows");
      count("table.maxRows", d.maxRows, "the most rows");
      break;
  }
  return out;
}

/**
 * pointAtInputs moves the server's findings about single options, grades'
 * sub-fields and column settings onto the inputs that hold them.
 */
function pointAtInputs(err: ApiError | null, p: string): ApiError | null {
  if (!err) return err;
  const violations = err.violations.map((v) => {
    let field = v.field;
    const option = new RegExp("^(" + esc(p) + "\\.(singleChoice|multipleChoice)\\.options)\\[").exec(field);
    if (option) field = option[1];
    const column = new RegExp("^(" + esc(p) + "\\.table\\.columns\\[\\d+\\])\\.(singleChoice|textAnswer|yesNo|number|date)\\b").exec(field);
    if (column) field = column[1] + (column[2] === "singleChoice" ? ".options" : ".type");
    return { ...v, field };
  });
  return new ApiError(err.status, err.message, violations, err.details);
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function QuestionForm(props: { t: Template; section: number; index: number }) {
  const s = props.t.sections?.[props.section];
  const qs = s?.questions ?? [];
  const i = props.index < 0 ? qs.length : props.index;
  const existing = qs[i];
  const [d, setD] = useState<QuestionDraft>(() => draftOf(existing));
  const set = (patch: Partial<QuestionDraft>) => setD((x) => ({ ...x, ...patch }));
  const saving = useSave(props.t);
  const p = `sections[${props.section}].questions[${i}]`;
  // One error object per failed save, so the summary takes focus once.
  const error = useMemo(() => pointAtInputs(saving.error, p), [saving.error, p]);
  if (!s) return <><h1 class="govuk-heading-l">Page not found</h1><p class="govuk-body">The template has no such section.</p></>;
  const err = (f: string) => errorFor(error, p + "." + f);
  const submit = (e: Event) => {
    e.preventDefault();
    void saving.save((t) => {
      const q = questionOf(d, existing);
      const list = t.sections![props.section].questions ?? (t.sections![props.section].questions = []);
      if (existing) list[i] = q;
      else list.push(q);
    }, () => {
      const problems = problemsOf(d, p);
      return problems.length ? new ApiError(400, "invalid argument", problems) : null;
    });
  };
  const grade = (gi: number, patch: Partial<Grade>) => set({ grades: d.grades.map((g, j) => (j === gi ? { ...g, ...patch } : g)) });
  const addGrade = () => {
    const top = Math.max(0, ...d.grades.filter((g) => !g.notApplicable).map((g) => g.score ?? 0));
    set({ grades: [...d.grades, { value: "", label: "", colour: "", score: top + 1, meaning: "" }] });
  };
  const column = (ci: number, patch: Partial<ColumnDraft>) => set({ columns: d.columns.map((c, j) => (j === ci ? { ...c, ...patch } : c)) });
  const changed = existing && kindOf(existing) !== d.kind;
  return (
    <>
      <BackLink href={href("template", props.t.name)}>Back to the template</BackLink>
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <Caption>{props.t.displayName}: {s.code} {s.title}</Caption>
        <h1 class="govuk-heading-l">{existing ? "Change question " + existing.key : "Add a question to " + s.code}</h1>
        <TextInput id={fieldId(p + ".key")} label="Question key" width="20" value={d.key} onInput={(v) => set({ key: v })}
          hint="A short, stable name for reports, such as q_supervision: lower case letters, numbers and underscores, starting with a letter."
          error={err("key")} />
        <Textarea id={fieldId(p + ".text")} label="Question text" rows={2} value={d.text} onInput={(v) => set({ text: v })} error={err("text")} />
        <Textarea id={fieldId(p + ".help")} label="Help text (optional)" rows={2} value={d.help} onInput={(v) => set({ help: v })} error={err("help")} />
        <Select id={fieldId(p + ".type")} label="Type of answer" value={d.kind} onChange={(v) => set({ kind: v as Kind })}
          hint={existing ? "Answers already given stay with the question's key. Change the type only if the question now asks for something else." : undefined}
          choices={kinds.map(([value, label]) => ({ value, label }))} error={err("type")} />
        {changed ? (
          <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
              You are changing this question from {kinds.find(([k]) => k === kindOf(existing!))?.[1].toLowerCase()} to {kinds.find(([k]) => k === d.kind)?.[1].toLowerCase()}. Its settings for the old type will be lost when you save.</strong>
          </div>
        ) : null}

        {d.kind === "rating" ? (
          <fieldset class={"govuk-fieldset govuk-!-margin-bottom-6" + (err("rating.grades") ? " govuk-form-group--error" : "")} id={fieldId(p + ".rating.grades")}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Grades of the rating scale</legend>
            <div class="govuk-hint">Red, Amber and Green to start with. Change, add or remove grades; the score ranks them in reports, lowest first.</div>
            {err("rating.grades") ? <p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {err("rating.grades")}</p> : null}
            {d.grades.map((g, gi) => {
              const gp = `${p}.rating.grades[${gi}]`;
              const name = g.label.trim() || `grade ${gi + 1}`;
              return (
                <fieldset key={gi} class="govuk-fieldset app-grade">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                    {/^#[0-9a-fA-F]{6}$/.test(g.colour ?? "") ? <span class="app-swatch" style={{ background: g.colour }} aria-hidden="true" /> : null}
                    Grade {gi + 1}{g.label.trim() ? ": " + g.label.trim() : ""}
                  </legend>
                  <TextInput id={fieldId(gp + ".label")} label={`Label of grade ${gi + 1}`} value={g.label}
                    onInput={(v) => grade(gi, { label: v })} error={err(`rating.grades[${gi}].label`)} />
                  <TextInput id={fieldId(gp + ".value")} label={`Value of grade ${gi + 1}`} width="10" value={g.value}
                    hint="Stored in answers and exports, such as green. Keep it once answers are given." onInput={(v) => grade(gi, { value: v })}
                    error={err(`rating.grades[${gi}].value`)} />
                  <TextInput id={fieldId(gp + ".colour")} label={`Colour of grade ${gi + 1} (optional)`} width="10" value={g.colour ?? ""}
                    hint="# and 6 letters or digits, such as #00703c for green." onInput={(v) => grade(gi, { colour: v })}
                    error={err(`rating.grades[${gi}].colour`)} />
                  {g.notApplicable ? null : (
                    <TextInput id={fieldId(gp + ".score")} label={`Score of grade ${gi + 1}`} width="3" inputmode="numeric" value={String(g.score ?? "")}
                      onInput={(v) => grade(gi, { score: /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : (v.trim() === "" ? 0 : g.score) })}
                      error={err(`rating.grades[${gi}].score`)} />
                  )}
                  <Textarea id={fieldId(gp + ".meaning")} label={`What grade ${gi + 1} means (optional)`} rows={2} value={g.meaning ?? ""}
                    onInput={(v) => grade(gi, { meaning: v })} error={err(`rating.grades[${gi}].meaning`)} />
                  <Check id={fieldId(gp + ".notApplicable")} label={`Grade ${gi + 1} means "not applicable"`} hint="It carries no score and is left out of scores."
                    checked={!!g.notApplicable} onChange={(v) => grade(gi, { notApplicable: v })} />
                  <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-4"
                    onClick={() => set({ grades: d.grades.filter((_, j) => j !== gi) })}>
                    Remove grade {gi + 1}<span class="govuk-visually-hidden">: {name}</span>
                  </button>
                </fieldset>
              );
            })}
            <div class="app-inline-actions">
              <Button type="button" variant="secondary" onClick={addGrade}>Add a grade</Button>
              <Button type="button" variant="secondary" onClick={() => set({ grades: ragPreset.map((g) => ({ ...g })) })}>Use Red, Amber, Green</Button>
            </div>
          </fieldset>
        ) : null}
        {d.kind === "text" ? (
          <>
            <Check id={fieldId(p + ".textAnswer.multiline")} label="Long answer over several lines" checked={d.multiline} onChange={(v) => set({ multiline: v })} />
            <TextInput id={fieldId(p + ".textAnswer.maxLength")} label="Longest answer, in characters (optional)" width="5" inputmode="numeric"
              value={d.maxLength} onInput={(v) => set({ maxLength: v })} error={err("textAnswer.maxLength")} />
          </>
        ) : null}
        {d.kind === "yesNo" ? (
          <Check id={fieldId(p + ".yesNo.allowPartly")} label={`Offer "Partly" as well as yes and no`} checked={d.allowPartly} onChange={(v) => set({ allowPartly: v })} />
        ) : null}
        {d.kind === "number" ? (
          <>
            <TextInput id={fieldId(p + ".number.min")} label="Smallest number accepted (optional)" width="5" value={d.min} onInput={(v) => set({ min: v })} error={err("number.min")} />
            <TextInput id={fieldId(p + ".number.max")} label="Largest number accepted (optional)" width="5" value={d.max} onInput={(v) => set({ max: v })} error={err("number.max")} />
            <TextInput id={fieldId(p + ".number.unit")} label="Unit (optional)" width="10" hint="For example, children" value={d.unit} onInput={(v) => set({ unit: v })} error={err("number.unit")} />
            <Check id={fieldId(p + ".number.integer")} label="Whole numbers only" checked={d.integer} onChange={(v) => set({ integer: v })} />
          </>
        ) : null}
        {d.kind === "singleChoice" || d.kind === "multipleChoice" ? (
          <Textarea id={fieldId(`${p}.${d.kind}.options`)} label="Options" rows={4}
            hint="One option on each line. An option you leave unchanged keeps matching the answers already given."
            value={d.options} onInput={(v) => set({ options: v })} error={err(d.kind + ".options")} />
        ) : null}
        {d.kind === "multipleChoice" ? (
          <>
            <TextInput id={fieldId(p + ".multipleChoice.minSelections")} label="Fewest options to choose (optional)" width="3" inputmode="numeric"
              value={d.minSelections} onInput={(v) => set({ minSelections: v })} error={err("multipleChoice.minSelections")} />
            <TextInput id={fieldId(p + ".multipleChoice.maxSelections")} label="Most options to choose (optional)" width="3" inputmode="numeric"
              hint="Leave blank for no limit." value={d.maxSelections} onInput={(v) => set({ maxSelections: v })} error={err("multipleChoice.maxSelections")} />
          </>
        ) : null}
        {d.kind === "date" ? (
          <>
            <DateInput id={fieldId(p + ".date.min")} legend="Earliest date accepted (optional)" value={d.dateMin}
              onChange={(v) => set({ dateMin: v })} error={err("date.min")} />
            <DateInput id={fieldId(p + ".date.max")} legend="Latest date accepted (optional)" hint="For example, 31 3 2027" value={d.dateMax}
              onChange={(v) => set({ dateMax: v })} error={err("date.max")} />
          </>
        ) : null}
        {d.kind === "evidence" ? (
          <>
            <Textarea id={fieldId(p + ".evidence.description")} label="What counts as evidence (optional)" rows={3}
              hint="For example, your safeguarding policy and the latest training records." value={d.evidenceDescription}
              onInput={(v) => set({ evidenceDescription: v })} error={err("evidence.description")} />
            <TextInput id={fieldId(p + ".evidence.minFiles")} label="Fewest files to upload (optional)" width="3" inputmode="numeric"
              value={d.minFiles} onInput={(v) => set({ minFiles: v })} error={err("evidence.minFiles")} />
            <TextInput id={fieldId(p + ".evidence.maxFiles")} label="Most files to upload (optional)" width="3" inputmode="numeric"
              hint="Leave blank for the usual limit of 50." value={d.maxFiles} onInput={(v) => set({ maxFiles: v })} error={err("evidence.maxFiles")} />
          </>
        ) : null}
        {d.kind === "table" ? (
          <fieldset class={"govuk-fieldset govuk-!-margin-bottom-6" + (err("table.columns") ? " govuk-form-group--error" : "")} id={fieldId(p + ".table.columns")}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Columns of the table</legend>
            <div class="govuk-hint">Respondents add rows, such as the events of a chronology, with a value in each column.</div>
            {err("table.columns") ? <p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {err("table.columns")}</p> : null}
            {d.columns.map((c, ci) => {
              const cp = `${p}.table.columns[${ci}]`;
              const ce = (f: string) => err(`table.columns[${ci}].${f}`);
              return (
                <fieldset key={ci} class="govuk-fieldset app-grade">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Column {ci + 1}{c.title.trim() ? ": " + c.title.trim() : ""}</legend>
                  <TextInput id={fieldId(cp + ".title")} label={`Title of column ${ci + 1}`} value={c.title} onInput={(v) => column(ci, { title: v })} error={ce("title")} />
                  <TextInput id={fieldId(cp + ".key")} label={`Key of column ${ci + 1} (optional)`} width="20" value={c.key}
                    hint="Lower case letters, numbers and underscores. Leave blank to make one from the title." onInput={(v) => column(ci, { key: v })} error={ce("key")} />
                  <Select id={fieldId(cp + ".type")} label={`Type of column ${ci + 1}`} value={c.kind} onChange={(v) => column(ci, { kind: v as ColumnKind })}
                    choices={columnKinds.map(([value, label]) => ({ value, label }))} error={ce("type")} />
                  {c.kind === "singleChoice" ? (
                    <Textarea id={fieldId(cp + ".options")} label={`Options of column ${ci + 1}`} hint="One option on each line." rows={3}
                      value={c.options} onInput={(v) => column(ci, { options: v })} error={ce("options")} />
                  ) : null}
                  <Check id={fieldId(cp + ".required")} label={`Every row needs a value in column ${ci + 1}`} checked={c.required} onChange={(v) => column(ci, { required: v })} />
                  <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-4"
                    onClick={() => set({ columns: d.columns.filter((_, j) => j !== ci) })}>
                    Remove column {ci + 1}<span class="govuk-visually-hidden">{c.title.trim() ? ": " + c.title.trim() : ""}</span>
                  </button>
                </fieldset>
              );
            })}
            <Button type="button" variant="secondary" onClick={() => set({ columns: [...d.columns, columnDraft()] })}>Add a column</Button>
            <TextInput id={fieldId(p + ".table.minRows")} label="Fewest rows (optional)" width="3" inputmode="numeric"
              value={d.minRows} onInput={(v) => set({ minRows: v })} error={err("table.minRows")} />
            <TextInput id={fieldId(p + ".table.maxRows")} label="Most rows (optional)" width="3" inputmode="numeric"
              hint="Leave blank for the usual limit of 500." value={d.maxRows} onInput={(v) => set({ maxRows: v })} error={err("table.maxRows")} />
          </fieldset>
        ) : null}
        {d.kind === "declaration" ? (
          <p class="govuk-body">Respondents confirm the question text as a statement, such as "I confirm these answers are accurate".</p>
        ) : null}

        <Check id={fieldId(p + ".required")} label="An answer is required" hint="Respondents cannot submit without answering it."
          checked={d.required} onChange={(v) => set({ required: v })} />
        <Check id={fieldId(p + ".actionRow")} label="Creates an action row" hint="Respondents add actions (what, who, by when) that feed the action plan."
          checked={d.actionRow} onChange={(v) => set({ actionRow: v })} />
        <TextInput id={fieldId(p + ".visibleIf")} label="Show only when (optional)" value={d.visibleIf} onInput={(v) => set({ visibleIf: v })}
          hint="A condition on other answers, such as answers.q_dbs == 'no'. Leave blank to always show the question." error={err("visibleIf")} />
        <Button>Save question</Button>
      </form>
    </>
  );
}

/** QuestionPreview shows a question's input as a respondent sees it. */
export function QuestionPreview(props: { q: Question; id: string }) {
  const { q, id } = props;
  const [v, setV] = useState("");
  const [vs, setVs] = useState<string[]>([]);
  const [on, setOn] = useState(false);
  const label = q.text + (q.required ? "" : " (optional)");
  if (q.rating) {
    return <Radios id={id} label={label} hint={q.help} value={v} onChange={setV} legendClass="govuk-fieldset__legend--s"
      choices={q.rating.grades.map((g) => ({ value: g.value, label: g.label, hint: g.meaning }))} />;
  }
  if (q.yesNo) {
    const partly = (q.yesNo as { allowPartly?: boolean }).allowPartly;
    return <Radios id={id} label={label} hint={q.help} value={v} onChange={setV} inline
      choices={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }, ...(partly ? [{ value: "partly", label: "Partly" }] : [])]} />;
  }
  if (q.singleChoice) return <Radios id={id} label={label} hint={q.help} value={v} onChange={setV} choices={q.singleChoice.options.map((o) => ({ value: o.value, label: o.label || o.value }))} />;
  if (q.multipleChoice) return <Checkboxes id={id} label={label} hint={q.help} values={vs} onChange={setVs} choices={q.multipleChoice.options.map((o) => ({ value: o.value, label: o.label || o.value }))} />;
  if (q.declaration) return <Check id={id} label={q.text} hint={q.help} checked={on} onChange={setOn} />;
  if (q.date) return <TextInput id={id} label={label} hint={q.help || "For example, 2027-03-31"} type="date" value={v} onInput={setV} />;
  if (q.evidence) {
    const e = evidenceOf(q);
    return (
      <div class="govuk-form-group">
        <label class="govuk-label" for={id}>{label}</label>
        {q.help || e?.description ? <div class="govuk-hint" id={id + "-hint"}>{[q.help, e?.description].filter(Boolean).join(" ")}</div> : null}
        <input class="govuk-file-upload" id={id} type="file" multiple aria-describedby={q.help || e?.description ? id + "-hint" : undefined} />
      </div>
    );
  }
  if (q.table) {
    const cols = tableOf(q)?.columns ?? [];
    return (
      <div class="govuk-form-group">
        <Table caption={label} head={cols.map((c) => c.title + (c.required ? "" : " (optional)"))}
          rows={[cols.map((c) => columnKinds.find(([k]) => k === columnKindOf(c))?.[1] ?? "")]} />
        <p class="govuk-body-s">Respondents add a row for each entry.</p>
      </div>
    );
  }
  if (q.textAnswer?.multiline) return <Textarea id={id} label={label} hint={q.help} value={v} onInput={setV} />;
  return <TextInput id={id} label={label} hint={q.help} value={v} onInput={setV} width={q.number ? "10" : undefined} />;
}

function Preview(props: { t: Template }) {
  const t = props.t;
  return (
    <>
      <BackLink href={href("template", t.name)}>Back to the template</BackLink>
      <Caption>Preview</Caption>
      <h1 class="govuk-heading-l">{t.displayName}</h1>
      <div class="govuk-inset-text">This is how respondents will see the questions. Nothing you enter here is saved.</div>
      {(t.sections ?? []).map((s, si) => (
        <section key={si} class="govuk-!-margin-bottom-8" aria-labelledby={"preview-" + si}>
          <h2 class="govuk-heading-m" id={"preview-" + si}>{s.code}: {s.title}</h2>
          {s.guidance ? <p class="govuk-body">{s.guidance}</p> : null}
          {(s.questions ?? []).map((q) => (
            <div key={q.key}>
              <QuestionPreview q={q} id={"preview-" + q.key} />
              {q.actionRow ? <p class="govuk-body-s">Respondents can add actions to their action plan here.</p> : null}
            </div>
          ))}
        </section>
      ))}
      <a class="govuk-link" href={href("template", t.name)}>Back to the template</a>
    </>
  );
}

export const templatePages: Record<string, Page> = {
  template: {
    title: (r) => (r.rest === "preview" ? "Template preview" : "Template builder") + " – " + last(r.name),
    render: ({ route, caller }) => <Builder name={route.name} rest={route.rest} caller={caller} />,
  },
};
