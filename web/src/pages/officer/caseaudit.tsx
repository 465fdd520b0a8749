// Multi-agency case audits: rapid reviews of serious incident
// notifications with their working-day clock, and case file audit rounds
// from sampling to findings. The partnership's page lists both.
import { useState } from "preact/hooks";
import { ApiError, call, get, listAll, post, v1, asError, download } from "../../api";
import {
  BackLink, Banner, Button, Checkboxes, ErrorSummary, Radios, Select, SummaryList, Table, Tag, TextInput, Textarea, errorFor, fieldId,
} from "../../components/govuk";
import { Await, useLoad } from "../../components/layout";
import type { Caller, Organisation, Partnership, Template, TemplateVersion } from "../../model";
import { last, ukDate } from "../../model";
import { Name } from "../../names";
import { href, navigate } from "../../router";
import type { Page } from "../page";
import { Caption, DateInput, PageSection, camelPath, canAdminister, dateParts, partsToDate, slug } from "./util";
import type { DateParts } from "./util";

// ---- The API's shapes ------------------------------------------------

interface Milestone {
  key: string;
  label: string;
  workingDays?: number;
  dueDate?: string;
  doneDate?: string;
}

interface AgencySummary {
  agency: string;
  summary?: string;
  receiveTime?: string;
}

interface ReviewClock {
  nextMilestone?: string;
  nextDueDate?: string;
  workingDaysLeft?: number;
  rag?: string;
}

interface RapidReview {
  name: string;
  reference: string;
  notificationDate: string;
  milestones?: Milestone[];
  agencies?: AgencySummary[];
  decision?: string;
  rationale?: string;
  decideTime?: string;
  clock?: ReviewClock;
  createTime?: string;
  etag: string;
}

interface Case {
  reference: string;
  agencies?: string[];
  samplingNotes?: string;
}

interface Round {
  name: string;
  theme: string;
  cases?: Case[];
  createTime?: string;
  etag: string;
  methodology?: string;
  practicePeriodStart?: string;
  practicePeriodEnd?: string;
  templateVersion?: string;
  returnsDueTime?: string;
  moderationTime?: string;
  chair?: string;
  state: string;
  closeTime?: string;
  sampleSeed?: string;
}

interface Assignment {
  caseReference: string;
  agency: string;
  auditor: string;
  state?: string;
  declinedAuditors?: string[];
}

interface CaseReturn {
  caseReference: string;
  agency: string;
  state?: string;
  qaComment?: string;
  submitTime?: string;
  reviewTime?: string;
}

interface Candidate {
  reference: string;
  agency: string;
  ageBand: string;
  planType: string;
}

interface Findings {
  name: string;
  workingWell?: string[];
  concerns?: string[];
  recommendations?: { text: string; actions?: unknown[] }[];
  review?: { staffHours?: number; nextTime?: string };
  etag: string;
}

interface Person {
  name: string;
  displayName?: string;
  email?: string;
}

// ---- Words for the API's values -------------------------------------

const decisions: [string, string, string][] = [
  ["RAPID_REVIEW_DECISION_LOCAL_PRACTICE_REVIEW", "A local child safeguarding practice review",
    "The case meets the criteria: the partnership will commission a local practice review."],
  ["RAPID_REVIEW_DECISION_NO_REVIEW", "No local child safeguarding practice review",
    "The case does not meet the criteria, or the learning is taken forward another way."],
];
const decisionLabel = (d?: string) => decisions.find(([v]) => v === d)?.[1];

/** The clock's RAG in words, with a tag colour: never colour alone. */
const rags: Record<string, [string, string]> = {
  GREEN: ["On time", "govuk-tag--green"],
  AMBER: ["Due soon", "govuk-tag--yellow"],
  RED: ["Overdue", "govuk-tag--red"],
};

/** The round's stages in order, as people read them, with a tag colour. */
const stages: [string, string, string][] = [
  ["ROUND_STATE_PLANNING", "Planning", "govuk-tag--grey"],
  ["ROUND_STATE_RETURNS_OPEN", "Returns open", "govuk-tag--blue"],
  ["ROUND_STATE_QA", "Quality assurance", "govuk-tag--purple"],
  ["ROUND_STATE_MODERATION", "Moderation", "govuk-tag--orange"],
  ["ROUND_STATE_FINDINGS", "Findings", "govuk-tag--turquoise"],
  ["ROUND_STATE_CLOSED", "Closed", "govuk-tag--grey"],
];
const stageIndex = (s?: string) => stages.findIndex(([v]) => v === s);
const StageTag = (props: { state?: string }) => {
  const s = stages[stageIndex(props.state)];
  return <Tag colour={s?.[2] ?? "govuk-tag--grey"}>{s?.[1] ?? "Unknown"}</Tag>;
};

const returnStates: Record<string, [string, string]> = {
  CASE_RETURN_STATE_DRAFT: ["Being written", "govuk-tag--blue"],
  CASE_RETURN_STATE_SUBMITTED: ["Handed in", "govuk-tag--purple"],
  CASE_RETURN_STATE_RETURNED: ["Sent back for revision", "govuk-tag--orange"],
  CASE_RETURN_STATE_ACCEPTED: ["Accepted", "govuk-tag--green"],
};

const assignmentStates: Record<string, string> = {
  ASSIGNMENT_STATE_PROPOSED: "named, not yet accepted",
  ASSIGNMENT_STATE_ACCEPTED: "accepted",
  ASSIGNMENT_STATE_DECLINED: "declined: conflict of interest",
};

// ---- Shared helpers --------------------------------------------------

/** day formats a YYYY-MM-DD date as people read it. */
function day(d?: string): string {
  if (!d) return "";
  const t = new Date(d + "T12:00:00");
  return isNaN(t.getTime()) ? d : t.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}

const pad = (n: number) => String(n).padStart(2, "0");
/** isoDay writes a date as YYYY-MM-DD, in local time. */
const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** partsToDay reads date boxes as YYYY-MM-DD: empty when blank, the raw text when not a date (the server says why). */
function partsToDay(p: DateParts): string {
  if (!p.day.trim() && !p.month.trim() && !p.year.trim()) return "";
  const d = partsToDate(p);
  return d ? isoDay(d) : `${p.year}-${p.month}-${p.day}`;
}
const timeToParts = (ts?: string): DateParts => (ts ? dateParts(new Date(ts)) : { day: "", month: "", year: "" });
const stamp = (d: Date) => d.toISOString().replace(/\.\d+Z$/, "Z");
const organisation = (n: string) => (n.startsWith("organisations/") ? n : "organisations/" + n);
const example = (days: number) => "For example, " + Object.values(dateParts(new Date(Date.now() + days * 864e5))).join(" ");

