// The template builder: a template's sections and questions, each changed
// in its own form and saved to the draft at once (with the etag last
// read, so nobody's changes are overwritten), a preview as respondents
// will see it, and publishing.
import { useState } from "preact/hooks";
import { ApiError, call, get, post, v1 } from "../../api";
import {
  BackLink, Banner, Button, ErrorSummary, Radios, Select, SummaryList, Table, TextInput, Textarea, errorFor, fieldId,
} from "../../components/govuk";
import { Await, useLoad } from "../../components/layout";
import type { Caller, Grade, Question, Section, Template, TemplateVersion } from "../../model";
import { last } from "../../model";
import { href, navigate } from "../../router";
import type { Page } from "../page";
import { Caption, Check, asError, normalise, slug, templateKinds } from "./util";

/** The Red/Amber/Green scale most Section 11 audits use. */
export const ragPreset: Grade[] = [
  { value: "red", label: "Not met", colour: "#d4351c", score: 1, meaning: "The standard is not met, or there is little evidence that it is." },
  { value: "amber", label: "Partly met", colour: "#f47738", score: 2, meaning: "The standard is partly met and some improvement is needed." },
  { value: "green", label: "Fully met", colour: "#00703c", score: 3, meaning: "The standard is fully met and there is evidence to show it." },
];

type Kind = "rating" | "text" | "yesNo" | "number" | "singleChoice" | "declaration";
const kinds: [Kind, string][] = [
  ["rating", "Rating scale (Red, Amber, Green)"],
  ["text", "Text"],
  ["yesNo", "Yes or no"],
  ["number", "Number"],
  ["singleChoice", "Single choice from a list"],
  ["declaration", "Declaration to confirm"],
];

const kindOf = (q: Question): Kind =>
  q.rating ? "rating" : q.textAnswer ? "text" : q.yesNo ? "yesNo" : q.number ? "number" : q.singleChoice ? "singleChoice" : "declaration";
