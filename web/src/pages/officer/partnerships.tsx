// The partnerships a person works in, and one partnership's overview: its
// organisations, people, templates, campaigns and case audits, with the
// forms that add to them.
import { useState } from "preact/hooks";
import { ApiError, get, listAll, post, v1, asError } from "../../api";
import {
  Banner, Button, Checkboxes, ErrorSummary, Radios, Select, Table, Tag, TextInput, errorFor, fieldId,
} from "../../components/govuk";
import { Await, useLoad } from "../../components/layout";
import type { Campaign, Caller, Membership, Organisation, Partnership, Template } from "../../model";
import { last, ukDate } from "../../model";
import { href, navigate } from "../../router";
import type { Page } from "../page";
import { CaseAuditLists } from "./caseaudit";
import { Caption, Check, PageSection, campaignStates, canAdminister, hubsAdministered, normalise, organisationType, organisationTypes, roleLabel, roles, slug, templateKinds } from "./util";

function PartnershipList(props: { caller: Caller }) {
  const loaded = useLoad(() => listAll<Partnership>("/v1/partnerships", "partnerships"), []);
  const hubs = hubsAdministered(props.caller);
  return (
    <>
      <h1 class="govuk-heading-l">Partnerships</h1>
      <Await loaded={loaded}>
        {(ps) => ps.length === 0
          ? <p class="govuk-body">There are no partnerships yet.</p>
          : <Table caption="Partnerships you work in" head={["Partnership", "ID"]}
              rows={ps.map((p) => [<a class="govuk-link" href={href("partnership", p.name)}>{p.displayName}</a>, last(p.name)])} />}
      </Await>
      {hubs.length > 0 ? <NewPartnership hubs={hubs} onCreated={loaded.reload} /> : null}
    </>
  );
}