/**
 * explain turns a refusal into messages about the page's fields: the
 * request's wrapper is dropped from each field ("rapid_review.reference"
 * is "reference", "round.cases[2].agencies" is "cases"), and the words
 * given for a field replace the server's terse ones.
 */
function explain(err: unknown, words: Record<string, (said: string) => string> = {}): ApiError {
  const e = asError(err);
  const seen = new Set<string>();
  const violations = [];
  for (const v of e.violations) {
    const field = camelPath(v.field).replace(/^(rapidReview|round|findings)\./, "").replace(/\[\d+\].*$/, "");
    if (seen.has(field)) continue;
    seen.add(field);
    const said = v.description.charAt(0).toUpperCase() + v.description.slice(1);
    violations.push({ field, description: words[field]?.(v.description) ?? said });
  }
  let message = e.message;
  if (e.status === 409 && !/exist/i.test(message)) message = "Someone else changed this while you were looking at it. The page now shows the latest; try again.";
  return new ApiError(e.status, message, violations, e.details);
}

function useActions(onDone: () => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const act = async (what: () => Promise<string>, words?: Record<string, (said: string) => string>) => {
    if (busy) return false;
    setBusy(true);
    setNotice("");
    try {
      const said = await what();
      setError(null);
      setNotice(said);
      return true;
    } catch (err) {
      const e = explain(err, words);
      setError(e);
      if (e.status === 409) onDone();
      return false;
    } finally {
      setBusy(false);
    }
  };
  const refuse = (violations: { field: string; description: string }[]) => {
    setNotice("");
    setError(new ApiError(400, "invalid argument", violations));
  };
  return { error, notice, busy, act, refuse };
}

const partnershipOf = (name: string) => name.split("/").slice(0, 2).join("/");

// ---- The partnership's lists ----------------------------------------

/** CaseAuditLists lists a partnership's rapid reviews and case audit rounds. */
export function CaseAuditLists(props: { partnership: string }) {
  const loaded = useLoad(async () => {
    const [rounds, reviews, caller] = await Promise.all([
      listAll<Round>(v1(props.partnership, "/rounds"), "rounds").catch(() => null),
      listAll<RapidReview>(v1(props.partnership, "/rapidReviews"), "rapidReviews").catch(() => null),
      get<Caller>("/v1/caller").catch(() => null),
    ]);
    return { rounds, reviews, admin: !!caller && canAdminister(caller, props.partnership) };
  }, [props.partnership]);
  return (
    <PageSection title="Case audits" id="case-audits">
      <Await loaded={loaded}>
        {({ rounds, reviews, admin }) => (
          <>
            {reviews === null ? <p class="govuk-body">Rapid reviews are open only to the partnership's admins and case auditors.</p>
              : reviews.length === 0 ? <p class="govuk-body">There are no rapid reviews.</p> : (
                <Table caption="Rapid reviews" head={["Reference", "Notified", "Next milestone", "Clock", "Decision"]}
                  rows={reviews.map((r) => {
                    const next = r.milestones?.find((m) => m.key === r.clock?.nextMilestone);
                    const [word, colour] = rags[r.clock?.rag ?? ""] ?? ["On time", "govuk-tag--green"];
                    return [
                      <a class="govuk-link" href={href("rapid-review", r.name)}>{r.reference}</a>,
                      day(r.notificationDate),
                      r.decision ? "None: decided" : next ? `${next.label}, due ${day(next.dueDate)}` : "All milestones met",
                      r.decision ? <Tag colour="govuk-tag--grey">Stopped</Tag> : <Tag colour={colour}>{word}</Tag>,
                      decisionLabel(r.decision) ?? "Not decided",
                    ];
                  })} />
              )}
            {admin ? <p class="govuk-body"><a class="govuk-button govuk-button--secondary" role="button" draggable={false} href={href("new-rapid-review", props.partnership)}>Open a rapid review</a></p> : null}
            {rounds === null ? null : rounds.length === 0 ? <p class="govuk-body">There are no case audit rounds.</p> : (
              <Table caption="Case audit rounds" head={["Theme", "Stage", "Cases", "Returns due"]} numeric={[2]}
                rows={rounds.map((r) => [
                  <a class="govuk-link" href={href("round", r.name)}>{r.theme || last(r.name)}</a>,
                  <StageTag state={r.state} />,
                  String(r.cases?.length ?? 0),
                  ukDate(r.returnsDueTime) || "Not set",
                ])} />
            )}
            {admin ? <p class="govuk-body"><a class="govuk-button govuk-button--secondary" role="button" draggable={false} href={href("new-round", props.partnership)}>Start a case audit round</a></p> : null}
          </>
        )}
      </Await>
    </PageSection>
  );
}

// ---- Opening a rapid review -----------------------------------------

const reviewWords: Record<string, (said: string) => string> = {
  reference: (s) => /exist/.test(s) ? "A rapid review with this reference already exists"
    : "Enter a reference of 3 to 32 capital letters, numbers or hyphens, such as RR-2026-07",
  notificationDate: (s) => /future/.test(s) ? "The date of the notification must be today or in the past"
    : "Enter the date of the notification as a real date, for example 27 3 2026",
  agencies: () => "Choose each agency once",
};

/** partnershipAndOrganisations reads a partnership and its organisations. */
async function partnershipAndOrganisations(name: string) {
  const [partnership, organisations] = await Promise.all([
    get<Partnership>(v1(name)),
    listAll<Organisation>("/v1/organisations?partnership=" + encodeURIComponent(name), "organisations"),
  ]);
  return { partnership, organisations };
}

function NewRapidReview(props: { partnership: string }) {
  const loaded = useLoad(() => partnershipAndOrganisations(props.partnership), [props.partnership]);
  return <Await loaded={loaded}>{(d) => <RapidReviewForm partnership={d.partnership} organisations={d.organisations} />}</Await>;
}