const kindLabel = (q: Question) => {
  if (q.multipleChoice) return "Multiple choice";
  if (q.date) return "Date";
  if (q.evidence) return "Evidence";
  if (q.table) return "Table";
  if (q.textAnswer) return q.textAnswer.multiline ? "Long text" : "Short text";
  if (q.rating) return "Rating: " + q.rating.grades.map((g) => g.label).join(", ");
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
                kindLabel(q) + (q.actionRow ? "; creates an action row" : ""),
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

function SectionForm(props: { t: Template; index: number }) {
  const sections = props.t.sections ?? [];
  const i = props.index < 0 ? sections.length : props.index;
  const existing = sections[i];
  const [code, setCode] = useState(existing?.code ?? "S" + (sections.length + 1));
  const [title, setTitle] = useState(existing?.title ?? "");
  const [guidance, setGuidance] = useState(existing?.guidance ?? "");
  const { error, save } = useSave(props.t);
  const p = `sections[${i}]`;
  const submit = (e: Event) => {
    e.preventDefault();
    void save((t) => {
      const s: Section = { ...(existing ?? { questions: [] }), code, title, guidance };
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
        <Button>Save section</Button>
      </form>
    </>
  );
}

interface QuestionDraft {
  key: string;
  text: string;
  help: string;
  required: boolean;
  actionRow: boolean;
  kind: Kind;
  grades: Grade[];
  multiline: boolean;
  maxLength: string;
  options: string;
  min: string;
  max: string;
  unit: string;
  integer: boolean;
}

function draftOf(q?: Question): QuestionDraft {
  return {
    key: q?.key ?? "",
    text: q?.text ?? "",
    help: q?.help ?? "",
    required: q?.required ?? true,
    actionRow: q?.actionRow ?? false,
    kind: q ? kindOf(q) : "rating",
    grades: q?.rating?.grades ?? ragPreset.map((g) => ({ ...g })),
    multiline: q?.textAnswer?.multiline ?? true,
    maxLength: q?.textAnswer?.maxLength ? String(q.textAnswer.maxLength) : "",
    options: (q?.singleChoice?.options ?? []).map((o) => o.label || o.value).join("\n"),
    min: q?.number?.min ?? "",
    max: q?.number?.max ?? "",
    unit: q?.number?.unit ?? "",
    integer: q?.number?.integer ?? false,
  };
}

function questionOf(d: QuestionDraft, old?: Question): Question {
  const q: any = { ...(old ?? {}), key: d.key.trim(), text: d.text.trim(), help: d.help.trim(), required: d.required, actionRow: d.actionRow };
  for (const k of ["rating", "textAnswer", "singleChoice", "multipleChoice", "yesNo", "number", "date", "evidence", "table", "declaration"]) delete q[k];
  switch (d.kind) {
    case "rating": q.rating = { ...(old?.rating ?? {}), grades: d.grades }; break;
    case "text": q.textAnswer = { multiline: d.multiline, maxLength: Number(d.maxLength) || 0 }; break;
    case "yesNo": q.yesNo = {}; break;
    case "number": q.number = { min: d.min.trim(), max: d.max.trim(), unit: d.unit.trim(), integer: d.integer }; break;
    case "singleChoice":
      q.singleChoice = { options: d.options.split("\n").map((l) => l.trim()).filter(Boolean).map((label) => ({ value: slug(label).replace(/-/g, "_") || label, label })) };
      break;
    case "declaration": q.declaration = {}; break;
  }
  return q as Question;
}

function QuestionForm(props: { t: Template; section: number; index: number }) {
  const s = props.t.sections?.[props.section];
  const qs = s?.questions ?? [];
  const i = props.index < 0 ? qs.length : props.index;
  const existing = qs[i];
  const [d, setD] = useState<QuestionDraft>(() => draftOf(existing));
  const set = (patch: Partial<QuestionDraft>) => setD((x) => ({ ...x, ...patch }));
  const { error, save } = useSave(props.t);
  if (!s) return <><h1 class="govuk-heading-l">Page not found</h1><p class="govuk-body">The template has no such section.</p></>;
  const p = `sections[${props.section}].questions[${i}]`;
  const err = (f: string) => errorFor(error, p + "." + f);
  const submit = (e: Event) => {
    e.preventDefault();
    void save((t) => {
      const q = questionOf(d, existing);
      const list = t.sections![props.section].questions ?? (t.sections![props.section].questions = []);
      if (existing) list[i] = q;
      else list.push(q);
    }, () => d.kind === "singleChoice" && !d.options.trim()
      ? new ApiError(400, "invalid argument", [{ field: p + ".singleChoice.options", description: "Enter the options, one on each line" }])
      : null);
  };
  const grade = (gi: number, patch: Partial<Grade>) => set({ grades: d.grades.map((g, j) => (j === gi ? { ...g, ...patch } : g)) });
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
          choices={kinds.map(([value, label]) => ({ value, label }))} error={err("type")} />

        {d.kind === "rating" ? (
          <fieldset class="govuk-fieldset govuk-!-margin-bottom-6">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Grades of the rating scale</legend>
            <div class="govuk-hint">The standard Red, Amber, Green scale. Change the labels and what each grade means if you need to.</div>
            {d.grades.map((g, gi) => (
              <div key={g.value} class="app-meaning">
                <p class="govuk-body govuk-!-font-weight-bold"><span class="app-swatch" style={{ background: g.colour }} aria-hidden="true" />{g.value}</p>
                <TextInput id={fieldId(`${p}.rating.grades[${gi}].label`)} label={`Label of the ${g.value} grade`} value={g.label}
                  onInput={(v) => grade(gi, { label: v })} error={err(`rating.grades[${gi}].label`)} />
                <Textarea id={fieldId(`${p}.rating.grades[${gi}].meaning`)} label={`What the ${g.value} grade means`} rows={2} value={g.meaning ?? ""}
                  onInput={(v) => grade(gi, { meaning: v })} error={err(`rating.grades[${gi}].meaning`)} />
              </div>
            ))}
          </fieldset>
        ) : null}
        {d.kind === "text" ? (
          <>
            <Check id={fieldId(p + ".textAnswer.multiline")} label="Long answer over several lines" checked={d.multiline} onChange={(v) => set({ multiline: v })} />
            <TextInput id={fieldId(p + ".textAnswer.maxLength")} label="Longest answer, in characters (optional)" width="5" inputmode="numeric"
              value={d.maxLength} onInput={(v) => set({ maxLength: v })} error={err("textAnswer.maxLength")} />
          </>
        ) : null}
        {d.kind === "number" ? (
          <>
            <TextInput id={fieldId(p + ".number.min")} label="Smallest number accepted (optional)" width="5" value={d.min} onInput={(v) => set({ min: v })} error={err("number.min")} />
            <TextInput id={fieldId(p + ".number.max")} label="Largest number accepted (optional)" width="5" value={d.max} onInput={(v) => set({ max: v })} error={err("number.max")} />
            <TextInput id={fieldId(p + ".number.unit")} label="Unit (optional)" width="10" hint="For example, children" value={d.unit} onInput={(v) => set({ unit: v })} error={err("number.unit")} />
            <Check id={fieldId(p + ".number.integer")} label="Whole numbers only" checked={d.integer} onChange={(v) => set({ integer: v })} />
          </>
        ) : null}
        {d.kind === "singleChoice" ? (
          <Textarea id={fieldId(p + ".singleChoice.options")} label="Options" hint="One option on each line." rows={4}
            value={d.options} onInput={(v) => set({ options: v })} error={err("singleChoice.options")} />
        ) : null}

        <Check id={fieldId(p + ".required")} label="An answer is required" hint="Respondents cannot submit without answering it."
          checked={d.required} onChange={(v) => set({ required: v })} />
        <Check id={fieldId(p + ".actionRow")} label="Creates an action row" hint="Respondents add actions (what, who, by when) that feed the action plan."
          checked={d.actionRow} onChange={(v) => set({ actionRow: v })} />
        <Button>Save question</Button>
      </form>
    </>
  );
}

/** QuestionPreview shows a question's input as a respondent sees it. */
export function QuestionPreview(props: { q: Question; id: string }) {
  const { q, id } = props;
  const [v, setV] = useState("");
  const [on, setOn] = useState(false);
  const label = q.text + (q.required ? "" : " (optional)");
  if (q.rating) {
    return <Radios id={id} label={label} hint={q.help} value={v} onChange={setV} legendClass="govuk-fieldset__legend--s"
      choices={q.rating.grades.map((g) => ({ value: g.value, label: g.label, hint: g.meaning }))} />;
  }
  if (q.yesNo) return <Radios id={id} label={label} hint={q.help} value={v} onChange={setV} inline choices={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} />;
  if (q.singleChoice) return <Radios id={id} label={label} hint={q.help} value={v} onChange={setV} choices={q.singleChoice.options.map((o) => ({ value: o.value, label: o.label || o.value }))} />;
  if (q.declaration) return <Check id={id} label={q.text} hint={q.help} checked={on} onChange={setOn} />;
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
