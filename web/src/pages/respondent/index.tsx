// The respondent's pages: their audits, answering section by section,
// checking and submitting, and the action plan.
import type { Page } from "../page";
import { MyAudits } from "./audits";
import { Overview } from "./overview";
import { SectionPage } from "./section";
import { Review } from "./review";
import { Plan } from "./plan";
import { Contributors } from "./contributors";

/** respondentPages are the respondent's pages by their first path segment. */
export const respondentPages: Record<string, Page> = {
  audits: { title: "My audits", render: () => <MyAudits /> },
  respond: {
    title: (r) => r.rest === "review" ? "Check your answers" : r.rest === "actions" ? "Action plan" : r.rest === "contributors" ? "Contributors" : r.rest.startsWith("section/") ? "Section " + r.rest.slice(8) : "Audit",
    render: ({ route }) => {
      if (route.rest.startsWith("section/")) return <SectionPage name={route.name} code={route.rest.slice(8)} />;
      if (route.rest === "review") return <Review name={route.name} key={route.name} />;
      if (route.rest === "actions") return <Plan name={route.name} />;
      if (route.rest === "contributors") return <Contributors name={route.name} />;
      return <Overview name={route.name} />;
    },
  },
};
