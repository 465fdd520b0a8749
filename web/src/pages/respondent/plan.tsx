// The action plan: actions raised against answers, with their owner, due
// date, status and a trail of progress updates.
import { useState } from "preact/hooks";
import { ApiError, call, listAll, post, v1 } from "../../api";
import { Await, useLoad } from "../../components/layout";
import { BackLink, Button, ErrorSummary, Select, TextInput, Textarea, errorFor } from "../../components/govuk";
import { last, ukDate, type Action } from "../../model";
import { href } from "../../router";
import { loadAnswering } from "./load";

const statuses: [string, string][] = [
  ["ACTION_STATUS_NOT_STARTED", "Not started"],
  ["ACTION_STATUS_ON_TRACK", "On track"],
  ["ACTION_STATUS_AT_RISK", "At risk"],
  ["ACTION_STATUS_OFF_TRACK", "Off track"],
  ["ACTION_STATUS_COMPLETE", "Complete"],
];
const statusLabel = (s: string) => statuses.find(([v]) => v === s)?.[1] ?? s;

/** Plan lists and edits a submission's actions. */
export function Plan(props: { name: string }) {
  const loaded = useLoad(async () => {
    const [a, actions] = await Promise.all([loadAnswering(props.name), listAll<Action>(v1(props.name, "/actions"), "actions")]);
    return { a, actions };
  }, [props.name]);
  return (
    <Await loaded={loaded}>
      {({ a, actions }) => {
        const questions = a.sections.flatMap((s) => s.questions.map((q) => ({ value: q.key, label: `${s.code}: ${q.text}` })));
        return (
          <>
            <BackLink href={href("respond", props.name)}>Back to the audit</BackLink>
            <span class="govuk-caption-l">{a.submission.campaignDisplayName}</span>
            <h1 class="govuk-heading-l">Action plan</h1>
            {actions.length === 0 ? <p class="govuk-body">No actions yet.</p> : actions.map((x) => (
              <ActionCard key={x.name} action={x} question={questions.find((q) => q.value === x.questionKey)?.label ?? x.questionKey} onSaved={loaded.reload} />
            ))}
            <NewAction submission={props.name} questions={questions} onSaved={loaded.reload} />
          </>
        );
      }}
    </Await>
  );
}

function ActionCard(props: { action: Action; question: string; onSaved: () => void }) {
  const x = props.action;
  const [status, setStatus] = useState(x.status);
  const [note, setNote] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const id = last(x.name);
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    try {
      await call("PATCH", v1(x.name, "?updateMask=status,progressNote"), { etag: x.etag, status, progressNote: note });
      setError(null);
      setSaved(true);
      setNote("");
      props.onSaved();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title">{x.title}</h2>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Question</dt><dd class="govuk-summary-list__value">{props.question}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Owner</dt><dd class="govuk-summary-list__value">{x.owner}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Due</dt><dd class="govuk-summary-list__value">{ukDate(x.dueDate)}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">{statusLabel(x.status)}</dd></div>
          {x.progressNote ? <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Latest update</dt><dd class="govuk-summary-list__value">{x.progressNote}</dd></div> : null}
        </dl>
        <ErrorSummary error={error} />
        {saved ? <p class="govuk-body" role="status">Update saved.</p> : null}
        <form onSubmit={save} noValidate>
          <Select id={"f-status-" + id} label="Status" value={status} onChange={setStatus}
            choices={statuses.map(([value, label]) => ({ value, label }))} error={errorFor(error, "status")} />
          <Textarea id={"f-note-" + id} label="Progress update" rows={3} value={note} onInput={setNote} error={errorFor(error, "progress_note", "progressNote")} />
          <Button variant="secondary">Save update<span class="govuk-visually-hidden"> to {x.title}</span></Button>
        </form>
      </div>
    </div>
  );
}

function NewAction(props: { submission: string; questions: { value: string; label: string }[]; onSaved: () => void }) {
  const [f, setF] = useState({ questionKey: props.questions[0]?.value ?? "", title: "", owner: "", dueDate: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const add = async (e: Event) => {
    e.preventDefault();
    try {
      await post(v1(props.submission, "/actions"), f);
      setError(null);
      setF({ ...f, title: "", owner: "", dueDate: "" });
      props.onSaved();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <>
      <h2 class="govuk-heading-m">Add an action</h2>
      <ErrorSummary error={error} />
      <form onSubmit={add} noValidate>
        <Select id="f-action.question_key" label="Question it answers" value={f.questionKey} onChange={set("questionKey")}
          choices={props.questions} error={errorFor(error, "question_key")} />
        <TextInput id="f-action.title" label="What will be done" value={f.title} onInput={set("title")} error={errorFor(error, "title")} />
        <TextInput id="f-action.owner" label="Who owns it" value={f.owner} onInput={set("owner")} error={errorFor(error, "owner")} width="20" />
        <TextInput id="f-action.due_date" label="Due date" hint="For example, 2027-03-31" type="date" value={f.dueDate} onInput={set("dueDate")}
          error={errorFor(error, "due_date")} />
        <Button>Add action</Button>
      </form>
    </>
  );
}