function RapidReviewForm(props: { partnership: Partnership; organisations: Organisation[] }) {
  const [reference, setReference] = useState("");
  const [notified, setNotified] = useState<DateParts>({ day: "", month: "", year: "" });
  const [agencies, setAgencies] = useState<string[]>([]);
  const { error, busy, act } = useActions(() => {});
  const submit = (e: Event) => {
    e.preventDefault();
    const ref = reference.trim().toUpperCase();
    void act(async () => {
      let r: RapidReview;
      try {
        r = await post<RapidReview>(v1(props.partnership.name, "/rapidReviews") + "?rapidReviewId=" + encodeURIComponent(slug(ref) || "review"),
          { reference: ref, notificationDate: partsToDay(notified), agencies: agencies.map((agency) => ({ agency })) });
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          throw new ApiError(409, "exists", [{ field: "reference", description: "already exists" }]);
        }
        throw err;
      }
      navigate(href("rapid-review", r.name));
      return "";
    }, reviewWords);
  };
  return (
    <>
      <BackLink href={href("partnership", props.partnership.name) + "#case-audits"}>Back to {props.partnership.displayName}</BackLink>
      <ErrorSummary error={error} />
      <Caption>{props.partnership.displayName}</Caption>
      <h1 class="govuk-heading-l">Open a rapid review</h1>
      <p class="govuk-body">A rapid review follows a serious incident notification. Its clock counts working days from the
        notification, leaving out weekends and bank holidays in England and Wales:</p>
      <ul class="govuk-list govuk-list--bullet">
        <li>agencies' information by working day 10</li>
        <li>the panel's review by working day 12</li>
        <li>the decision sent by working day 15</li>
      </ul>
      <form onSubmit={submit} noValidate>
        <TextInput id={fieldId("reference")} label="Reference" width="10" value={reference} onInput={setReference} autocomplete="off"
          hint="A pseudonymous reference such as RR-2026-07: capital letters, numbers and hyphens. Never a child's name."
          error={errorFor(error, "reference")} />
        <DateInput id={fieldId("notificationDate")} legend="Date of the serious incident notification" hint={example(-3)}
          value={notified} onChange={setNotified} error={errorFor(error, "notificationDate")} />
        {props.organisations.length === 0
          ? <p class="govuk-body">The partnership has no organisations yet, so no agency can be asked for a summary.</p>
          : <Checkboxes id={fieldId("agencies")} label="Agencies asked for a summary" values={agencies} onChange={setAgencies}
              hint="Each agency involved with the child and family summarises its involvement. Agencies cannot be added later."
              choices={props.organisations.map((o) => ({ value: o.name, label: o.displayName }))} error={errorFor(error, "agencies")} />}
        <Button disabled={busy}>Open rapid review</Button>
      </form>
    </>
  );
}

// ---- One rapid review -----------------------------------------------

function RapidReviewPage(props: { name: string }) {
  const partnership = partnershipOf(props.name);
  const loaded = useLoad(async () => {
    const [review, p, organisations] = await Promise.all([
      get<RapidReview>(v1(props.name)),
      get<Partnership>(v1(partnership)).catch(() => null),
      listAll<Organisation>("/v1/organisations?partnership=" + encodeURIComponent(partnership), "organisations").catch(() => [] as Organisation[]),
    ]);
    return { review, partnership: p, organisations };
  }, [props.name]);
  const { error, notice, busy, act, refuse } = useActions(loaded.reload);
  const [agency, setAgency] = useState("");
  const [summary, setSummary] = useState("");
  const [decision, setDecision] = useState("");
  const [rationale, setRationale] = useState("");
  return (
    <Await loaded={loaded}>
      {({ review: r, partnership: p, organisations }) => {
        const keep = (next: RapidReview) => loaded.set({ review: next, partnership: p, organisations });
        const orgName = (n: string) => organisations.find((o) => o.name === organisation(n))?.displayName ?? last(n);
        const milestones = r.milestones ?? [];
        const agencies = r.agencies ?? [];
        const decided = !!r.decision && r.decision !== "RAPID_REVIEW_DECISION_UNSPECIFIED";
        const next = milestones.find((m) => m.key === r.clock?.nextMilestone);
        const chosen = agency || agencies.find((a) => !a.summary)?.agency || agencies[0]?.agency || "";
        const complete = (m: Milestone) => act(async () => {
          keep(await post<RapidReview>(v1(r.name, ":completeMilestone"), { key: m.key, date: isoDay(new Date()), etag: r.etag }));
          return `${m.label} is marked as done today.`;
        }, { date: () => "The day it was done must be between the notification and today" });
        const record = async (e: Event) => {
          e.preventDefault();
          if (!summary.trim()) {
            refuse([{ field: "summary", description: "Enter the agency's summary" }]);
            return;
          }
          const ok = await act(async () => {
            keep(await post<RapidReview>(v1(r.name, ":recordAgencySummary"), { agency: chosen, summary, etag: r.etag }));
            return "The summary from the agency is recorded.";
          }, { summary: () => "Enter the agency's summary, in at most 20,000 characters", agency: () => "Choose the agency" });
          if (ok) {
            setSummary("");
            setAgency("");
          }
        };
        const decide = async (e: Event) => {
          e.preventDefault();
          const ok = await act(async () => {
            keep(await post<RapidReview>(v1(r.name, ":decide"), { decision: decision || "RAPID_REVIEW_DECISION_UNSPECIFIED", rationale, etag: r.etag }));
            return "The decision is recorded and the clock has stopped.";
          }, { decision: () => "Choose the decision", rationale: () => "Enter the reasons for the decision, in at most 5,000 characters" });
          if (ok) setRationale("");
        };
        const left = r.clock?.workingDaysLeft ?? 0;
        const [word, colour] = rags[r.clock?.rag ?? ""] ?? ["On time", "govuk-tag--green"];
        return (
          <>
            <BackLink href={href("partnership", partnership) + "#case-audits"}>Back to {p?.displayName ?? "the partnership"}</BackLink>
            {notice ? <Banner success><p class="govuk-notification-banner__heading">{notice}</p></Banner> : null}
            <ErrorSummary error={error} />
            <Caption>Rapid review</Caption>
            <h1 class="govuk-heading-l">Rapid review {r.reference}</h1>

            <section class={"app-clock app-clock--" + (decided ? "stopped" : (r.clock?.rag ?? "GREEN").toLowerCase())} aria-labelledby="clock">
              <h2 class="govuk-heading-m" id="clock">The clock</h2>
              {decided ? (
                <p class="govuk-body"><Tag colour="govuk-tag--grey">Stopped</Tag> The review was decided on {ukDate(r.decideTime)}.</p>
              ) : !next ? (
                <p class="govuk-body"><Tag colour="govuk-tag--green">All met</Tag> Every milestone is met. Record the decision below.</p>
              ) : (
                <>
                  <p class="govuk-body-l app-clock__status"><Tag colour={colour}>{word}</Tag></p>
                  <dl class="govuk-body app-clock__facts">
                    <div><dt>Next milestone</dt><dd>{next.label}</dd></div>
                    <div><dt>Due</dt><dd>{day(r.clock?.nextDueDate ?? next.dueDate)}</dd></div>
                    <div><dt>Working days left</dt><dd>{left > 1 ? `${left} working days` : left === 1 ? "1 working day"
                      : left === 0 ? "Due today" : `${-left} working ${left === -1 ? "day" : "days"} overdue`}</dd></div>
                  </dl>
                </>
              )}
            </section>

            <SummaryList rows={[
              { key: "Reference", value: r.reference },
              { key: "Notified", value: day(r.notificationDate) },
              { key: "Opened", value: ukDate(r.createTime) },
              { key: "Decision", value: decisionLabel(r.decision) ?? "Not decided yet" },
            ]} />

            <div class="govuk-!-margin-bottom-8">
              <Table caption="Milestones" head={["Milestone", "Working day", "Due", "Done", "Action"]} numeric={[1]}
                rows={milestones.map((m) => [
                  m.label,
                  String(m.workingDays ?? ""),
                  day(m.dueDate),
                  m.doneDate ? day(m.doneDate) : "Not done yet",
                  !m.doneDate && !decided
                    ? <button type="button" class="govuk-button govuk-button--secondary app-table-button" data-module="govuk-button"
                        disabled={busy} onClick={() => void complete(m)}>
                        Mark<span class="govuk-visually-hidden"> {m.label}</span> as done
                      </button>
                    : "None",
                ])} />
            </div>

            <div class="govuk-!-margin-bottom-8">
              {agencies.length === 0 ? <p class="govuk-body">No agency was asked for a summary when the review was opened.</p> : (
                <Table caption="Agency summaries" head={["Agency", "Summary", "Received"]}
                  rows={agencies.map((a) => [
                    orgName(a.agency),
                    a.summary ? <span class="app-answer">{a.summary}</span> : "Not received yet",
                    a.summary ? ukDate(a.receiveTime) : "",
                  ])} />
              )}
              {!decided && agencies.length > 0 ? (
                <form onSubmit={record} noValidate>
                  <h2 class="govuk-heading-s">Record an agency's summary</h2>
                  <Select id={fieldId("agency")} label="Agency" value={chosen} onChange={setAgency} error={errorFor(error, "agency")}
                    choices={agencies.map((a) => ({ value: a.agency, label: orgName(a.agency) + (a.summary ? " (summary received)" : "") }))} />
                  <Textarea id={fieldId("summary")} label="Summary of the agency's involvement" value={summary} onInput={setSummary}
                    hint="What the agency knew of the child and family, what it did, and any early learning. Use the case reference, never names."
                    error={errorFor(error, "summary")} rows={6} />
                  <Button variant="secondary" disabled={busy}>Record summary</Button>
                </form>
              ) : null}
            </div>

            <PageSection title="Decision" id="decision">
              {decided ? (
                <SummaryList rows={[
                  { key: "Decision", value: decisionLabel(r.decision) ?? r.decision },
                  { key: "Reasons", value: <span class="app-answer">{r.rationale}</span> },
                  { key: "Decided", value: ukDate(r.decideTime) },
                ]} />
              ) : (
                <form onSubmit={decide} noValidate>
                  <Radios id={fieldId("decision")} label="Should there be a local child safeguarding practice review?" value={decision}
                    onChange={setDecision} legendClass="govuk-fieldset__legend--s" error={errorFor(error, "decision")}
                    choices={decisions.map(([value, label, hint]) => ({ value, label, hint }))} />
                  <Textarea id={fieldId("rationale")} label="Reasons for the decision" value={rationale} onInput={setRationale}
                    hint="These are sent to the National Panel with the decision." error={errorFor(error, "rationale")} />
                  <Button disabled={busy}>Record decision</Button>
                </form>
              )}
            </PageSection>
          </>
        );
      }}
    </Await>
  );
}

