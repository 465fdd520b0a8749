// The shapes of the REST API's resources that the pages read, in the JSON
// names the API uses. Only the fields the pages need are listed.

export interface Membership {
  name: string;
  role: string;
  hub?: string;
  partnership?: string;
  organisation?: string;
}

export interface Caller {
  person: { name: string; email: string; displayName: string };
  memberships?: Membership[];
  partnershipHubs?: Record<string, string>;
}

export interface Grade {
  value: string;
  label: string;
  colour?: string;
  score?: number;
  meaning?: string;
  notApplicable?: boolean;
}

export interface Option {
  value: string;
  label: string;
}

export interface Question {
  key: string;
  text: string;
  help?: string;
  required?: boolean;
  visibleIf?: string;
  rating?: { grades: Grade[] };
  textAnswer?: { maxLength?: number; multiline?: boolean };
  singleChoice?: { options: Option[] };
  multipleChoice?: { options: Option[] };
  yesNo?: Record<string, never>;
  number?: { min?: string; max?: string; integer?: boolean; unit?: string };
  date?: Record<string, unknown>;
  evidence?: { description?: string; minFiles?: number; maxFiles?: number };
  table?: Record<string, unknown>;
  declaration?: Record<string, unknown>;
  actionRow?: boolean;
}

export interface Section {
  code: string;
  title: string;
  guidance?: string;
  questions: Question[];
}

export interface Template {
  name: string;
  displayName: string;
  description?: string;
  kind?: string;
  sections?: Section[];
  etag?: string;
  latestVersion?: number;
  state?: string;
}

export interface TemplateVersion {
  name: string;
  version: number;
  template: Template;
  publishTime?: string;
}

/** EvidenceRef is a file attached to an answer: its name and its id. */
export interface EvidenceRef {
  name: string;
  id: string;
}

export interface Answer {
  questionKey: string;
  grade?: string;
  text?: string;
  choice?: string;
  choices?: string[];
  yesNo?: string;
  number?: string;
  date?: string;
  confirmed?: boolean;
  version?: string | number;
  broughtForward?: boolean;
  updateTime?: string;
  updatePerson?: string;
  evidence?: EvidenceRef[];
}

export interface Progress {
  answered?: number;
  required?: number;
  sections?: { section: string; answered?: number; required?: number }[];
}

export interface QaComment {
  questionKey: string;
  text: string;
}

export interface Submission {
  name: string;
  organisation: string;
  state: string;
  answers?: Answer[];
  updateTime?: string;
  submitTime?: string;
  etag: string;
  overdue?: boolean;
  dueTime?: string;
  progress?: Progress;
  qaComments?: QaComment[];
  reopenedKeys?: string[];
  assignments?: { section: string; people: string[] }[];
  campaignDisplayName?: string;
  templateVersion?: string;
  hiddenKeys?: string[];
}

export interface Campaign {
  name: string;
  displayName: string;
  templateVersion: string;
  state: string;
  dueTime?: string;
  openTime?: string;
  organisations?: string[];
  audienceTypes?: string[];
  partnerships?: string[];
  qaRequired?: boolean;
  etag?: string;
}

export interface Partnership {
  name: string;
  displayName: string;
  hub?: string;
}

export interface Organisation {
  name: string;
  displayName: string;
  type?: string;
  partnerships?: string[];
}

export interface Action {
  name: string;
  questionKey: string;
  section?: string;
  title: string;
  owner?: string;
  dueDate?: string;
  status: string;
  progressNote?: string;
  etag: string;
}

/** The states of a submission, as people read them. */
export const submissionStates: Record<string, [string, string]> = {
  SUBMISSION_STATE_NOT_STARTED: ["Not started", "govuk-tag--grey"],
  SUBMISSION_STATE_IN_PROGRESS: ["In progress", "govuk-tag--light-blue"],
  SUBMISSION_STATE_SUBMITTED: ["Submitted", "govuk-tag--blue"],
  SUBMISSION_STATE_RETURNED: ["Returned", "govuk-tag--orange"],
  SUBMISSION_STATE_ACCEPTED: ["Accepted", "govuk-tag--green"],
};

/** last returns the final segment of a resource name. */
export const last = (name: string) => name.split("/").pop() ?? name;

/** date formats a timestamp as a UK date. */
export function ukDate(ts?: string): string {
  if (!ts) return "";
  const d = new Date(ts);
  return isNaN(d.getTime()) ? "" : d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}