function NewPartnership(props: { hubs: string[]; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [hub, setHub] = useState(props.hubs[0]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Partnership | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    try {
      const p = await post<Partnership>("/v1/partnerships?partnershipId=" + encodeURIComponent(id || slug(name)), { displayName: name, hub });
      setError(null);
      setDone(p);
      setName("");
      setId("");
      props.onCreated();
    } catch (err) {
      setError(normalise(asError(err), false));
    }
  };
  return (
    <PageSection title="Add a partnership" id="new-partnership">
      {done ? <Banner success>{done.displayName} was added. <a class="govuk-link" href={href("partnership", done.name)}>Open {done.displayName}</a></Banner> : null}
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <TextInput id={fieldId("partnership.displayName")} label="Partnership name" value={name} onInput={setName}
          error={errorFor(error, "partnership.displayName")} />
        <TextInput id={fieldId("partnershipId")} label="Partnership ID" width="20" value={id} onInput={setId}
          hint="Lower case letters, numbers and dashes, used in web addresses. Leave blank to make one from the name."
          error={errorFor(error, "partnershipId")} />
        {props.hubs.length > 1
          ? <Select id={fieldId("partnership.hub")} label="Hub" value={hub} onChange={setHub}
              choices={props.hubs.map((h) => ({ value: h, label: last(h) }))} error={errorFor(error, "partnership.hub")} />
          : null}
        <Button>Add partnership</Button>
      </form>
    </PageSection>
  );
}

interface Overview {
  partnership: Partnership;
  partnerships: Partnership[];
  organisations: Organisation[];
  templates: Template[];
  campaigns: Campaign[];
}

function PartnershipOverview(props: { name: string; caller: Caller }) {
  const loaded = useLoad<Overview>(async () => {
    const [partnership, partnerships, organisations, templates, campaigns] = await Promise.all([
      get<Partnership>(v1(props.name)),
      listAll<Partnership>("/v1/partnerships", "partnerships"),
      listAll<Organisation>("/v1/organisations?partnership=" + encodeURIComponent(props.name), "organisations"),
      listAll<Template>(v1(props.name, "/templates"), "templates").catch(() => [] as Template[]),
      listAll<Campaign>(v1(props.name, "/campaigns"), "campaigns").catch(() => [] as Campaign[]),
    ]);
    return { partnership, partnerships, organisations, templates, campaigns };
  }, [props.name]);
  const admin = canAdminister(props.caller, props.name);
  return (
    <Await loaded={loaded}>
      {(o) => (
        <>
          <Caption>Partnership</Caption>
          <h1 class="govuk-heading-l">{o.partnership.displayName}</h1>
          <nav aria-label="On this page">
            <ul class="govuk-list app-inline-actions">
              <li><a class="govuk-link" href="#organisations">Organisations</a></li>
              <li><a class="govuk-link" href="#people">People</a></li>
              <li><a class="govuk-link" href="#templates">Templates</a></li>
              <li><a class="govuk-link" href="#campaigns">Campaigns</a></li>
              <li><a class="govuk-link" href="#case-audits">Case audits</a></li>
            </ul>
          </nav>

          <PageSection title="Campaigns" id="campaigns">
            {o.campaigns.length === 0 ? <p class="govuk-body">There are no campaigns yet.</p> : (
              <Table caption="Campaigns of this partnership" head={["Campaign", "State", "Due"]}
                rows={o.campaigns.map((c) => {
                  const [label, colour] = campaignStates[c.state] ?? [c.state, "govuk-tag--grey"];
                  return [<a class="govuk-link" href={href("campaign", c.name)}>{c.displayName}</a>, <Tag colour={colour}>{label}</Tag>, ukDate(c.dueTime)];
                })} />
            )}
            {admin ? <a class="govuk-button" role="button" draggable={false} href={href("new-campaign", props.name)}>Set up a campaign</a> : null}
          </PageSection>

          <PageSection title="Templates" id="templates">
            {o.templates.length === 0 ? <p class="govuk-body">There are no templates yet.</p> : (
              <Table caption="Audit templates" head={["Template", "Kind", "Published"]}
                rows={o.templates.map((t) => [
                  <a class="govuk-link" href={href("template", t.name)}>{t.displayName}</a>,
                  templateKinds.find(([k]) => k === t.kind)?.[1] ?? "",
                  t.latestVersion ? "Version " + t.latestVersion : "Not published",
                ])} />
            )}
            {admin ? <NewTemplate parent={props.name} /> : null}
            {admin ? <StarterTemplates parent={props.name} /> : null}
            {admin ? <ImportTemplate parent={props.name} /> : null}
          </PageSection>

          <PageSection title="Organisations" id="organisations">
            {o.organisations.length === 0 ? <p class="govuk-body">There are no organisations yet.</p> : (
              <Table caption="Organisations in this partnership" head={["Organisation", "Type", "ID"]}
                rows={o.organisations.map((org) => [org.displayName, organisationType(org.type), last(org.name)])} />
            )}
            {admin ? <NewOrganisation partnership={props.name} partnerships={o.partnerships} onCreated={loaded.reload} /> : null}
          </PageSection>

          <People partnership={props.name} organisations={o.organisations} admin={admin} />
          <CaseAuditLists partnership={props.name} />
        </>
      )}
    </Await>
  );
}

function NewOrganisation(props: { partnership: string; partnerships: Partnership[]; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [type, setType] = useState("");
  const [ps, setPs] = useState<string[]>([props.partnership]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone("");
    try {
      const org = await post<Organisation>("/v1/organisations?organisationId=" + encodeURIComponent(id || slug(name)),
        { displayName: name, type: type || undefined, partnerships: ps });
      setError(null);
      setDone(org.displayName);
      setName("");
      setId("");
      setType("");
      props.onCreated();
    } catch (err) {
      setError(normalise(asError(err), false));
    }
  };
  return (
    <>
      <h3 class="govuk-heading-s">Add an organisation</h3>
      {done ? <Banner success>{done} was added.</Banner> : null}
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <TextInput id={fieldId("organisation.displayName")} label="Organisation name" value={name} onInput={setName}
          error={errorFor(error, "organisation.displayName")} />
        <TextInput id={fieldId("organisationId")} label="Organisation ID" width="20" value={id} onInput={setId}
          hint="Lower case letters, numbers and dashes. Leave blank to make one from the name." error={errorFor(error, "organisationId")} />
        <Select id={fieldId("organisation.type")} label="Type of organisation" value={type} onChange={setType}
          choices={[{ value: "", label: "Choose a type" }, ...organisationTypes.map(([value, label]) => ({ value, label }))]}
          error={errorFor(error, "organisation.type")} />
        <Checkboxes id={fieldId("organisation.partnerships")} label="Partnerships it belongs to" values={ps} onChange={setPs}
          choices={props.partnerships.map((p) => ({ value: p.name, label: p.displayName }))} error={errorFor(error, "organisation.partnerships")} />
        <Button>Add organisation</Button>
      </form>
    </>
  );
}

interface PersonRow {
  name: string;
  displayName: string;
  email: string;
  memberships: Membership[];
}

function People(props: { partnership: string; organisations: Organisation[]; admin: boolean }) {
  const loaded = useLoad<PersonRow[]>(async () => {
    const people = await listAll<PersonRow>("/v1/people?partnership=" + encodeURIComponent(props.partnership), "people");
    return Promise.all(people.map(async (p) => ({
      ...p,
      memberships: await listAll<Membership>(v1(p.name, "/memberships"), "memberships").catch(() => []),
    })));
  }, [props.partnership]);
  const orgName = (n?: string) => props.organisations.find((o) => o.name === n)?.displayName ?? (n ? last(n) : "");
  const where = (m: Membership) => m.organisation ? orgName(m.organisation) : m.partnership === props.partnership ? "this partnership" : last(m.partnership ?? m.hub ?? "");
  return (
    <PageSection title="People" id="people">
      <Await loaded={loaded}>
        {(people) => people.length === 0 ? <p class="govuk-body">No one has a role here yet.</p> : (
          <Table caption="People and their roles" head={["Name", "Email", "Roles"]}
            rows={people.map((p) => [p.displayName || p.email, p.email,
              p.memberships.map((m) => roleLabel(m.role) + ", " + where(m)).join("; ")])} />
        )}
      </Await>
      {props.admin ? <NewPerson partnership={props.partnership} organisations={props.organisations} onCreated={loaded.reload} /> : null}
    </PageSection>
  );
}

function NewPerson(props: { partnership: string; organisations: Organisation[]; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("");
  const [org, setOrg] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  const orgRole = roles.find((r) => r.value === role)?.organisation ?? false;
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone("");
    const problems = [];
    if (!role) problems.push({ field: "membership.role", description: "Choose the role they will have" });
    if (orgRole && !org) problems.push({ field: "membership.organisation", description: "Choose the organisation they will answer for" });
    if (problems.length) {
      setError(new ApiError(400, "invalid argument", problems));
      return;
    }
    try {
      const id = slug(email.replace("@", "-at-")) || "person";
      let person = "people/" + id;
      try {
        const p = await post<{ name: string }>("/v1/people?personId=" + encodeURIComponent(id), { email, displayName: name });
        person = p.name;
      } catch (err) {
        // Someone already known gets the new role.
        if (!(err instanceof ApiError && err.status === 409)) throw err;
      }
      await post(v1(person, "/memberships"), orgRole ? { role, organisation: org } : { role, partnership: props.partnership });
      setError(null);
      const at = orgRole ? props.organisations.find((o) => o.name === org)?.displayName : "this partnership";
      setDone(`${name || email} is now ${roleLabel(role).toLowerCase()} of ${at}.`);
      setName("");
      setEmail("");
      setRole("");
      setOrg("");
      props.onCreated();
    } catch (err) {
      setError(normalise(asError(err), false));
    }
  };
  return (
    <>
      <h3 class="govuk-heading-s">Give someone a role</h3>
      {done ? <Banner success>{done}</Banner> : null}
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <TextInput id={fieldId("person.displayName")} label="Full name" value={name} onInput={setName} autocomplete="off"
          error={errorFor(error, "person.displayName")} />
        <TextInput id={fieldId("person.email")} label="Email address" type="email" value={email} onInput={setEmail} autocomplete="off"
          hint="They sign in with a link sent to this address." error={errorFor(error, "person.email")} />
        <Radios id={fieldId("membership.role")} label="Role" value={role} onChange={setRole} error={errorFor(error, "membership.role")}
          choices={roles.map((r) => ({ value: r.value, label: r.label, hint: r.organisation ? "Answers audits for an organisation" : "Works in this partnership's business unit" }))} />
        {orgRole ? (
          <Select id={fieldId("membership.organisation")} label="Organisation they answer for" value={org} onChange={setOrg}
            choices={[{ value: "", label: "Choose an organisation" }, ...props.organisations.map((o) => ({ value: o.name, label: o.displayName }))]}
            error={errorFor(error, "membership.organisation")} />
        ) : null}
        <Button>Give role</Button>
      </form>
    </>
  );
}

function NewTemplate(props: { parent: string }) {
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [kind, setKind] = useState("TEMPLATE_KIND_SECTION_11");
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const t = await post<Template>(v1(props.parent, "/templates") + "?templateId=" + encodeURIComponent(id || slug(name)),
        { displayName: name, kind, sections: [] });
      navigate(href("template", t.name));
    } catch (err) {
      setError(normalise(asError(err), false));
    }
  };
  return (
    <>
      <h3 class="govuk-heading-s">Create a template</h3>
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <TextInput id={fieldId("template.displayName")} label="Template name" value={name} onInput={setName}
          error={errorFor(error, "template.displayName")} />
        <TextInput id={fieldId("templateId")} label="Template ID" width="20" value={id} onInput={setId}
          hint="Lower case letters, numbers and dashes. Leave blank to make one from the name." error={errorFor(error, "templateId")} />
        <Select id={fieldId("template.kind")} label="Kind of audit" value={kind} onChange={setKind}
          choices={templateKinds.map(([value, label]) => ({ value, label }))} error={errorFor(error, "template.kind")} />
        <Button>Create template</Button>
      </form>
    </>
  );
}