// ---- Starting a round -----------------------------------------------

const roundWords: Record<string, (said: string) => string> = {
  theme: () => "Enter the theme of the round",
  roundId: () => "Use only lower case letters, numbers and dashes",
  practicePeriodStart: () => "Enter the first day of the practice audited as a real date",
  practicePeriodEnd: (s) => /before/.test(s) ? "The end of the practice period must not be before its start" : "Enter the last day of the practice audited as a real date",
  methodology: () => "Describe the methodology in at most 5,000 characters",
  size: () => "Enter how many cases to draw, from 1 to 100",
  seed: () => "Enter the seed as a whole number, or leave it blank",
};

function NewRound(props: { partnership: string }) {
  const loaded = useLoad(() => partnershipAndOrganisations(props.partnership), [props.partnership]);
  return <Await loaded={loaded}>{(d) => <RoundForm partnership={d.partnership} organisations={d.organisations} />}</Await>;
}

const strata: [string, string][] = [["agency", "Agency"], ["age_band", "Age band"], ["plan_type", "Plan type"]];

function RoundForm(props: { partnership: Partnership; organisations: Organisation[] }) {
  const [theme, setTheme] = useState("");
  const [id, setId] = useState("");
  const [methodology, setMethodology] = useState("");
  const [from, setFrom] = useState<DateParts>({ day: "", month: "", year: "" });
  const [to, setTo] = useState<DateParts>({ day: "", month: "", year: "" });
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [ref, setRef] = useState("");
  const [agency, setAgency] = useState(props.organisations[0]?.name ?? "");
  const [ageBand, setAgeBand] = useState("");
  const [planType, setPlanType] = useState("");
  const [choose, setChoose] = useState("all");
  const [size, setSize] = useState("");
  const [stratify, setStratify] = useState<string[]>([]);
  const [seed, setSeed] = useState("");
  const [added, setAdded] = useState("");
  const { error, busy, act, refuse } = useActions(() => {});
  const orgName = (n: string) => props.organisations.find((o) => o.name === n)?.displayName ?? last(n);

  const addCase = () => {
    const reference = ref.trim().toUpperCase();
    setAdded("");
    if (!/^[A-Z0-9][A-Z0-9-]{2,31}$/.test(reference)) {
      refuse([{ field: "caseReference", description: "Enter a case reference of 3 to 32 capital letters, numbers or hyphens, such as CASE-2026-014" }]);
      return;
    }
    if (candidates.some((c) => c.reference === reference)) {
      refuse([{ field: "caseReference", description: `${reference} is listed already` }]);
      return;
    }
    refuse([]);
    setCandidates([...candidates, { reference, agency, ageBand: ageBand.trim(), planType: planType.trim() }]);
    setAdded(`${reference} is added to the cases.`);
    setRef("");
    setAgeBand("");
    setPlanType("");
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const problems = [];
    if (candidates.length === 0) problems.push({ field: "caseReference", description: "Add at least one case" });
    if (choose === "sample" && !/^\d+$/.test(size.trim())) problems.push({ field: "size", description: "Enter how many cases to draw, from 1 to 100" });
    if (choose === "sample" && seed.trim() && !/^\d{1,19}$/.test(seed.trim())) problems.push({ field: "seed", description: "Enter the seed as a whole number, or leave it blank" });
    if (problems.length) {
      refuse(problems);
      return;
    }
    void act(async () => {
      let cases: Case[] = candidates.map((c) => ({ reference: c.reference, agencies: c.agency ? [c.agency] : [], samplingNotes: "Every case listed is audited" }));
      let sampleSeed: string | undefined;
      if (choose === "sample") {
        const s = await post<{ cases?: { reference: string; agency?: string }[]; seed?: string }>(v1(props.partnership.name, "/rounds:sampleCases"), {
          candidates: candidates.map((c) => ({ reference: c.reference, agency: c.agency, ageBand: c.ageBand, planType: c.planType })),
          size: Number(size), stratifyBy: stratify, seed: seed.trim() || "0",
        });
        sampleSeed = s.seed;
        const how = stratify.length ? ", stratified by " + stratify.map((k) => strata.find(([v]) => v === k)?.[1].toLowerCase()).join(" and ") : "";
        cases = (s.cases ?? []).map((c) => ({ reference: c.reference, agencies: c.agency ? [c.agency] : [],
          samplingNotes: `Drawn at random from ${candidates.length} cases with seed ${s.seed}${how}` }));
      }
      const roundId = id.trim() || slug(theme) || "round";
      let r: Round;
      try {
        r = await post<Round>(v1(props.partnership.name, "/rounds") + "?roundId=" + encodeURIComponent(roundId), {
          theme, methodology, practicePeriodStart: partsToDay(from), practicePeriodEnd: partsToDay(to), cases, sampleSeed,
        });
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          throw new ApiError(409, "exists", [{ field: "roundId", description: "A round with this ID already exists" }]);
        }
        throw err;
      }
      navigate(href("round", r.name));
      return "";
    }, { ...roundWords, roundId: (s) => /exist/.test(s) ? "A round with this ID already exists" : roundWords.roundId(s) });
  };

  return (
    <>
      <BackLink href={href("partnership", props.partnership.name) + "#case-audits"}>Back to {props.partnership.displayName}</BackLink>
      <ErrorSummary error={error} />
      <Caption>{props.partnership.displayName}</Caption>
      <h1 class="govuk-heading-l">Start a case audit round</h1>
      <form onSubmit={submit} noValidate>
        <TextInput id={fieldId("theme")} label="Theme" hint="For example, Neglect in under-fives" value={theme} onInput={setTheme}
          error={errorFor(error, "theme")} />
        <TextInput id={fieldId("roundId")} label="Round ID" width="20" value={id} onInput={setId}
          hint="Lower case letters, numbers and dashes. Leave blank to make one from the theme." error={errorFor(error, "roundId")} />
        <Textarea id={fieldId("methodology")} label="Methodology (optional)" value={methodology} onInput={setMethodology} rows={3}
          hint="How the round is run: the sample, the audit tool, who audits." error={errorFor(error, "methodology")} />
        <DateInput id={fieldId("practicePeriodStart")} legend="Start of the practice audited (optional)" hint={example(-365)}
          value={from} onChange={setFrom} error={errorFor(error, "practicePeriodStart")} />
        <DateInput id={fieldId("practicePeriodEnd")} legend="End of the practice audited (optional)" hint={example(-30)}
          value={to} onChange={setTo} error={errorFor(error, "practicePeriodEnd")} />

        <h2 class="govuk-heading-m">Cases</h2>
        <p class="govuk-body">List the cases that could be audited, by pseudonymous reference, with the agency that holds each.
          Never enter a child's name.</p>
        {added ? <p class="govuk-body" role="status">{added}</p> : <p class="govuk-visually-hidden" role="status"></p>}
        {candidates.length > 0 ? (
          <Table caption={`Cases listed (${candidates.length})`} head={["Reference", "Agency", "Age band", "Plan type", "Action"]}
            rows={candidates.map((c) => [c.reference, c.agency ? orgName(c.agency) : "None", c.ageBand || "Not given", c.planType || "Not given",
              <button type="button" class="app-link-button" onClick={() => setCandidates(candidates.filter((x) => x !== c))}>
                Remove<span class="govuk-visually-hidden"> {c.reference}</span>
              </button>])} />
        ) : null}
        <div class="app-case-entry">
          <h3 class="govuk-heading-s">Add a case</h3>
          <TextInput id={fieldId("caseReference")} label="Case reference" width="10" value={ref} onInput={setRef} autocomplete="off"
            hint="For example, CASE-2026-014" error={errorFor(error, "caseReference")} />
          <Select id={fieldId("caseAgency")} label="Agency holding the case" value={agency} onChange={setAgency}
            choices={[...props.organisations.map((o) => ({ value: o.name, label: o.displayName })), { value: "", label: "None yet" }]} />
          <TextInput id={fieldId("caseAgeBand")} label="Age band (optional)" width="10" value={ageBand} onInput={setAgeBand} hint="For example, 0-4" />
          <TextInput id={fieldId("casePlanType")} label="Plan type (optional)" width="20" value={planType} onInput={setPlanType} hint="For example, child protection" />
          <Button type="button" variant="secondary" onClick={addCase}>Add case</Button>
        </div>

        <Radios id={fieldId("choose")} label="Which cases are audited?" value={choose} onChange={setChoose} legendClass="govuk-fieldset__legend--m"
          choices={[
            { value: "all", label: "Every case listed" },
            { value: "sample", label: "A random sample of them", hint: "The same cases, size, groups and seed always draw the same sample, so it can be checked." },
          ]} />
        {choose === "sample" ? (
          <div class="govuk-inset-text">
            <TextInput id={fieldId("size")} label="How many cases to draw" width="3" inputmode="numeric" value={size} onInput={setSize}
              hint="At most 100." error={errorFor(error, "size")} />
            <Checkboxes id={fieldId("stratifyBy")} label="Draw in proportion from each (optional)" values={stratify} onChange={setStratify}
              choices={strata.map(([value, label]) => ({ value, label }))} error={errorFor(error, "stratifyBy")} />
            <TextInput id={fieldId("seed")} label="Seed (optional)" width="20" inputmode="numeric" value={seed} onInput={setSeed}
              hint="Leave blank for a new draw. Enter the seed of an earlier draw to draw the same sample again." error={errorFor(error, "seed")} />
          </div>
        ) : null}
        <Button disabled={busy}>Create round</Button>
      </form>
    </>
  );
}

