// An audit's overview: its sections as a task list with their status,
// what QA returned, evidence, and the way to check and submit.
import { useState } from "preact/hooks";
import { ApiError, asError, download, listAll, v1 } from "../../api";
import { Await, useLoad } from "../../components/layout";
import { Banner, Button, ErrorSummary, Tag } from "../../components/govuk";
import { ukDate } from "../../model";
import { href } from "../../router";
import { isAnswered } from "../../answers";
import { StateTag, progressText } from "./audits";
import { loadAnswering, uploadEvidence, type Answering, type Evidence } from "./load";

/** Overview shows one audit's sections and what to do next. */
export function Overview(props: { name: string }) {
  const loaded = useLoad(() => loadAnswering(props.name), [props.name]);
  return <Await loaded={loaded}>{(a) => <OverviewOf a={a} />}</Await>;
}

function OverviewOf({ a }: { a: Answering }) {
  const s = a.submission;
  const answers = new Map((s.answers ?? []).map((x) => [x.questionKey, x]));
  const returned = s.state === "SUBMISSION_STATE_RETURNED";
  const carried = (sec: { questions: { key: string }[] }) => sec.questions.filter((q) => answers.get(q.key)?.broughtForward).length;
  return (
    <>
      <span class="govuk-caption-l">{a.version.template.displayName}</span>
      <h1 class="govuk-heading-l">{s.campaignDisplayName}</h1>
      <dl class="govuk-summary-list govuk-summary-list--no-border">
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value"><StateTag s={s} /></dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Due</dt><dd class="govuk-summary-list__value">{ukDate(s.dueTime)}{s.overdue ? <> <Tag colour="govuk-tag--red">Overdue</Tag></> : null}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Progress</dt><dd class="govuk-summary-list__value">{progressText(s)}</dd></div>
      </dl>
      {returned ? (
        <Banner title="Returned by QA">
          <h2 class="govuk-notification-banner__heading">Your quality assurance officer returned this audit with {s.qaComments?.length ?? 0} comment(s).</h2>
          <ul class="govuk-list govuk-list--bullet">
            {(s.qaComments ?? []).map((c) => {
              const sec = a.sections.find((x) => x.questions.some((q) => q.key === c.questionKey));
              const q = sec?.questions.find((x) => x.key === c.questionKey);
              return (
                <li key={c.questionKey}>
                  <a class="govuk-link" href={href("respond", s.name, "section/" + sec?.code) + "#q-" + c.questionKey}>{q?.text ?? c.questionKey}</a>: {c.text}
                </li>
              );
            })}
          </ul>
        </Banner>
      ) : null}
      <h2 class="govuk-heading-m">Sections</h2>
      <ul class="govuk-task-list">
        {a.sections.map((sec) => {
          const p = s.progress?.sections?.find((x) => x.section === sec.code);
          const answered = sec.questions.filter((q) => isAnswered(q, answers.get(q.key))).length;
          const status = returned && sec.questions.some((q) => s.reopenedKeys?.includes(q.key))
            ? <Tag colour="govuk-tag--orange">Returned</Tag>
            : p && (p.required ?? 0) > 0 && (p.answered ?? 0) >= (p.required ?? 0) ? "Completed"
            : answered > 0 ? <Tag colour="govuk-tag--light-blue">In progress</Tag>
            : <Tag colour="govuk-tag--grey">Not yet started</Tag>;
          const id = "task-" + sec.code;
          return (
            <li class="govuk-task-list__item govuk-task-list__item--with-link" key={sec.code}>
              <div class="govuk-task-list__name-and-hint">
                <a class="govuk-link govuk-task-list__link" href={href("respond", s.name, "section/" + sec.code)} aria-describedby={id + "-status"}>
                  {sec.code}. {sec.title}
                </a>
                <div class="govuk-task-list__hint">
                  {answered} of {sec.questions.length} questions answered
                  {carried(sec) ? `; ${carried(sec)} brought forward to confirm` : ""}
                </div>
              </div>
              <div class="govuk-task-list__status" id={id + "-status"}>{status}</div>
            </li>
          );
        })}
      </ul>
      <p class="govuk-body">
        <a class="govuk-link" href={href("respond", s.name, "review")}>Check your answers and submit</a>
      </p>
      <ul class="govuk-list">
        <li><a class="govuk-link" href={href("respond", s.name, "actions")}>Action plan</a></li>
        <li><a class="govuk-link" href={href("respond", s.name, "contributors")}>Contributors</a></li>
      </ul>
      <EvidenceList submission={s.name} />
    </>
  );
}

/** EvidenceList lists and uploads a submission's supporting files. */
function EvidenceList(props: { submission: string }) {
  const loaded = useLoad(() => listAll<Evidence>(v1(props.submission, "/evidence"), "evidence"), [props.submission]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  const upload = async (e: Event) => {
    e.preventDefault();
    const input = document.getElementById("f-file") as HTMLInputElement;
    const file = input.files?.[0];
    setDone("");
    if (!file) {
      setError(new ApiError(400, "", [{ field: "file", description: "Select a file to upload" }]));
      return;
    }
    try {
      await uploadEvidence(props.submission, file);
      setError(null);
      setDone(file.name);
      input.value = "";
      loaded.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const fileError = error?.violations.find((v) => v.field === "file")?.description ?? (error && !error.violations.length ? error.message : undefined);
  return (
    <>
      <h2 class="govuk-heading-m">Evidence</h2>
      <Await loaded={loaded}>
        {(list) => list.length === 0 ? <p class="govuk-body">No files uploaded yet.</p> : (
          <ul class="govuk-list">
            {list.map((ev) => (
              <li key={ev.name}>
                <a class="govuk-link" href={v1(ev.name, ":download")} onClick={(e) => { e.preventDefault(); download(v1(ev.name, ":download"), ev.fileName).catch((err) => setError(asError(err))); }}>{ev.fileName}</a>
                {" "}<span class="govuk-body-s">uploaded {ukDate(ev.uploadTime)}</span>
              </li>
            ))}
          </ul>
        )}
      </Await>
      {done ? <p class="govuk-body" role="status">{done} uploaded.</p> : null}
      <ErrorSummary items={fileError ? [{ field: "file", description: fileError }] : []} />
      <form onSubmit={upload} noValidate>
        <div class={"govuk-form-group" + (fileError ? " govuk-form-group--error" : "")}>
          <label class="govuk-label" for="f-file">Upload a file</label>
          <div id="f-file-hint" class="govuk-hint">Policies, training records or minutes that support your answers, up to 20 MB.</div>
          {fileError ? <p id="f-file-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {fileError}</p> : null}
          <input class={"govuk-file-upload" + (fileError ? " govuk-file-upload--error" : "")} id="f-file" name="file" type="file"
            aria-describedby={"f-file-hint" + (fileError ? " f-file-error" : "")} />
        </div>
        <Button variant="secondary">Upload file</Button>
      </form>
    </>
  );
}
