// What the business unit's pages share: readable names for the API's
// enums, field violations as the forms name their fields, a single
// checkbox and the GOV.UK date input.
import type { ComponentChildren } from "preact";
import { ApiError } from "../../api";
import type { Violation } from "../../api";
import type { Caller } from "../../model";

/** The organisation types, as people read them. */
export const organisationTypes: [string, string][] = [
  ["ORGANISATION_TYPE_LOCAL_AUTHORITY", "Local authority"],
  ["ORGANISATION_TYPE_POLICE", "Police"],
  ["ORGANISATION_TYPE_HEALTH_TRUST", "Health trust"],
  ["ORGANISATION_TYPE_ICB", "Integrated care board"],
  ["ORGANISATION_TYPE_PROBATION", "Probation"],
  ["ORGANISATION_TYPE_SCHOOL", "School"],
  ["ORGANISATION_TYPE_ACADEMY", "Academy"],
  ["ORGANISATION_TYPE_COLLEGE", "College"],
  ["ORGANISATION_TYPE_EARLY_YEARS", "Early years"],
  ["ORGANISATION_TYPE_VOLUNTARY", "Voluntary sector"],
  ["ORGANISATION_TYPE_OTHER", "Other"],
];
export const organisationType = (t?: string) => organisationTypes.find(([v]) => v === t)?.[1] ?? "Not given";

/** The roles, as people read them, and whether an organisation holds them. */
export const roles: { value: string; label: string; organisation: boolean }[] = [
  { value: "ROLE_ORGANISATION_LEAD", label: "Organisation lead", organisation: true },
  { value: "ROLE_CONTRIBUTOR", label: "Contributor", organisation: true },
  { value: "ROLE_SENIOR_CONTACT", label: "Senior contact", organisation: true },
  { value: "ROLE_QA_OFFICER", label: "QA officer", organisation: false },
  { value: "ROLE_PARTNERSHIP_ADMIN", label: "Partnership admin", organisation: false },
  { value: "ROLE_EXECUTIVE_VIEWER", label: "Executive viewer", organisation: false },
  { value: "ROLE_CASE_AUDITOR", label: "Case auditor", organisation: false },
];
export const roleLabel = (r: string) =>
  r === "ROLE_HUB_ADMIN" ? "Hub admin" : roles.find((x) => x.value === r)?.label ?? r;

/** The template kinds, as people read them. */
export const templateKinds: [string, string][] = [
  ["TEMPLATE_KIND_SECTION_11", "Section 11 self-assessment"],
  ["TEMPLATE_KIND_SECTION_175", "Section 175/157 audit"],
  ["TEMPLATE_KIND_CASE_AUDIT", "Case file audit"],
  ["TEMPLATE_KIND_OTHER", "Other audit"],
];

/** The campaign states, as people read them, with a tag colour. */
export const campaignStates: Record<string, [string, string]> = {
  CAMPAIGN_STATE_DRAFT: ["Draft", "govuk-tag--grey"],
  CAMPAIGN_STATE_SCHEDULED: ["Scheduled", "govuk-tag--purple"],
  CAMPAIGN_STATE_OPEN: ["Open", "govuk-tag--green"],
  CAMPAIGN_STATE_CLOSED: ["Closed", "govuk-tag--orange"],
  CAMPAIGN_STATE_ARCHIVED: ["Archived", "govuk-tag--grey"],
};

/** hubsAdministered lists the hubs the caller administers. */
export const hubsAdministered = (c: Caller) =>
  (c.memberships ?? []).filter((m) => m.role === "ROLE_HUB_ADMIN" && m.hub).map((m) => m.hub!);

/** canAdminister reports whether the caller may change a partnership. */
export const canAdminister = (c: Caller, partnership: string) =>
  (c.memberships ?? []).some((m) => m.role === "ROLE_HUB_ADMIN" || (m.role === "ROLE_PARTNERSHIP_ADMIN" && m.partnership === partnership));

/** Plain words for the rules the server states in its own terms. */
const friendly: Record<string, string> = {
  key: "Enter a question key: lower case letters, numbers and underscores, starting with a letter",
  text: "Enter the question text",
  code: "Enter a section code of letters and numbers, such as S1",
  title: "Enter the section title",
  displayName: "Enter a name",
  label: "Enter a label for the grade",
  value: "Enter a value",
  Id: "Use only lower case letters, numbers and dashes",
  email: "Enter an email address in the correct format, like name@example.org",
  organisations: "Choose at least one organisation",
  dueTime: "Enter the due date",
  templateVersion: "Choose a template version",
};

/**
 * normalise strips the request message's wrapper from the fields the
 * server names ("template.sections[0].key" is "sections[0].key"), so the
 * error summary links to the inputs, whose ids use the short paths.
 */