// ---- One round ------------------------------------------------------

interface RoundData {
  round: Round;
  partnership: Partnership | null;
  organisations: Organisation[];
  people: Person[];
  assignments: Assignment[] | null;
  returns: CaseReturn[] | null;
  versions: { name: string; label: string }[];
  findings: Findings | null;
}

function RoundPage(props: { name: string; caller: Caller }) {
  const partnership = partnershipOf(props.name);
  const loaded = useLoad<RoundData>(async () => {
    const [round, p, organisations, people, assignments, returns, templates] = await Promise.all([
      get<Round>(v1(props.name)),
      get<Partnership>(v1(partnership)).catch(() => null),
      listAll<Organisation>("/v1/organisations?partnership=" + encodeURIComponent(partnership), "organisations").catch(() => [] as Organisation[]),
      listAll<Person>("/v1/people?partnership=" + encodeURIComponent(partnership), "people").catch(() => [] as Person[]),
      listAll<Assignment>(v1(props.name, "/assignments"), "assignments").catch(() => null),
      listAll<CaseReturn>(v1(props.name, "/caseReturns"), "returns").catch(() => null),
      listAll<Template>(v1(partnership, "/templates"), "templates").catch(() => [] as Template[]),
    ]);
    const versions: { name: string; label: string }[] = [];
    for (const t of templates.filter((t) => t.kind === "TEMPLATE_KIND_CASE_AUDIT" && t.latestVersion)) {
      const vs = await listAll<TemplateVersion>(v1(t.name, "/versions"), "versions").catch(() => [] as TemplateVersion[]);
      for (const v of vs.reverse()) versions.push({ name: v.name, label: `${t.displayName}, version ${v.version}` });
    }
    const findings = stageIndex(round.state) >= 4 ? await get<Findings>(v1(props.name + "/findings")).catch(() => null) : null;
    return { round, partnership: p, organisations, people, assignments, returns, versions, findings };
  }, [props.name]);
  const actions = useActions(loaded.reload);
  return (
    <Await loaded={loaded}>
      {(d) => <RoundView data={d} caller={props.caller} actions={actions} reload={loaded.reload}
        keep={(round) => loaded.set({ ...d, round })} />}
    </Await>
  );
}

