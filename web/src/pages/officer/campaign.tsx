// Setting up a campaign (template version, organisations, due date), and
// its dashboard: launch, completion, each return's progress, chasing the
// returns still outstanding and links to QA review and the report.
import { useEffect, useState } from "preact/hooks";
import { ApiError, call, get, listAll, post, v1, asError } from "../../api";
import { BackLink, Banner, Button, Checkboxes, ErrorSummary, Select, SummaryList, Table, Tag, TextInput, errorFor, fieldId } from "../../components/govuk";
import { Await, useLoad } from "../../components/layout";
import type { Campaign, Caller, Organisation, Partnership, Submission, Template, TemplateVersion } from "../../model";
import { last, submissionStates, ukDate } from "../../model";
import { href, navigate } from "../../router";
import type { Page } from "../page";
import { Caption, Check, DateInput, PageSection, campaignStates, canAdminister, dateParts, normalise, partsToDate, slug } from "./util";
import type { DateParts } from "./util";

interface SetupData {
  partnership: Partnership;
  versions: { name: string; label: string }[];
  organisations: Organisation[];
  earlier: { name: string; label: string; template: string }[];
}

/** templateOf names the template of a version: answers carry forward only within one template. */
const templateOf = (version: string) => version.split("/versions/")[0];

function NewCampaign(props: { partnership: string }) {
  const loaded = useLoad<SetupData>(async () => {
    const [partnership, templates, organisations, campaigns] = await Promise.all([
      get<Partnership>(v1(props.partnership)),
      listAll<Template>(v1(props.partnership, "/templates"), "templates"),
      listAll<Organisation>("/v1/organisations?partnership=" + encodeURIComponent(props.partnership), "organisations"),
      listAll<Campaign>(v1(props.partnership, "/campaigns"), "campaigns").catch(() => [] as Campaign[]),
    ]);
    // Only a launched campaign has answers to start from.
    const launched = campaigns.filter((c) => c.state !== "CAMPAIGN_STATE_DRAFT");
    const earlier = launched.map((c) => ({
      name: c.name,
      label: launched.filter((x) => x.displayName === c.displayName).length > 1 ? `${c.displayName} (${last(c.name)})` : c.displayName,
      template: templateOf(c.templateVersion),
    }));
    const versions: { name: string; label: string }[] = [];
    for (const t of templates.filter((t) => t.latestVersion)) {
      const vs = await listAll<TemplateVersion>(v1(t.name, "/versions"), "versions").catch(() => [] as TemplateVersion[]);
      for (const v of vs.reverse()) versions.push({ name: v.name, label: `${t.displayName}, version ${v.version}` });
    }
    return { partnership, versions, organisations, earlier };
  }, [props.partnership]);
  return <Await loaded={loaded}>{(d) => <CampaignForm data={d} />}</Await>;
}

