// Check your answers, then sign off and submit.
import { useState } from "preact/hooks";
import { ApiError, post, v1 } from "../../api";
import { Await, useLoad } from "../../components/layout";
import { BackLink, Button, ErrorSummary } from "../../components/govuk";
import type { Submission } from "../../model";
import { href } from "../../router";
import { display, isAnswered } from "../../answers";
import { StateTag } from "./audits";
import { editable, loadAnswering, type Answering } from "./load";

/** Review shows every answer and submits the audit. */
export function Review(props: { name: string }) {
  const loaded = useLoad(() => loadAnswering(props.name), [props.name]);
  return <Await loaded={loaded}>{(a) => <ReviewOf a={a} />}</Await>;
}

function ReviewOf({ a }: { a: Answering }) {
  const [s, setS] = useState<Submission>(a.submission);
  const [error, setError] = useState<ApiError | null>(null);
  const answers = new Map((s.answers ?? []).map((x) => [x.questionKey, x]));
  const open = ["SUBMISSION_STATE_NOT_STARTED", "SUBMISSION_STATE_IN_PROGRESS", "SUBMISSION_STATE_RETURNED"].includes(s.state);
  const missing = a.sections.flatMap((sec) => sec.questions.filter((q) => q.required && !isAnswered(q, answers.get(q.key))).map((q) => ({ sec, q })));

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (missing.length) {
      setError(new ApiError(400, "", missing.map(({ q }) => ({ field: "missing-" + q.key, description: "Answer: " + q.text }))));
      return;
    }
    try {
      setS(await post<Submission>(v1(s.name, ":submit"), { etag: s.etag }));
    } catch (err) {
      const e2 = err as ApiError;
      setError(e2.status === 403 ? new ApiError(403, "Only your organisation's lead can sign off and submit this audit. Ask them to submit it.") :
        e2.status === 409 ? new ApiError(409, "Someone changed this audit while you were checking it. Reload the page to see their changes, then submit.") : e2);
    }
  };

  if (s.state === "SUBMISSION_STATE_SUBMITTED" && s.submitTime && !open) {
    return (
      <>
        <div class="govuk-panel govuk-panel--confirmation">
          <h1 class="govuk-panel__title">Audit submitted</h1>
          <div class="govuk-panel__body">{s.campaignDisplayName}</div>
        </div>
        <p class="govuk-body">Your partnership's quality assurance officer will review it. If they return it with comments you will see them on the audit's page.</p>
        <p class="govuk-body"><a class="govuk-link" href="/audits">Back to my audits</a></p>
      </>
    );
  }
  return (
    <>
      <BackLink href={href("respond", s.name)}>Back to the audit</BackLink>
      <ErrorSummary error={error} />
      <span class="govuk-caption-l">{s.campaignDisplayName}</span>
      <h1 class="govuk-heading-l">Check your answers before submitting</h1>
      <p class="govuk-body">Status: <StateTag s={s} /></p>
      {a.sections.map((sec) => (
        <div key={sec.code}>
          <h2 class="govuk-heading-m">{sec.code}. {sec.title}</h2>
          <dl class="govuk-summary-list govuk-!-margin-bottom-9">
            {sec.questions.map((q) => {
              const miss = q.required && !isAnswered(q, answers.get(q.key));
              return (
                <div class="govuk-summary-list__row" key={q.key} id={"f-missing-" + q.key}>
                  <dt class="govuk-summary-list__key">{q.text}</dt>
                  <dd class="govuk-summary-list__value">
                    {miss ? <strong class="govuk-tag govuk-tag--red">Required: not answered</strong> : display(q, answers.get(q.key))}
                    {answers.get(q.key)?.broughtForward ? <> <strong class="govuk-tag govuk-tag--yellow">Brought forward: confirm</strong></> : null}
                  </dd>
                  <dd class="govuk-summary-list__actions">
                    {editable(s, q.key) ? (
                      <a class="govuk-link" href={href("respond", s.name, "section/" + sec.code) + "#q-" + q.key}>
                        Change<span class="govuk-visually-hidden"> {q.text}</span>
                      </a>
                    ) : null}
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
      ))}
      {open ? (
        <form onSubmit={submit} noValidate>
          <h2 class="govuk-heading-m">Sign off and submit</h2>
          <p class="govuk-body">By submitting you confirm, as your organisation's lead, that these answers are accurate to the best of your knowledge.</p>
          <Button>Submit audit</Button>
        </form>
      ) : null}
    </>
  );
}