type Actions = ReturnType<typeof useActions>;

function RoundView(props: { data: RoundData; caller: Caller; actions: Actions; reload: () => void; keep: (r: Round) => void }) {
  const { round: r, organisations, assignments, returns } = props.data;
  const { error, notice, busy, act } = props.actions;
  const at = stageIndex(r.state);
  const next = stages[at + 1];
  const closed = r.state === "ROUND_STATE_CLOSED";
  const orgName = (n: string) => organisations.find((o) => o.name === organisation(n))?.displayName ?? last(n);
  const versionLabel = (v?: string) => props.data.versions.find((x) => x.name === v)?.label ?? (v ? v.split("/").slice(-3).join(" ") : "");
  const advance = () => act(async () => {
    const moved = await post<Round>(v1(r.name, ":advance"), { state: next[0], etag: r.etag });
    props.reload();
    props.keep(moved);
    return `The round has moved on to ${next[1].toLowerCase()}.`;
  }, {
    templateVersion: () => "Choose the template version before the returns open",
    returnsDueTime: (s) => /passed/.test(s) ? "The returns' due date has passed: set a later one before the returns open" : "Enter the date the returns are due before they open",
    chair: () => "Choose the chair before the returns open",
    cases: () => "Every case needs at least one agency before the returns open",
    moderationTime: () => "Enter the date of the moderation meeting before moderation",
  });
  const partnership = partnershipOf(r.name);
  return (
    <>
      <BackLink href={href("partnership", partnership) + "#case-audits"}>Back to {props.data.partnership?.displayName ?? "the partnership"}</BackLink>
      {notice ? <Banner success><p class="govuk-notification-banner__heading">{notice}</p></Banner> : null}
      <ErrorSummary error={error} />
      <Caption>Case audit round</Caption>
      <h1 class="govuk-heading-l">{r.theme}</h1>
      <p class="govuk-body">Stage: <StageTag state={r.state} /></p>

      <ol class="govuk-list app-stages" aria-label="Stages of the round">
        {stages.map(([value, label], i) => (
          <li key={value} class={"app-stages__item" + (i === at ? " app-stages__item--current" : i < at ? " app-stages__item--done" : "")}
            aria-current={i === at ? "step" : undefined}>
            {label}<span class="app-stages__status">{i === at ? "Current stage" : i < at ? "Done" : "To come"}</span>
          </li>
        ))}
      </ol>

      <SummaryList rows={[
        { key: "Practice audited", value: r.practicePeriodStart || r.practicePeriodEnd ? `${day(r.practicePeriodStart) || "Not given"} to ${day(r.practicePeriodEnd) || "not given"}` : "Not given" },
        { key: "Methodology", value: r.methodology ? <span class="app-answer">{r.methodology}</span> : "Not given" },
        { key: "Template", value: versionLabel(r.templateVersion) || "Not chosen" },
        { key: "Returns due", value: ukDate(r.returnsDueTime) || "Not set" },
        { key: "Moderation meeting", value: ukDate(r.moderationTime) || "Not set" },
        { key: "Chair", value: r.chair ? <Name of={r.chair} /> : "Not chosen" },
        { key: "Sample seed", value: r.sampleSeed && r.sampleSeed !== "0" ? r.sampleSeed : "Not sampled" },
        { key: "Started", value: ukDate(r.createTime) },
        ...(r.closeTime ? [{ key: "Closed", value: ukDate(r.closeTime) }] : []),
      ]} />

      {!closed && next ? (
        <PageSection title="Move the round on" id="advance">
          <p class="govuk-body">The round is at {stages[at][1].toLowerCase()}. Its next stage is {next[1].toLowerCase()}.
            {next[0] === "ROUND_STATE_RETURNS_OPEN" ? " The returns open once the template, the due date, the chair and an agency for every case are set." : ""}
            {next[0] === "ROUND_STATE_MODERATION" ? " Moderation needs the date of the meeting." : ""}</p>
          <Button type="button" onClick={() => void advance()} disabled={busy}>Move on to {next[1].toLowerCase()}</Button>
        </PageSection>
      ) : null}

      {!closed ? <PlanForm round={r} data={props.data} caller={props.caller} actions={props.actions} keep={props.keep} /> : null}

      <div class="govuk-!-margin-bottom-8" id={fieldId("cases")} tabIndex={-1}>
        {(r.cases ?? []).length === 0 ? <p class="govuk-body">The round's cases have been purged.</p> : (
          <Table caption="Cases" head={["Case", "Agencies", "Why it was chosen", "Auditors"]}
            rows={(r.cases ?? []).map((c) => {
              const mine = (assignments ?? []).filter((a) => a.caseReference === c.reference);
              return [
                c.reference,
                (c.agencies ?? []).map(orgName).join(", ") || "None yet",
                c.samplingNotes || "Not recorded",
                assignments === null ? "Not available to you" : mine.length === 0 ? "None named yet" : (
                  <ul class="govuk-list">
                    {mine.map((a) => (
                      <li key={a.agency}><Name of={a.auditor} /> for {orgName(a.agency)}: {assignmentStates[a.state ?? ""] ?? "named"}</li>
                    ))}
                  </ul>
                ),
              ];
            })} />
        )}
        {at <= 1 && (r.cases ?? []).length > 0 ? <AssignForm round={r} data={props.data} caller={props.caller} actions={props.actions} reload={props.reload} /> : null}
      </div>

      {at >= 1 ? (
        <PageSection title="Case returns" id="returns">
          {returns === null ? <p class="govuk-body">The returns are not available to you.</p>
            : returns.length === 0 ? <p class="govuk-body">No agency has started a return yet. The auditors write them once they accept their cases.</p> : (
              <Table caption="Returns by case and agency" head={["Case", "Agency", "State", "Handed in", "Reviewed"]}
                rows={returns.map((x) => {
                  const [label, colour] = returnStates[x.state ?? ""] ?? ["Not started", "govuk-tag--grey"];
                  return [x.caseReference, orgName(x.agency), <Tag colour={colour}>{label}</Tag>, ukDate(x.submitTime) || "Not yet", ukDate(x.reviewTime) || "Not yet"];
                })} />
            )}
        </PageSection>
      ) : null}

      {at >= 4 ? <FindingsSection round={r} findings={props.data.findings} actions={props.actions} reload={props.reload} /> : null}
    </>
  );
}