interface Starter {
  name: string;
  displayName: string;
  kind?: string;
}

/**
 * StarterTemplates offers the starter library: templates written for the
 * platform that a partnership installs as its own draft, to adapt in the
 * builder (or publish as they are).
 */
function StarterTemplates(props: { parent: string }) {
  const loaded = useLoad(() => get<{ starterTemplates?: Starter[] }>("/v1/starterTemplates").then((r) => r.starterTemplates ?? []), []);
  const [starter, setStarter] = useState("");
  const [id, setId] = useState("");
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!starter) {
      setError(new ApiError(400, "invalid argument", [{ field: "starter", description: "Choose a starter template to install" }]));
      return;
    }
    setBusy(true);
    try {
      const t = await post<Template>(v1(props.parent, "/templates:installStarter"), { starter, templateId: id.trim(), publish });
      navigate(href("template", t.name));
    } catch (err) {
      // The ID box here is not the one of "Create a template" above.
      const e = normalise(asError(err), false)!;
      setError(new ApiError(e.status, e.message, e.violations.map((v) => (v.field === "templateId" ? { ...v, field: "installTemplateId" } : v)), e.details));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h3 class="govuk-heading-s" id="starter-templates">Start from a starter template</h3>
      <Await loaded={loaded}>
        {(starters) => starters.length === 0 ? <p class="govuk-body">There are no starter templates.</p> : (
          <>
            <ErrorSummary error={error} />
            <form onSubmit={submit} noValidate>
              <Radios id={fieldId("starter")} label="Starter template" value={starter} onChange={setStarter}
                hint="A template written for Assure, installed as your own draft to change in the builder."
                choices={starters.map((t) => ({ value: t.name, label: t.displayName, hint: templateKinds.find(([k]) => k === t.kind)?.[1] }))}
                error={errorFor(error, "starter")} />
              <TextInput id={fieldId("installTemplateId")} label="ID for the installed template (optional)" width="20" value={id} onInput={setId}
                hint="Lower case letters, numbers and dashes. Leave blank for one to be chosen." error={errorFor(error, "installTemplateId")} />
              <Check id={fieldId("publish")} label="Publish it as version 1 straight away" hint="Leave unticked to check and change it before publishing."
                checked={publish} onChange={setPublish} />
              <Button variant="secondary" disabled={busy}>Install starter template</Button>
            </form>
          </>
        )}
      </Await>
    </>
  );
}