function CampaignForm(props: { data: SetupData }) {
  const { partnership, versions, organisations, earlier } = props.data;
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [version, setVersion] = useState(versions[0]?.name ?? "");
  const [orgs, setOrgs] = useState<string[]>([]);
  const [due, setDue] = useState<DateParts>({ day: "", month: "", year: "" });
  const [qa, setQa] = useState(true);
  const [chosenSource, setSource] = useState("");
  const sources = earlier.filter((c) => c.template === templateOf(version));
  const source = sources.some((c) => c.name === chosenSource) ? chosenSource : "";
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const date = partsToDate(due);
    const problems = [];
    if (!date) problems.push({ field: "dueTime", description: "Enter the due date as a real date, for example 27 3 2027" });
    else if (date.getTime() < Date.now()) problems.push({ field: "dueTime", description: "The due date must be in the future" });
    if (orgs.length === 0) problems.push({ field: "organisations", description: "Choose at least one organisation to answer" });
    if (problems.length) {
      setError(new ApiError(400, "invalid argument", problems));
      return;
    }
    try {
      const c = await post<Campaign>(v1(partnership.name, "/campaigns") + "?campaignId=" + encodeURIComponent(id || slug(name)), {
        displayName: name, templateVersion: version, organisations: orgs, dueTime: date!.toISOString().replace(/\.\d+Z$/, "Z"), qaRequired: qa,
        sourceCampaign: source || undefined,
      });
      navigate(href("campaign", c.name));
    } catch (err) {
      setError(normalise(asError(err)));
    }
  };
  return (
    <>
      <BackLink href={href("partnership", partnership.name)}>Back to {partnership.displayName}</BackLink>
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <Caption>{partnership.displayName}</Caption>
        <h1 class="govuk-heading-l">Set up a campaign</h1>
        {versions.length === 0 ? (
          <p class="govuk-body">Publish a template before you set up a campaign. <a class="govuk-link" href={href("partnership", partnership.name) + "#templates"}>Go to the templates</a></p>
        ) : null}
        <TextInput id={fieldId("displayName")} label="Campaign name" hint="For example, Section 11 audit 2026" value={name} onInput={setName} error={errorFor(error, "displayName")} />
        <TextInput id={fieldId("campaignId")} label="Campaign ID" width="20" value={id} onInput={setId}
          hint="Lower case letters, numbers and dashes. Leave blank to make one from the name." error={errorFor(error, "campaignId")} />
        <Select id={fieldId("templateVersion")} label="Template version" value={version} onChange={setVersion}
          choices={versions.map((v) => ({ value: v.name, label: v.label }))} error={errorFor(error, "templateVersion")} />
        <Checkboxes id={fieldId("organisations")} label="Organisations asked to answer" values={orgs} onChange={setOrgs}
          choices={organisations.map((o) => ({ value: o.name, label: o.displayName }))} error={errorFor(error, "organisations")} />
        <DateInput id={fieldId("dueTime")} legend="Due date" hint={"For example, " + Object.values(dateParts(new Date(Date.now() + 60 * 864e5))).join(" ")}
          value={due} onChange={setDue} error={errorFor(error, "dueTime")} />
        {sources.length > 0 ? (
          <Select id={fieldId("sourceCampaign")} label="Start answers from an earlier campaign (optional)" value={source} onChange={setSource}
            hint="Each organisation starts with its answers from that campaign, marked as brought forward for it to check and confirm. Only campaigns of the same template are listed."
            choices={[{ value: "", label: "No, start with blank answers" }, ...sources.map((c) => ({ value: c.name, label: c.label }))]}
            error={errorFor(error, "sourceCampaign")} />
        ) : null}
        <Check id={fieldId("qaRequired")} label="Returns go to QA review" hint="A QA officer accepts each return or returns it with comments."
          checked={qa} onChange={setQa} />
        <Button>Create campaign</Button>
      </form>
    </>
  );
}

/** reminderKind says why a reminder was sent, from its rule's name. */
const reminderKind = (r?: string) => {
  const k = String(r ?? "").split(":")[0];
  return k === "opening" ? "The campaign opened" : k === "chase" ? "Chased by hand" : k ? k.replace(/[-_]/g, " ") : "Reminder";
};

interface Dashboard {
  campaign: Campaign;
  submissions: Submission[];
  organisations: Record<string, string>;
  completion: any | null;
  outstanding: { submission: string; organisation: string; dueTime?: string }[] | null;
  deliveries: any[];
  source: string;
}

/** How often the dashboard's figures and returns refresh by themselves. */
const liveEvery = 15000;

const hhmm = (d: Date) => d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
const sourceOf = (c: Campaign) => (c as Campaign & { sourceCampaign?: string }).sourceCampaign ?? "";

async function loadDashboard(name: string): Promise<Dashboard> {
  const partnership = name.split("/").slice(0, 2).join("/");
  const [campaign, submissions, orgs, completion, outstanding, deliveries] = await Promise.all([
    get<Campaign>(v1(name)),
    listAll<Submission>(v1(name, "/submissions"), "submissions").catch(() => [] as Submission[]),
    listAll<Organisation>("/v1/organisations?partnership=" + encodeURIComponent(partnership), "organisations").catch(() => [] as Organisation[]),
    get<any>(v1(name, "/completionReport")).catch(() => null),
    listAll<any>(v1(name, "/outstandingSubmissions"), "submissions").catch(() => null),
    listAll<any>(v1(name, "/deliveries"), "deliveries").catch(() => []),
  ]);
  const organisations: Record<string, string> = {};
  for (const o of orgs) organisations[o.name] = o.displayName;
  for (const o of completion?.organisations ?? []) if (o.displayName) organisations[o.organisation] = o.displayName;
  const src = sourceOf(campaign);
  const source = src ? await get<Campaign>(v1(src)).then((c) => c.displayName, () => last(src)) : "";
  return { campaign, submissions, organisations, completion, outstanding, deliveries, source };
}