function PlanForm(props: { round: Round; data: RoundData; caller: Caller; actions: Actions; keep: (r: Round) => void }) {
  const r = props.round;
  const planning = r.state === "ROUND_STATE_PLANNING";
  const [version, setVersion] = useState(r.templateVersion ?? "");
  const [due, setDue] = useState<DateParts>(timeToParts(r.returnsDueTime));
  const [meeting, setMeeting] = useState<DateParts>(timeToParts(r.moderationTime));
  const [chair, setChair] = useState(r.chair ?? "");
  const [methodology, setMethodology] = useState(r.methodology ?? "");
  const { error, busy, act, refuse } = props.actions;
  const people = [props.caller.person as Person, ...props.data.people.filter((p) => p.name !== props.caller.person.name)];
  const submit = (e: Event) => {
    e.preventDefault();
    const problems = [];
    const dueDate = partsToDate(due);
    const meetingDate = partsToDate(meeting);
    const blank = (p: DateParts) => !p.day.trim() && !p.month.trim() && !p.year.trim();
    if (!blank(due) && !dueDate) problems.push({ field: "returnsDueTime", description: "Enter the date the returns are due as a real date" });
    if (!blank(meeting) && !meetingDate) problems.push({ field: "moderationTime", description: "Enter the date of the moderation meeting as a real date" });
    if (problems.length) {
      refuse(problems);
      return;
    }
    const body: Record<string, unknown> = { etag: r.etag };
    const mask: string[] = [];
    if (planning && version !== (r.templateVersion ?? "")) { mask.push("templateVersion"); body.templateVersion = version; }
    if (dueDate) { mask.push("returnsDueTime"); body.returnsDueTime = stamp(dueDate); }
    if (meetingDate) { mask.push("moderationTime"); meetingDate.setHours(10); body.moderationTime = stamp(meetingDate); }
    if (chair !== (r.chair ?? "")) { mask.push("chair"); body.chair = chair; }
    if (methodology !== (r.methodology ?? "")) { mask.push("methodology"); body.methodology = methodology; }
    void act(async () => {
      if (mask.length === 0) return "Nothing was changed.";
      props.keep(await call<Round>("PATCH", v1(r.name) + "?updateMask=" + mask.join(","), body));
      return "The plan is saved.";
    }, {
      templateVersion: (s) => /fixed/.test(s) ? "The template is fixed once the returns are open" : "Choose a template version",
      returnsDueTime: () => "Enter the date the returns are due as a real date",
      moderationTime: (s) => /before/.test(s) ? "The moderation meeting must come after the returns are due" : "Enter the date of the moderation meeting",
      chair: () => "Choose the chair",
      methodology: () => "Describe the methodology in at most 5,000 characters",
    });
  };
  return (
    <PageSection title="Plan the round" id="plan">
      <form onSubmit={submit} noValidate>
        {planning ? (
          props.data.versions.length === 0 ? (
            <p class="govuk-body" id={fieldId("templateVersion")} tabIndex={-1}>Publish a case file audit template before the returns open.{" "}
              <a class="govuk-link" href={href("partnership", partnershipOf(r.name)) + "#templates"}>Go to the templates</a></p>
          ) : (
            <Select id={fieldId("templateVersion")} label="Case file audit template" value={version} onChange={setVersion}
              hint="The agencies' returns answer this version. It is fixed once the returns open." error={errorFor(error, "templateVersion")}
              choices={[{ value: "", label: "Choose a template version" }, ...props.data.versions.map((v) => ({ value: v.name, label: v.label }))]} />
          )
        ) : null}
        <DateInput id={fieldId("returnsDueTime")} legend="Date the returns are due" hint={example(30)} value={due} onChange={setDue}
          error={errorFor(error, "returnsDueTime")} />
        <DateInput id={fieldId("moderationTime")} legend="Date of the moderation meeting" hint={example(40)} value={meeting} onChange={setMeeting}
          error={errorFor(error, "moderationTime")} />
        <Select id={fieldId("chair")} label="Chair" value={chair} onChange={setChair} error={errorFor(error, "chair")}
          hint="Chairs the moderation meeting."
          choices={[{ value: "", label: "Choose the chair" }, ...people.map((p) => ({ value: p.name, label: p.displayName || p.email || last(p.name) }))]} />
        <Textarea id={fieldId("methodology")} label="Methodology" value={methodology} onInput={setMethodology} rows={3}
          error={errorFor(error, "methodology")} />
        <Button variant="secondary" disabled={busy}>Save plan</Button>
      </form>
    </PageSection>
  );
}