export function normalise(err: ApiError | null, wrapped = true): ApiError | null {
  if (!err) return null;
  const strip = (f: string) => !wrapped ? f : f.replace(/^(template|campaign|organisation|partnership|person|membership)\./, "");
  const violations: Violation[] = err.violations.map((v) => {
    const field = strip(camelPath(v.field));
    const raw = /regex pattern|must be at least|value is required|must be greater|must be less|value must be|^is required|^must not be empty|^must start with|^must be \d+ to \d+/.test(v.description);
    const plain = raw ? Object.entries(friendly).find(([suffix]) => field === suffix || field.endsWith("." + suffix) || field.endsWith(suffix))?.[1] : undefined;
    // A rule stated without its subject ("must be at most 200 characters") gets the field's name.
    const subjectless = !plain && /^(must|is|value) /.test(v.description);
    return { field, description: plain ?? (subjectless ? fieldWords(field) + " " + v.description.replace(/^value /, "") : v.description) };
  });
  return new ApiError(err.status, err.message, violations, err.details);
}

/** fieldWords names a field path's last part in words: sections[0].displayName is "Display name". */
const fieldWords = (field: string) => {
  const words = (field.split(".").pop() ?? field).replace(/\[\d+\]/g, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : "This";
};

/** camelPath turns a proto field path into the JSON one: due_time is dueTime. */
export const camelPath = (f: string) => f.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** slug makes an id from a name: lower case letters, digits and dashes. */
export const slug = (s: string) =>
  s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");

/** Check is a single checkbox with its label. */
export function Check(props: { id: string; label: string; hint?: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div class="govuk-form-group">
      <div class="govuk-checkboxes govuk-checkboxes--small">
        <div class="govuk-checkboxes__item">
          <input class="govuk-checkboxes__input" id={props.id} name={props.id} type="checkbox" checked={props.checked}
            aria-describedby={props.hint ? props.id + "-hint" : undefined}
            onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)} />
          <label class="govuk-label govuk-checkboxes__label" for={props.id}>{props.label}</label>
          {props.hint ? <div id={props.id + "-hint"} class="govuk-hint govuk-checkboxes__hint">{props.hint}</div> : null}
        </div>
      </div>
    </div>
  );
}

/** DateParts are the three boxes of a GOV.UK date input. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const dateParts = (d: Date): DateParts => ({ day: String(d.getDate()), month: String(d.getMonth() + 1), year: String(d.getFullYear()) });

/** partsToDate reads the boxes as a date, or null when they are not one. */
export function partsToDate(p: DateParts): Date | null {
  const [d, m, y] = [p.day, p.month, p.year].map((s) => Number(s.trim()));
  if (![d, m, y].every((n) => Number.isInteger(n)) || y < 2000 || y > 2200) return null;
  const date = new Date(y, m - 1, d, 17, 0, 0);
  return date.getDate() === d && date.getMonth() === m - 1 ? date : null;
}

/** DateInput is the GOV.UK date input: day, month and year boxes. */
export function DateInput(props: { id: string; legend: string; hint?: string; error?: string; value: DateParts; onChange: (p: DateParts) => void }) {
  const box = (part: keyof DateParts, label: string, width: string) => (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for={part === "day" ? props.id : props.id + "-" + part}>{label}</label>
        <input class={"govuk-input govuk-date-input__input govuk-input--width-" + width + (props.error ? " govuk-input--error" : "")}
          id={part === "day" ? props.id : props.id + "-" + part} name={props.id + "-" + part} type="text" inputMode="numeric"
          value={props.value[part]} onInput={(e) => props.onChange({ ...props.value, [part]: (e.target as HTMLInputElement).value })} />
      </div>
    </div>
  );
  const described = [props.hint ? props.id + "-hint" : "", props.error ? props.id + "-error" : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={"govuk-form-group" + (props.error ? " govuk-form-group--error" : "")}>
      <fieldset class="govuk-fieldset" role="group" aria-describedby={described}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        {props.hint ? <div class="govuk-hint" id={props.id + "-hint"}>{props.hint}</div> : null}
        {props.error ? <p class="govuk-error-message" id={props.id + "-error"}><span class="govuk-visually-hidden">Error:</span> {props.error}</p> : null}
        <div class="govuk-date-input">
          {box("day", "Day", "2")}
          {box("month", "Month", "2")}
          {box("year", "Year", "4")}
        </div>
      </fieldset>
    </div>
  );
}

/** Section is a titled part of a page. */
export const PageSection = (props: { title: string; id?: string; children: ComponentChildren }) => (
  <section class="govuk-!-margin-bottom-8" aria-labelledby={props.id}>
    <h2 class="govuk-heading-m" id={props.id}>{props.title}</h2>
    {props.children}
  </section>
);

/** Caption is the small heading caption above a page's h1. */
export const Caption = (props: { children: ComponentChildren }) => <span class="govuk-caption-l">{props.children}</span>;
