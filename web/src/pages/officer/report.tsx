// A campaign's report: completion and ratings as bar charts, each with a
// table of the same figures, and the exports (CSV, workbook, printable).
import { useState } from "preact/hooks";
import { ApiError, get, v1, asError, download } from "../../api";
import { BackLink, ErrorSummary, Table } from "../../components/govuk";
import { Await, useLoad } from "../../components/layout";
import type { Campaign } from "../../model";
import { last, ukDate } from "../../model";
import { href } from "../../router";
import type { Page } from "../page";
import { Caption, PageSection } from "./util";

interface Bar {
  label: string;
  value: number;
  colour?: string;
}

/** BarChart draws labelled horizontal bars; every bar says its value in text. */
export function BarChart(props: { id: string; title: string; bars: Bar[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const row = 36;
  const labelWidth = 200;
  const width = 640;
  const plot = width - labelWidth - 60;
  const height = props.bars.length * row + 10;
  const summary = props.title + ": " + props.bars.map((b) => `${b.label} ${b.value}`).join(", ");
  return (
    <figure class="govuk-!-margin-0 govuk-!-margin-bottom-4">
      <svg class="app-chart" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={summary}>
        {props.bars.map((b, i) => {
          const y = i * row + 5;
          const w = Math.round((b.value / max) * plot);
          return (
            <g key={b.label}>
              <text x={labelWidth - 8} y={y + row / 2} text-anchor="end" dominant-baseline="middle">{b.label}</text>
              <rect x={labelWidth} y={y + 4} width={Math.max(w, 2)} height={row - 12} fill={b.colour || "#1d70b8"} stroke="#0b0c0c" stroke-width="1" />
              <text x={labelWidth + Math.max(w, 2) + 6} y={y + row / 2} dominant-baseline="middle">{b.value}</text>
            </g>
          );
        })}
      </svg>
      <figcaption class="govuk-body-s">{props.title}</figcaption>
    </figure>
  );
}

interface ReportData {
  campaign: Campaign;
  completion: any | null;
  ratings: any | null;
}

function Report(props: { name: string }) {
  const loaded = useLoad<ReportData>(async () => {
    const [campaign, completion, ratings] = await Promise.all([
      get<Campaign>(v1(props.name)),
      get<any>(v1(props.name, "/completionReport")).catch(() => null),
      get<any>(v1(props.name, "/ratingsReport")).catch(() => null),
    ]);
    return { campaign, completion, ratings };
  }, [props.name]);
  const [error, setError] = useState<ApiError | null>(null);
  const id = last(props.name);
  const exports: [string, string, string, boolean][] = [
    ["/answers.csv", "Answers (CSV)", id + "-answers.csv", false],
    ["/submissions.csv", "Returns, one row each (CSV)", id + "-submissions.csv", false],
    ["/report.xlsx", "Reports workbook (Excel)", id + "-report.xlsx", false],
    ["/report.html", "Printable summary (opens in a new tab)", id + "-report.html", true],
  ];
  return (
    <Await loaded={loaded}>
      {({ campaign, completion, ratings }) => {
        const c = completion ?? {};
        const completionBars: Bar[] = [
          { label: "Not started", value: c.notStarted ?? 0, colour: "#b1b4b6" },
          { label: "In progress", value: c.inProgress ?? 0, colour: "#5694ca" },
          { label: "Handed in", value: c.submitted ?? 0, colour: "#1d70b8" },
          { label: "Returned by QA", value: c.returned ?? 0, colour: "#f47738" },
          { label: "Accepted", value: c.accepted ?? 0, colour: "#00703c" },
          { label: "Overdue", value: c.overdue ?? 0, colour: "#d4351c" },
        ];
        const questions: any[] = ratings?.questions ?? [];
        return (
          <>
            <BackLink href={href("campaign", campaign.name)}>Back to the campaign</BackLink>
            <ErrorSummary error={error} />
            <Caption>{campaign.displayName}</Caption>
            <h1 class="govuk-heading-l">Report</h1>
            {completion?.asOfTime ? <p class="govuk-body">Figures as of {ukDate(completion.asOfTime)} {new Date(completion.asOfTime).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}. Reload the page for the latest.</p> : null}

            <PageSection title="Completion" id="completion">
              {!completion ? <p class="govuk-body">The figures are being prepared. Reload the page in a moment.</p> : (
                <>
                  <p class="govuk-body">{c.submitted ?? 0} of {c.total ?? 0} returns handed in; {c.accepted ?? 0} accepted.</p>
                  <BarChart id="completion-chart" title="Returns by state" bars={completionBars} />
                  <Table caption="Returns by state" head={["State", "Returns"]} numeric={[1]}
                    rows={[...completionBars.map((b) => [b.label, String(b.value)]), ["Total", String(c.total ?? 0)]]} />
                  {(c.organisations ?? []).length ? (
                    <Table caption="Returns by organisation" head={["Organisation", "State", "Overdue"]}
                      rows={c.organisations.map((o: any) => [o.displayName || last(o.organisation),
                        String(o.state ?? "").replace(/_/g, " ").toLowerCase().replace(/^./, (x: string) => x.toUpperCase()), o.overdue ? "Yes" : "No"])} />
                  ) : null}
                </>
              )}
            </PageSection>

            <PageSection title="Ratings" id="ratings">
              {questions.length === 0 ? <p class="govuk-body">There are no ratings yet.</p> : questions.map((q) => {
                const bars: Bar[] = (q.distribution ?? []).map((g: any) => ({ label: g.label || g.value, value: g.count ?? 0, colour: g.colour }));
                return (
                  <div key={q.key} class="govuk-!-margin-bottom-6">
                    <h3 class="govuk-heading-s">{q.section ? q.section + ": " : ""}{q.text}</h3>
                    <BarChart id={"ratings-" + q.key} title={`Ratings given for “${q.text}”`} bars={bars} />
                    <Table caption={`Ratings for ${q.key}`} head={["Grade", "Returns"]} numeric={[1]}
                      rows={[...bars.map((b) => [b.label, String(b.value)]), ["Answered", String(q.answered ?? 0)]]} />
                  </div>
                );
              })}
            </PageSection>

            <PageSection title="Exports" id="exports">
              <ul class="govuk-list">
                {exports.map(([suffix, label, file, open]) => (
                  <li key={suffix}>
                    <a class="govuk-link" href={v1(campaign.name, suffix)} download={open ? undefined : file} target={open ? "_blank" : undefined}
                      onClick={(e) => {
                        e.preventDefault();
                        download(v1(campaign.name, suffix), file, open).then(() => setError(null), (err) => setError(asError(err)));
                      }}>{label}</a>
                  </li>
                ))}
              </ul>
            </PageSection>
          </>
        );
      }}
    </Await>
  );
}

export const reportPages: Record<string, Page> = {
  report: { title: (r) => "Report – " + last(r.name), render: ({ route }) => <Report name={route.name} /> },
};