function AssignForm(props: { round: Round; data: RoundData; caller: Caller; actions: Actions; reload: () => void }) {
  const r = props.round;
  const cases = r.cases ?? [];
  const [reference, setReference] = useState(cases[0]?.reference ?? "");
  const [agency, setAgency] = useState("");
  const [auditor, setAuditor] = useState("");
  const { error, busy, act } = props.actions;
  const kase = cases.find((c) => c.reference === reference);
  const agencies = kase?.agencies ?? [];
  const chosenAgency = agencies.includes(agency) ? agency : agencies[0] ?? "";
  const people = [props.caller.person as Person, ...props.data.people.filter((p) => p.name !== props.caller.person.name)];
  const orgName = (n: string) => props.data.organisations.find((o) => o.name === n)?.displayName ?? last(n);
  const submit = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      await post(v1(r.name, ":assignAuditor"), { caseReference: reference, agency: chosenAgency, auditor });
      props.reload();
      const who = people.find((p) => p.name === auditor);
      return `${who?.displayName || who?.email || last(auditor)} is named to audit ${reference} for ${orgName(chosenAgency)}. They accept once they have declared any conflict of interest.`;
    }, {
      caseReference: () => "Choose the case",
      agency: () => "Choose an agency involved in the case",
      auditor: () => "Choose the auditor",
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2 class="govuk-heading-s">Name an auditor</h2>
      <p class="govuk-body">Each agency involved in a case names the auditor who audits its own records of it.</p>
      <Select id={fieldId("caseReference")} label="Case" value={reference} onChange={setReference} error={errorFor(error, "caseReference")}
        choices={cases.map((c) => ({ value: c.reference, label: c.reference }))} />
      {agencies.length === 0 ? <p class="govuk-body" id={fieldId("agency")}>This case has no agency yet.</p> : (
        <Select id={fieldId("agency")} label="Agency" value={chosenAgency} onChange={setAgency} error={errorFor(error, "agency")}
          choices={agencies.map((a) => ({ value: a, label: orgName(a) }))} />
      )}
      <Select id={fieldId("auditor")} label="Auditor" value={auditor} onChange={setAuditor} error={errorFor(error, "auditor")}
        choices={[{ value: "", label: "Choose the auditor" }, ...people.map((p) => ({ value: p.name, label: p.displayName || p.email || last(p.name) }))]} />
      <Button variant="secondary" disabled={busy || agencies.length === 0}>Name auditor</Button>
    </form>
  );
}

const lines = (s: string) => s.split("\n").map((x) => x.trim()).filter(Boolean);

function FindingsSection(props: { round: Round; findings: Findings | null; actions: Actions; reload: () => void }) {
  const f = props.findings;
  const writing = props.round.state === "ROUND_STATE_FINDINGS";
  const [well, setWell] = useState((f?.workingWell ?? []).join("\n"));
  const [concerns, setConcerns] = useState((f?.concerns ?? []).join("\n"));
  const [recs, setRecs] = useState((f?.recommendations ?? []).map((x) => x.text).join("\n"));
  const [printError, setPrintError] = useState("");
  const { error, busy, act } = props.actions;
  const print = async () => {
    setPrintError("");
    try {
      await download(v1(props.round.name + "/findings", ".html"), "findings.html", true);
    } catch (err) {
      setPrintError(asError(err).message);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      const kept = f?.recommendations ?? [];
      await post(v1(props.round.name + "/findings", ":save"), {
        etag: f?.etag || "0",
        workingWell: lines(well),
        concerns: lines(concerns),
        recommendations: lines(recs).map((text) => ({ text, actions: kept.find((k) => k.text === text)?.actions ?? [] })),
        review: f?.review,
      });
      props.reload();
      return "The findings are saved.";
    }, {
      workingWell: () => "Each point of what is working well must be at most 5,000 characters, and at most 50 of them",
      concerns: () => "Each concern must be at most 5,000 characters, and at most 50 of them",
      recommendations: () => "Each recommendation must be at most 5,000 characters, and at most 50 of them",
    });
  };
  return (
    <PageSection title="Findings" id="findings">
      {f && !writing ? (
        <SummaryList rows={[
          { key: "Working well", value: (f.workingWell ?? []).length ? <ul class="govuk-list govuk-list--bullet">{f.workingWell!.map((x, i) => <li key={i}>{x}</li>)}</ul> : "None recorded" },
          { key: "Concerns", value: (f.concerns ?? []).length ? <ul class="govuk-list govuk-list--bullet">{f.concerns!.map((x, i) => <li key={i}>{x}</li>)}</ul> : "None recorded" },
          { key: "Recommendations", value: (f.recommendations ?? []).length ? <ul class="govuk-list govuk-list--bullet">{f.recommendations!.map((x, i) => <li key={i}>{x.text}</li>)}</ul> : "None recorded" },
        ]} />
      ) : null}
      {writing ? (
        <form onSubmit={save} noValidate>
          <p class="govuk-body">Write one point a line. The findings hold no case detail: executives read them.</p>
          <Textarea id={fieldId("workingWell")} label="What is working well" value={well} onInput={setWell} error={errorFor(error, "workingWell")} />
          <Textarea id={fieldId("concerns")} label="Concerns" value={concerns} onInput={setConcerns} error={errorFor(error, "concerns")} />
          <Textarea id={fieldId("recommendations")} label="Recommendations" value={recs} onInput={setRecs} error={errorFor(error, "recommendations")} />
          <Button variant="secondary" disabled={busy}>Save findings</Button>
        </form>
      ) : null}
      {printError ? <p class="govuk-error-message" role="alert"><span class="govuk-visually-hidden">Error:</span> {printError}</p> : null}
      <p class="govuk-body">
        <button type="button" class="app-link-button" onClick={() => void print()}>Open the printable findings<span class="govuk-visually-hidden"> of {props.round.theme}</span> (opens in a new tab)</button>
      </p>
    </PageSection>
  );
}

// ---- The pages ------------------------------------------------------

function CaseAuditsPage(props: { partnership: string }) {
  const loaded = useLoad(() => get<Partnership>(v1(props.partnership)), [props.partnership]);
  return (
    <Await loaded={loaded}>
      {(p) => (
        <>
          <BackLink href={href("partnership", p.name)}>Back to {p.displayName}</BackLink>
          <Caption>{p.displayName}</Caption>
          <h1 class="govuk-heading-l">Rapid reviews and case audits</h1>
          <CaseAuditLists partnership={p.name} />
        </>
      )}
    </Await>
  );
}

/** caseAuditPages are the case-audit pages by their first path segment. */
export const caseAuditPages: Record<string, Page> = {
  "case-audits": { title: "Rapid reviews and case audits", render: ({ route }) => <CaseAuditsPage partnership={route.name} /> },
  "new-rapid-review": { title: "Open a rapid review", render: ({ route }) => <NewRapidReview partnership={route.name} /> },
  "rapid-review": { title: "Rapid review", render: ({ route }) => <RapidReviewPage name={route.name} /> },
  "new-round": { title: "Start a case audit round", render: ({ route }) => <NewRound partnership={route.name} /> },
  round: { title: "Case audit round", render: ({ route, caller }) => <RoundPage name={route.name} caller={caller} /> },
};
