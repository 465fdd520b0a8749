// My audits: every submission the caller answers, across partnerships,
// with due dates and progress.
import { listAll } from "../../api";
import { Await, useLoad } from "../../components/layout";
import { TableScroll, Tag } from "../../components/govuk";
import { last, submissionStates, ukDate, type Submission } from "../../model";
import { href } from "../../router";
import { Name } from "../../names";

/** progressText says how far an audit has got. */
export const progressText = (s: Submission) =>
  `${s.progress?.answered ?? 0} of ${s.progress?.required ?? 0} required questions answered`;

/** StateTag shows a submission's state as a coloured label with its words. */
export function StateTag(props: { s: Submission }) {
  const [label, colour] = submissionStates[props.s.state] ?? [props.s.state, "govuk-tag--grey"];
  return <Tag colour={colour}>{label}</Tag>;
}

/** MyAudits lists the caller's audits. */
export function MyAudits() {
  const loaded = useLoad(() => listAll<Submission>("/v1/caller/submissions", "submissions"), []);
  return (
    <>
      <h1 class="govuk-heading-l">My audits</h1>
      <Await loaded={loaded}>
        {(subs) => subs.length === 0 ? (
          <p class="govuk-body">You have no audits to answer. Your partnership will email you when one opens.</p>
        ) : (
          <TableScroll label="Audits you answer">
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Audits you answer</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Audit</th>
                <th scope="col" class="govuk-table__header">Organisation</th>
                <th scope="col" class="govuk-table__header">Due</th>
                <th scope="col" class="govuk-table__header">Progress</th>
                <th scope="col" class="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {subs.map((s) => (
                <tr class="govuk-table__row" key={s.name}>
                  <th scope="row" class="govuk-table__header">
                    <a class="govuk-link" href={href("respond", s.name)}>{s.campaignDisplayName || last(s.name)}</a>
                    <span class="govuk-body-s govuk-!-display-block"><Name of={s.name.split("/").slice(0, 2).join("/")} /></span>
                  </th>
                  <td class="govuk-table__cell"><Name of={s.organisation} /></td>
                  <td class="govuk-table__cell">
                    {ukDate(s.dueTime)}
                    {s.overdue ? <> <Tag colour="govuk-tag--red">Overdue</Tag></> : null}
                  </td>
                  <td class="govuk-table__cell">{progressText(s)}</td>
                  <td class="govuk-table__cell"><StateTag s={s} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
        )}
      </Await>
    </>
  );
}
