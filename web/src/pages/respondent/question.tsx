// One question as a form field of its type, with its help, the meaning of
// each rating beside the choices, a QA comment and a brought-forward note.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Answer, Question } from "../../model";
import { Checkboxes, Radios, TextInput, Textarea } from "../../components/govuk";
import { display, kind } from "../../answers";

/** QuestionField edits one answer. */
export function QuestionField(props: {
  q: Question;
  a: Answer;
  onChange: (a: Answer) => void;
  error?: string;
  comment?: string;
  editable: boolean;
  onConfirm?: () => void;
  onUpload?: (file: File) => Promise<void>;
}) {
  const { q, a } = props;
  const id = "f-" + q.key;
  const label = q.text + (q.required ? "" : " (optional)");
  const set = (patch: Partial<Answer>) => props.onChange({ questionKey: q.key, ...patch });
  const hint = (
    <>
      {q.help ? <span class="govuk-!-display-block">{q.help}</span> : null}
      {props.comment ? (
        <span class="govuk-!-display-block govuk-!-font-weight-bold">QA comment: {props.comment}</span>
      ) : null}
    </>
  );
  const hasHint = !!(q.help || props.comment);
  let field;
  if (!props.editable) {
    field = (
      <div class="govuk-form-group">
        <h2 class="govuk-heading-s govuk-!-margin-bottom-1">{q.text}</h2>
        <p class="govuk-body">{display(q, a)}</p>
      </div>
    );
  } else {
    switch (kind(q)) {
      case "rating":
        field = <Radios id={id} label={label} hint={hasHint ? hint : undefined} error={props.error} value={a.grade ?? ""}
          legendClass="govuk-fieldset__legend--m"
          choices={(q.rating?.grades ?? []).map((g) => ({ value: g.value, label: g.label, hint: g.meaning }))}
          onChange={(v) => set({ grade: v })} />;
        break;
      case "singleChoice":
        field = <Radios id={id} label={label} hint={hasHint ? hint : undefined} error={props.error} value={a.choice ?? ""}
          legendClass="govuk-fieldset__legend--m"
          choices={q.singleChoice?.options ?? []} onChange={(v) => set({ choice: v })} />;
        break;
      case "multipleChoice":
        field = <Checkboxes id={id} label={label} hint={hasHint ? hint : undefined} error={props.error} values={a.choices ?? []}
          choices={q.multipleChoice?.options ?? []} onChange={(v) => set({ choices: v })} />;
        break;
      case "yesNo":
        field = <Radios id={id} label={label} hint={hasHint ? hint : undefined} error={props.error} value={a.yesNo ?? ""} inline
          legendClass="govuk-fieldset__legend--m"
          choices={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} onChange={(v) => set({ yesNo: v })} />;
        break;
      case "number":
        field = <TextInput id={id} label={label} labelClass="govuk-label--m" hint={hasHint ? hint : undefined} error={props.error}
          value={a.number ?? ""} width="10" inputmode="decimal" onInput={(v) => set({ number: v })} />;
        break;
      case "date":
        field = <TextInput id={id} label={label} labelClass="govuk-label--m" hint={<>{hint}For example, 2027-03-31</>} error={props.error}
          type="date" value={a.date ?? ""} onInput={(v) => set({ date: v })} />;
        break;
      case "declaration":
        field = <Checkboxes id={id} label={q.text} hint={hasHint ? hint : undefined} error={props.error}
          values={a.confirmed ? ["yes"] : []} choices={[{ value: "yes", label: "Yes, I confirm" }]}
          onChange={(v) => set({ confirmed: v.includes("yes") })} />;
        break;
      case "evidence":
        field = <EvidenceField q={q} a={a} label={label} error={props.error} hint={hasHint ? hint : undefined}
          onUpload={props.onUpload} onChange={(evidence) => set({ evidence })} />;
        break;
      case "table":
        field = (
          <div class="govuk-form-group">
            <h2 class="govuk-heading-m">{q.text}</h2>
            <p class="govuk-body">{display(q, a)}</p>
            <p class="govuk-hint">Upload files for this question from the audit's overview page.</p>
          </div>
        );
        break;
      default:
        field = q.textAnswer?.multiline === false
          ? <TextInput id={id} label={label} labelClass="govuk-label--m" hint={hasHint ? hint : undefined} error={props.error}
              value={a.text ?? ""} onInput={(v) => set({ text: v })} />
          : <Textarea id={id} label={label} labelClass="govuk-label--m" hint={hasHint ? hint : undefined} error={props.error}
              value={a.text ?? ""} maxLength={q.textAnswer?.maxLength} onInput={(v) => set({ text: v })} />;
    }
  }
  return (
    <div id={"q-" + q.key} class="app-question">
      {a.broughtForward ? (
        <div class="govuk-inset-text">
          This answer was brought forward from the last audit. Check it is still right, change it if not, then confirm it.
          {props.editable && props.onConfirm ? (
            <div><button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-2"
              onClick={props.onConfirm}>Confirm this answer<span class="govuk-visually-hidden">: {q.text}</span></button></div>
          ) : null}
        </div>
      ) : null}
      {field}
    </div>
  );
}

/**
 * EvidenceField attaches files to an answer: each is uploaded to the
 * submission's evidence and named in the answer, which autosaves.
 */
function EvidenceField(props: {
  q: Question;
  a: Answer;
  label: string;
  error?: string;
  hint?: ComponentChildren;
  onUpload?: (file: File) => Promise<void>;
  onChange: (refs: NonNullable<Answer["evidence"]>) => void;
}) {
  const id = "f-" + props.q.key;
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const files = props.a.evidence ?? [];
  const error = problem || props.error;
  const upload = async () => {
    const input = document.getElementById(id) as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) {
      setProblem("Select a file to attach");
      return;
    }
    setBusy(true);
    try {
      await props.onUpload?.(file);
      setProblem("");
      input.value = "";
    } catch (e) {
      setProblem((e as Error).message || "The file could not be uploaded");
    } finally {
      setBusy(false);
    }
  };
  const described = [props.hint || props.q.evidence?.description ? id + "-hint" : "", error ? id + "-error" : ""].filter(Boolean).join(" ");
  return (
    <div class={"govuk-form-group" + (error ? " govuk-form-group--error" : "")}>
      <label class="govuk-label govuk-label--m" for={id}>{props.label}</label>
      {props.hint || props.q.evidence?.description ? (
        <div id={id + "-hint"} class="govuk-hint">
          {props.q.evidence?.description ? <span class="govuk-!-display-block">{props.q.evidence.description}</span> : null}
          {props.hint}
        </div>
      ) : null}
      {error ? <p id={id + "-error"} class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {error}</p> : null}
      {files.length ? (
        <ul class="govuk-list" aria-label={"Files attached to: " + props.q.text}>
          {files.map((f) => (
            <li key={f.id}>
              {f.name}{" "}
              <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-table-button"
                onClick={() => props.onChange(files.filter((x) => x.id !== f.id))}>
                Remove<span class="govuk-visually-hidden"> {f.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : <p class="govuk-body">No files attached yet.</p>}
      <input class={"govuk-file-upload" + (error ? " govuk-file-upload--error" : "")} id={id} name={id} type="file"
        aria-describedby={described || undefined} />
      <div>
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-top-2" disabled={busy} onClick={() => void upload()}>
          Upload and attach<span class="govuk-visually-hidden"> to: {props.q.text}</span>
        </button>
      </div>
    </div>
  );
}
