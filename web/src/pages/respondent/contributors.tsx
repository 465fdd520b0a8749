// Contributors: the organisation's lead shares out the sections of an
// audit among the organisation's people.
import { useState } from "preact/hooks";
import { ApiError, listAll, post, v1 } from "../../api";
import { Await, useLoad } from "../../components/layout";
import { BackLink, Banner, Button, Checkboxes, ErrorSummary } from "../../components/govuk";
import type { Submission } from "../../model";
import { href } from "../../router";
import { loadAnswering, type Answering } from "./load";

interface Person {
  name: string;
  displayName?: string;
  email: string;
}

/** Contributors assigns people to the sections of an audit. */
export function Contributors(props: { name: string }) {
  const loaded = useLoad(async () => {
    const a = await loadAnswering(props.name);
    const people = await listAll<Person>("/v1/people?organisation=" + encodeURIComponent(a.submission.organisation), "people");
    return { a, people };
  }, [props.name]);
  return <Await loaded={loaded}>{({ a, people }) => <Assign a={a} people={people} />}</Await>;
}

function Assign({ a, people }: { a: Answering; people: Person[] }) {
  const [s, setS] = useState<Submission>(a.submission);
  const [chosen, setChosen] = useState<Record<string, string[]>>(() =>
    Object.fromEntries(a.sections.map((sec) => [sec.code, s.assignments?.find((x) => x.section === sec.code)?.people ?? []])));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    try {
      const assignments = Object.entries(chosen).filter(([, p]) => p.length).map(([section, p]) => ({ section, people: p }));
      setS(await post<Submission>(v1(s.name, ":setAssignments"), { etag: s.etag, assignments }));
      setError(null);
      setSaved(true);
    } catch (err) {
      const e2 = err as ApiError;
      setError(e2.status === 403 ? new ApiError(403, "Only your organisation's lead can share out the sections.") : e2);
    }
  };
  return (
    <>
      <BackLink href={href("respond", s.name)}>Back to the audit</BackLink>
      <ErrorSummary error={error} />
      {saved ? <Banner success title="Saved"><p class="govuk-notification-banner__heading">Contributors saved. They will see this audit in their list.</p></Banner> : null}
      <span class="govuk-caption-l">{s.campaignDisplayName}</span>
      <h1 class="govuk-heading-l">Contributors</h1>
      <p class="govuk-body">Choose who in your organisation answers each section. Anyone chosen can answer; only the lead submits.</p>
      <form onSubmit={save} noValidate>
        {a.sections.map((sec) => (
          <Checkboxes key={sec.code} id={"f-assign-" + sec.code} label={`${sec.code}. ${sec.title}`}
            values={chosen[sec.code] ?? []} onChange={(v) => setChosen({ ...chosen, [sec.code]: v })}
            choices={people.map((p) => ({ value: p.name, label: p.displayName ? `${p.displayName} (${p.email})` : p.email }))} />
        ))}
        <Button>Save contributors</Button>
      </form>
    </>
  );
}
