// QA review of one return: every question with its answer, a comment box
// for each, and returning it with comments (only the questions commented
// on reopen) or accepting it.
import { useState } from "preact/hooks";
import { ApiError, get, post, v1, asError } from "../../api";
import { BackLink, Banner, Button, ErrorSummary, Tag, Textarea, fieldId } from "../../components/govuk";
import { Await, useLoad } from "../../components/layout";
import type { Answer, Campaign, Organisation, Question, Submission, TemplateVersion } from "../../model";
import { last, submissionStates, ukDate } from "../../model";
import { href } from "../../router";
import type { Page } from "../page";
import { shownSections } from "../respondent/load";
import { Caption, normalise } from "./util";

interface Review {
  submission: Submission;
  version: TemplateVersion;
  organisation: string;
  campaign: Campaign | null;
}

/** answerText says what an answer is, in words. */
export function answerText(q: Question, a?: Answer & { actions?: { what: string; who: string; due?: string }[] }): string {
  if (!a) return "Not answered";
  if (q.rating) {
    const g = q.rating.grades.find((g) => g.value === a.grade);
    return g ? g.label : a.grade || "Not answered";
  }
  if (q.yesNo) return a.yesNo === "yes" ? "Yes" : a.yesNo === "no" ? "No" : a.yesNo === "partly" ? "Partly" : "Not answered";
  if (q.declaration) return a.confirmed ? "Confirmed" : "Not confirmed";
  if (q.singleChoice) return q.singleChoice.options.find((o) => o.value === a.choice)?.label ?? a.choice ?? "Not answered";
  if (q.multipleChoice) return (a.choices ?? []).map((c) => q.multipleChoice!.options.find((o) => o.value === c)?.label ?? c).join(", ") || "Not answered";
  if (q.number) return a.number ? a.number + (q.number.unit ? " " + q.number.unit : "") : "Not answered";
  if (q.date) return a.date || "Not answered";
  return a.text || "Not answered";
}

function QaReview(props: { name: string }) {
  const loaded = useLoad<Review>(async () => {
    const submission = await get<Submission>(v1(props.name));
    const campaignName = props.name.split("/").slice(0, 4).join("/");
    const [version, org, campaign] = await Promise.all([
      get<TemplateVersion>(v1(submission.templateVersion!)),
      get<Organisation>(v1(submission.organisation)).catch(() => null),
      get<Campaign>(v1(campaignName)).catch(() => null),
    ]);
    return { submission, version, organisation: org?.displayName ?? last(submission.organisation), campaign };
  }, [props.name]);
  const [comments, setComments] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <Await loaded={loaded}>
      {(r) => {
        const s = r.submission;
        // Only what the organisation was shown, as it answered it.
        const sections = shownSections(r.version.template.sections ?? [], s);
        const firstKey = sections.flatMap((x) => x.questions ?? [])[0]?.key ?? "";
        const open = s.state === "SUBMISSION_STATE_SUBMITTED";
        const [label, colour] = submissionStates[s.state] ?? [s.state, "govuk-tag--grey"];
        const act = async (what: "return" | "accept") => {
          const list = Object.entries(comments).filter(([, t]) => t.trim()).map(([questionKey, text]) => ({ questionKey, text: text.trim() }));
          if (what === "return" && list.length === 0) {
            setError(new ApiError(400, "invalid argument", [{ field: "comments." + firstKey, description: "Add a comment to at least one question before you return it" }]));
            return;
          }
          setBusy(true);
          setNotice("");
          try {
            const body = what === "return" ? { etag: s.etag, comments: list } : { etag: s.etag };
            const done = await post<Submission>(v1(s.name, ":" + what), body);
            setError(null);
            setComments({});
            setNotice(what === "return"
              ? `The return was sent back to ${r.organisation} with ${list.length} ${list.length === 1 ? "comment" : "comments"}. Only ${list.length === 1 ? "that question is" : "those questions are"} reopened.`
              : `You accepted ${r.organisation}'s return.`);
            loaded.set({ ...r, submission: { ...s, ...done } });
          } catch (err) {
            setError(normalise(asError(err)));
          } finally {
            setBusy(false);
          }
        };
        const campaign = s.name.split("/").slice(0, 4).join("/");
        return (
          <>
            <BackLink href={href("campaign", campaign)}>Back to the campaign</BackLink>
            {notice ? <Banner success><p class="govuk-notification-banner__heading">{notice}</p></Banner> : null}
            <ErrorSummary error={error} />
            <Caption>{r.campaign?.displayName ?? s.campaignDisplayName ?? "QA review"}</Caption>
            <h1 class="govuk-heading-l">QA review: {r.organisation}</h1>
            <p class="govuk-body">
              <Tag colour={colour}>{label}</Tag>
              {s.submitTime ? <> Handed in {ukDate(s.submitTime)}.</> : null}
            </p>
            {open ? <p class="govuk-body">Read each answer. Comment on any you want the organisation to change, then return it, or accept it.</p> : null}
            {sections.map((sec) => (
              <section key={sec.code} class="govuk-!-margin-bottom-8" aria-labelledby={"qa-" + sec.code}>
                <h2 class="govuk-heading-m" id={"qa-" + sec.code}>{sec.code}: {sec.title}</h2>
                {(sec.questions ?? []).map((q) => {
                  const a = (s.answers ?? []).find((x) => x.questionKey === q.key) as any;
                  const previous = (s.qaComments ?? []).filter((c) => c.questionKey === q.key);
                  return (
                    <div key={q.key} class="app-meaning govuk-!-margin-bottom-6">
                      <h3 class="govuk-heading-s">{q.text}</h3>
                      <p class="govuk-body app-answer">{answerText(q, a)}</p>
                      {a?.actions?.length ? (
                        <ul class="govuk-list govuk-list--bullet">
                          {a.actions.map((x: any, i: number) => <li key={i}>{x.what} ({x.who}{x.due ? ", by " + ukDate(x.due) : ""})</li>)}
                        </ul>
                      ) : null}
                      {previous.length ? (
                        <div class="govuk-inset-text">
                          <p class="govuk-body govuk-!-font-weight-bold">QA comment{s.reopenedKeys?.includes(q.key) ? " (reopened)" : ""}</p>
                          {previous.map((c, i) => <p class="govuk-body" key={i}>{c.text}</p>)}
                        </div>
                      ) : null}
                      {open ? (
                        <Textarea id={fieldId("comments." + q.key)} label={`Comment on “${q.text}” (optional)`} rows={2}
                          value={comments[q.key] ?? ""} onInput={(v) => setComments((c) => ({ ...c, [q.key]: v }))}
                          error={error?.violations.find((v) => v.field === "comments." + q.key)?.description} />
                      ) : null}
                    </div>
                  );
                })}
              </section>
            ))}
            {open ? (
              <div class="govuk-button-group">
                <Button type="button" variant="secondary" onClick={() => act("return")} disabled={busy}>Return with comments</Button>
                <Button type="button" onClick={() => act("accept")} disabled={busy}>Accept</Button>
              </div>
            ) : (
              <p class="govuk-body"><a class="govuk-link" href={href("campaign", campaign)}>Back to the campaign</a></p>
            )}
          </>
        );
      }}
    </Await>
  );
}

export const qaPages: Record<string, Page> = {
  qa: { title: "QA review", render: ({ route }) => <QaReview name={route.name} /> },
};