function ImportTemplate(props: { parent: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) {
      setError(new ApiError(400, "invalid argument", [{ field: "content", description: "Choose a spreadsheet (.xlsx) or YAML file" }]));
      return;
    }
    const format = /\.ya?ml$/i.test(file.name) ? "TEMPLATE_FILE_FORMAT_YAML" : "TEMPLATE_FILE_FORMAT_XLSX";
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = "";
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    try {
      const r = await post<{ template?: Template }>(v1(props.parent, "/templates:import"), { format, content: btoa(bin) });
      if (r.template) navigate(href("template", r.template.name));
    } catch (err) {
      setError(normalise(asError(err), false));
    }
  };
  return (
    <>
      <h3 class="govuk-heading-s">Import a template from a spreadsheet</h3>
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <div class={"govuk-form-group" + (errorFor(error, "content") ? " govuk-form-group--error" : "")}>
          <label class="govuk-label" for={fieldId("content")}>Spreadsheet or YAML file</label>
          <div class="govuk-hint" id={fieldId("content") + "-hint"}>An Excel workbook with a Questions sheet, one row per question.</div>
          {errorFor(error, "content") ? <p class="govuk-error-message" id={fieldId("content") + "-error"}><span class="govuk-visually-hidden">Error:</span> {errorFor(error, "content")}</p> : null}
          <input class="govuk-file-upload" id={fieldId("content")} type="file" accept=".xlsx,.yaml,.yml"
            aria-describedby={fieldId("content") + "-hint" + (errorFor(error, "content") ? " " + fieldId("content") + "-error" : "")}
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </div>
        <Button variant="secondary">Import template</Button>
      </form>
    </>
  );
}

export const partnershipPages: Record<string, Page> = {
  partnerships: { title: "Partnerships", render: ({ caller }) => <PartnershipList caller={caller} /> },
  partnership: { title: "Partnership", render: ({ route, caller }) => <PartnershipOverview name={route.name} caller={caller} /> },
};