/**
 * useLive refreshes the dashboard every 15 seconds while it is shown and
 * live updates are on, and says when it last did. Leaving the page stops it.
 */
function useLive(name: string, set: (d: Dashboard) => void, running: boolean) {
  const [updated, setUpdated] = useState<Date | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!running) return;
    let live = true;
    const timer = setInterval(async () => {
      if (document.hidden) return;
      try {
        const d = await loadDashboard(name);
        if (!live) return;
        set(d);
        setUpdated(new Date());
        setFailed(false);
      } catch {
        if (live) setFailed(true);
      }
    }, liveEvery);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [name, running]);
  return { updated, setUpdated, failed };
}

function CampaignDashboard(props: { name: string; caller: Caller }) {
  const partnership = props.name.split("/").slice(0, 2).join("/");
  const [running, setRunning] = useState(true);
  const loaded = useLoad<Dashboard>(async () => {
    const d = await loadDashboard(props.name);
    live.setUpdated(new Date());
    return d;
  }, [props.name]);
  const live = useLive(props.name, loaded.set, running && !!loaded.data && !["CAMPAIGN_STATE_DRAFT", "CAMPAIGN_STATE_ARCHIVED"].includes(loaded.data.campaign.state));
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const admin = canAdminister(props.caller, partnership);
  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setNotice("");
    try {
      setNotice(await what());
      setError(null);
      loaded.reload();
    } catch (err) {
      setError(normalise(asError(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Await loaded={loaded}>
      {(d) => {
        const c = d.campaign;
        const [stateLabel, stateColour] = campaignStates[c.state] ?? [c.state, "govuk-tag--grey"];
        const orgName = (n: string) => d.organisations[n] ?? last(n);
        const launch = () => act(async () => {
          const l = await post<Campaign>(v1(c.name, ":launch"), {});
          return l.state === "CAMPAIGN_STATE_SCHEDULED" ? "The campaign is scheduled to open." : "The campaign is launched. Organisations can now answer.";
        });
        const chase = () => act(async () => {
          const r = await post<{ queued?: number; skipped?: string[] }>(v1(c.name, ":chase"), { requestId: crypto.randomUUID() });
          const n = r.queued ?? 0;
          const who = (d.outstanding ?? []).filter((o) => !(r.skipped ?? []).includes(o.submission)).map((o) => orgName(o.organisation));
          return n === 0 ? "No reminders were sent: no returns are outstanding."
            : `${n} ${n === 1 ? "reminder was" : "reminders were"} sent to ${who.join(", ") || "the outstanding organisations"}.`;
        });
        const close = () => act(async () => {
          await post<Campaign>(v1(c.name, ":close"), {});
          setClosing(false);
          return "The campaign is closed. Organisations can no longer answer; their actions stay open for progress updates.";
        });
        const comp = d.completion;
        const launched = c.state !== "CAMPAIGN_STATE_DRAFT";
        const changeable = ["CAMPAIGN_STATE_DRAFT", "CAMPAIGN_STATE_SCHEDULED", "CAMPAIGN_STATE_OPEN"].includes(c.state);
        return (
          <>
            <BackLink href={href("partnership", partnership)}>Back to the partnership</BackLink>
            {notice ? <Banner success><p class="govuk-notification-banner__heading">{notice}</p></Banner> : null}
            <ErrorSummary error={error} />
            <Caption>Campaign</Caption>
            <h1 class="govuk-heading-l">{c.displayName}</h1>
            <SummaryList rows={[
              { key: "State", value: <Tag colour={stateColour}>{stateLabel}</Tag> },
              { key: "Due", value: ukDate(c.dueTime), action: admin && changeable ? <a class="govuk-link" href="#due-date">Change<span class="govuk-visually-hidden"> the due date</span></a> : undefined },
              { key: "Template", value: c.templateVersion.split("/").slice(-3).join(" ").replace("versions", "version") },
              { key: "QA review", value: c.qaRequired ? "Required" : "Not required" },
              ...(d.source ? [{ key: "Answers start from", value: d.source }] : []),
            ]} />
            {c.state === "CAMPAIGN_STATE_DRAFT" ? (
              admin ? (
                <>
                  <p class="govuk-body">The campaign is a draft. Launch it to ask the organisations to answer.</p>
                  <Button type="button" onClick={launch} disabled={busy}>Launch campaign</Button>
                </>
              ) : <p class="govuk-body">The campaign is a draft. It has not been sent to the organisations yet.</p>
            ) : (
              <p class="govuk-body"><a class="govuk-link" href={href("report", c.name)}>View the report</a></p>
            )}

            {launched ? (
              <>
                <PageSection title="Completion" id="completion">
                  {c.state !== "CAMPAIGN_STATE_ARCHIVED" ? (
                    <div class="app-live govuk-body-s">
                      <p class="govuk-body-s govuk-!-margin-bottom-1" role="status">
                        {live.failed ? "Could not refresh. " : ""}{live.updated ? "Updated at " + hhmm(live.updated) : ""}
                      </p>
                      <p class="govuk-body-s">
                        {running ? "The figures and returns refresh every 15 seconds. " : "Live updates are stopped. "}
                        <button type="button" class="govuk-link app-link-button" onClick={() => setRunning(!running)}>
                          {running ? "Stop live updates" : "Start live updates"}
                        </button>
                      </p>
                    </div>
                  ) : null}
                  {comp ? (
                    <Table caption="Returns by state" head={["State", "Returns"]} numeric={[1]}
                      rows={[["Total", comp.total ?? 0], ["Not started", comp.notStarted ?? 0], ["In progress", comp.inProgress ?? 0],
                        ["Handed in", comp.submitted ?? 0], ["Returned by QA", comp.returned ?? 0], ["Accepted", comp.accepted ?? 0],
                        ["Overdue", comp.overdue ?? 0]].map(([k, v]) => [k, String(v)])} />
                  ) : <p class="govuk-body">The figures are being prepared. They will show here in a moment.</p>}
                  {d.submissions.length === 0 ? <p class="govuk-body">There are no returns yet.</p> : (
                    <Table caption="Returns" head={["Organisation", "State", "Progress", "Overdue", "Review"]}
                      rows={d.submissions.map((s) => {
                        const [label, colour] = submissionStates[s.state] ?? [s.state, "govuk-tag--grey"];
                        const p = s.progress ?? {};
                        const reviewable = ["SUBMISSION_STATE_SUBMITTED", "SUBMISSION_STATE_RETURNED", "SUBMISSION_STATE_ACCEPTED"].includes(s.state);
                        return [
                          orgName(s.organisation),
                          <Tag colour={colour}>{label}</Tag>,
                          s.state === "SUBMISSION_STATE_NOT_STARTED" && !p.answered ? "No answers yet" : `${p.answered ?? 0} of ${p.required ?? 0} required answers`,
                          s.overdue ? "Yes" : "No",
                          reviewable ? <a class="govuk-link" href={href("qa", s.name)}>{s.state === "SUBMISSION_STATE_SUBMITTED" ? "Review" : "View"}<span class="govuk-visually-hidden"> {orgName(s.organisation)}'s return</span></a> : "Not handed in",
                        ];
                      })} />
                  )}
                </PageSection>

                <PageSection title="Chase outstanding returns" id="chase">
                  {d.outstanding === null ? <p class="govuk-body">The list of outstanding returns is not available to you.</p>
                    : d.outstanding.length === 0 ? <p class="govuk-body">No returns are outstanding.</p> : (
                      <>
                        <p class="govuk-body">{d.outstanding.length} {d.outstanding.length === 1 ? "return is" : "returns are"} outstanding: {d.outstanding.map((o) => orgName(o.organisation)).join(", ")}.</p>
                        <Button type="button" variant="secondary" onClick={chase} disabled={busy}>Chase now</Button>
                      </>
                    )}
                  {d.deliveries.length > 0 ? (
                    <Table caption="Reminders sent" head={["Recipient", "Why", "Subject", "Return", "State"]}
                      rows={d.deliveries.map((x) => [x.recipient, reminderKind(x.reminder), x.subject ?? "", orgName(d.submissions.find((s) => s.name === x.submission)?.organisation ?? x.submission),
                        String(x.state ?? "").replace("DELIVERY_STATE_", "").toLowerCase()])} />
                  ) : null}
                </PageSection>
              </>
            ) : null}

            {admin && changeable ? (
              <DueDate key={c.name} campaign={c} onChanged={(msg) => { setNotice(msg); setError(null); loaded.reload(); }} />
            ) : null}

            {admin && c.state === "CAMPAIGN_STATE_OPEN" ? (
              <PageSection title="Close the campaign" id="close">
                <p class="govuk-body">Closing stops organisations answering before the due date passes. Actions stay open for progress updates.</p>
                {closing ? (
                  <>
                    <div class="govuk-warning-text">
                      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
                      <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
                        Returns not handed in by now will not be taken. This cannot be undone here.</strong>
                    </div>
                    <div class="govuk-button-group">
                      <Button type="button" variant="warning" onClick={close} disabled={busy}>Yes, close the campaign</Button>
                      <p class="govuk-body"><button type="button" class="govuk-link app-link-button" onClick={() => setClosing(false)}>Cancel</button></p>
                    </div>
                  </>
                ) : <Button type="button" variant="warning" onClick={() => setClosing(true)} disabled={busy}>Close campaign</Button>}
              </PageSection>
            ) : null}
          </>
        );
      }}
    </Await>
  );
}

/**
 * DueDate moves a campaign's due date. It sends the etag read when the
 * form was shown, so a change someone else made since is not overwritten.
 */
function DueDate(props: { campaign: Campaign; onChanged: (msg: string) => void }) {
  const [etag, setEtag] = useState(props.campaign.etag ?? "");
  const [due, setDue] = useState<DateParts>({ day: "", month: "", year: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const stale = error?.status === 409;
  const submit = async (e: Event) => {
    e.preventDefault();
    const date = partsToDate(due);
    if (!date) {
      setError(new ApiError(400, "invalid argument", [{ field: "dueTime", description: "Enter the new due date as a real date, for example 27 3 2027" }]));
      return;
    }
    if (date.getTime() < Date.now()) {
      setError(new ApiError(400, "invalid argument", [{ field: "dueTime", description: "The new due date must be in the future" }]));
      return;
    }
    setBusy(true);
    try {
      const c = await call<Campaign>("PATCH", v1(props.campaign.name) + "?updateMask=due_time",
        { etag, dueTime: date.toISOString().replace(/\.\d+Z$/, "Z") });
      setEtag(c.etag ?? "");
      setError(null);
      setDue({ day: "", month: "", year: "" });
      props.onChanged("The due date is now " + ukDate(c.dueTime) + ".");
    } catch (err) {
      const a = asError(err);
      setError(a.status === 409
        ? new ApiError(409, "Someone changed this campaign since you opened it. Reload the campaign to see their change, then set the due date again.")
        : normalise(a));
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => {
    try {
      const c = await get<Campaign>(v1(props.campaign.name));
      setEtag(c.etag ?? "");
      setError(null);
      props.onChanged("The campaign was reloaded. The due date is " + ukDate(c.dueTime) + ".");
    } catch (err) {
      setError(normalise(asError(err)));
    }
  };
  return (
    <PageSection title="Change the due date" id="due-date">
      <ErrorSummary error={error} />
      {stale ? <p class="govuk-body"><Button type="button" variant="secondary" onClick={reload}>Reload the campaign</Button></p> : null}
      <form onSubmit={submit} noValidate>
        <DateInput id={fieldId("dueTime")} legend="New due date" hint={"Now due " + ukDate(props.campaign.dueTime) + ". For example, " + Object.values(dateParts(new Date(Date.now() + 90 * 864e5))).join(" ")}
          value={due} onChange={setDue} error={errorFor(error, "dueTime")} />
        <Button variant="secondary" disabled={busy}>Change due date</Button>
      </form>
    </PageSection>
  );
}

export const campaignPages: Record<string, Page> = {
  "new-campaign": { title: "Set up a campaign", render: ({ route }) => <NewCampaign partnership={route.name} /> },
  campaign: { title: (r) => "Campaign – " + last(r.name), render: ({ route, caller }) => <CampaignDashboard name={route.name} caller={caller} /> },
};
