// Answering one section: every question of it with autosave, a visible
// saved state, and unsaved changes kept in the browser and sent again.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Autosaver, type SaveState } from "../../autosave";
import { Await, useLoad } from "../../components/layout";
import { BackLink, Button, ErrorSummary } from "../../components/govuk";
import { last, type Answer, type Submission } from "../../model";
import { get, v1, type ApiError } from "../../api";
import { href, navigate } from "../../router";
import { kind, valueOnly } from "../../answers";
import { QuestionField } from "./question";
import { editable, hasConditions, loadAnswering, shownSections, uploadEvidence, type Answering } from "./load";

/** The question types whose answers are typed, so saved once typing pauses. */
const typed = new Set(["textAnswer", "number", "date"]);

/** SectionPage answers one section of an audit. */
export function SectionPage(props: { name: string; code: string }) {
  const loaded = useLoad(() => loadAnswering(props.name), [props.name]);
  return <Await loaded={loaded}>{(a) => <SectionForm a={a} code={props.code} key={props.code} />}</Await>;
}

function SectionForm({ a, code }: { a: Answering; code: string }) {
  const s = a.submission;
  const all = a.version.template.sections ?? [];
  // Which questions show can change with the answers: after a save, a
  // form with conditions reads the submission again to learn them.
  const [hidden, setHidden] = useState<string[]>(s.hiddenKeys ?? []);
  const sections = useMemo(() => shownSections(all, { ...s, hiddenKeys: hidden }), [hidden]);
  const conditional = useMemo(() => hasConditions(all), [all]);
  const index = sections.findIndex((x) => x.code === code);
  const section = sections[index] ?? all.find((x) => x.code === code);
  const [answers, setAnswers] = useState<Record<string, Answer>>(() =>
    Object.fromEntries((s.answers ?? []).map((x) => [x.questionKey, x])));
  const [save, setSave] = useState<SaveState>({ kind: "saved" });
  const saver = useRef<Autosaver | null>(null);

  useEffect(() => {
    const sv = new Autosaver(s.name, s.answers ?? [], setSave, (saved) => {
      setAnswers((cur) => {
        const next = { ...cur };
        for (const x of saved) next[x.questionKey] = { ...next[x.questionKey], version: x.version, broughtForward: x.broughtForward };
        return next;
      });
      if (conditional) {
        get<Submission>(v1(s.name)).then((now) => setHidden(now.hiddenKeys ?? []), () => undefined);
      }
    });
    // Changes kept in the browser from before win over the server's copy
    // until they are sent.
    const kept = sv.kept();
    if (Object.keys(kept).length) setAnswers((cur) => ({ ...cur, ...kept }));
    saver.current = sv;
    return () => sv.close();
  }, [s.name]);

  useEffect(() => {
    if (save.kind === "conflict") {
      setAnswers((cur) => ({ ...cur, ...Object.fromEntries(save.current.map((x) => [x.questionKey, x])) }));
    }
  }, [save]);

  const errors = useMemo(() => {
    if (save.kind !== "refused") return [];
    return save.error.violations.map((v) => {
      const m = /^answers\[(\d+)\]/.exec(v.field);
      const key = m ? save.keys[Number(m[1])] : undefined;
      return { field: key ?? v.field, description: v.description };
    });
  }, [save]);

  if (!section) {
    return <><h1 class="govuk-heading-l">Page not found</h1><p class="govuk-body">This audit has no section {code}.</p></>;
  }
  const change = (x: Answer) => {
    setAnswers((cur) => ({ ...cur, [x.questionKey]: { ...cur[x.questionKey], ...x, broughtForward: false } }));
    const q = section.questions.find((y) => y.key === x.questionKey);
    saver.current?.change(valueOnly({ ...x }), !q || typed.has(kind(q)));
  };
  const next = index >= 0 && index + 1 < sections.length ? href("respond", s.name, "section/" + sections[index + 1].code) : href("respond", s.name, "review");
  const leave = (to: string) => async (e: Event) => {
    e.preventDefault();
    if (await saver.current!.flush()) navigate(to);
  };
  const comments = new Map((s.qaComments ?? []).map((c) => [c.questionKey, c.text]));
  const anyEditable = section.questions.some((q) => !hidden.includes(q.key) && editable(s, q.key));
  return (
    <>
      <BackLink href={href("respond", s.name)}>Back to the audit</BackLink>
      <ErrorSummary items={errors.map((e) => ({ field: e.field, description: e.description }))}
        error={save.kind === "refused" && !errors.length ? save.error : null} />
      <span class="govuk-caption-l">{s.campaignDisplayName} – section {index + 1} of {sections.length}</span>
      <h1 class="govuk-heading-l">{section.code}. {section.title}</h1>
      {section.guidance ? <div class="govuk-inset-text"><h2 class="govuk-heading-s">Guidance</h2><p class="govuk-body">{section.guidance}</p></div> : null}
      <SaveStatus state={save} />
      {save.kind === "conflict" ? (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            Someone else changed {save.current.length === 1 ? "an answer" : "answers"} here while you were working. Their answer is shown; check it and change it if you need to.
          </strong>
        </div>
      ) : null}
      <form onSubmit={leave(next)} noValidate>
        {index < 0 ? <p class="govuk-body">This section does not apply to your organisation with the answers given.</p> : null}
        {section.questions.filter((q) => !hidden.includes(q.key)).map((q) => (
          <QuestionField key={q.key} q={q} a={answers[q.key] ?? { questionKey: q.key }} onChange={change}
            error={errors.find((e) => e.field === q.key)?.description} comment={comments.get(q.key)}
            editable={editable(s, q.key)}
            onConfirm={() => change(valueOnly(answers[q.key]))}
            onUpload={async (file) => {
              const ev = await uploadEvidence(s.name, file).catch((e: ApiError) => {
                throw new Error(e.violations[0]?.description || e.message);
              });
              const current = answers[q.key]?.evidence ?? [];
              change({ questionKey: q.key, evidence: [...current, { name: ev.fileName, id: last(ev.name) }] });
            }} />
        ))}
        <div class="govuk-button-group">
          <Button>{anyEditable ? "Save and continue" : "Continue"}</Button>
          <a class="govuk-link" href={href("respond", s.name)} onClick={leave(href("respond", s.name))}>Save and come back later</a>
        </div>
      </form>
    </>
  );
}

/** SaveStatus tells whether the answers on the page are saved. */
export function SaveStatus({ state }: { state: SaveState }) {
  let text = "";
  let cls = "";
  switch (state.kind) {
    case "saved":
      text = state.at ? "All changes saved at " + state.at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) : "";
      break;
    case "pending":
    case "saving":
      text = "Saving…";
      cls = " app-saved--pending";
      break;
    case "offline":
      text = "Not saved yet: cannot reach Assure. Your changes are kept in this browser and will be sent again.";
      cls = " app-saved--error";
      break;
    case "refused":
      text = "Not saved: check the problem shown above.";
      cls = " app-saved--error";
      break;
    case "conflict":
      text = "Not saved: someone else changed an answer.";
      cls = " app-saved--error";
  }
  return <p class={"govuk-body app-saved" + cls} role="status" aria-live="polite" data-save-state={state.kind}>{text}</p>;
}
