// Reading a submission together with the template version it answers.
import { call, get, v1 } from "../../api";
import type { Section, Submission, TemplateVersion } from "../../model";

const versions = new Map<string, Promise<TemplateVersion>>();

/** templateVersion reads a published version once; versions never change. */
export function templateVersion(name: string): Promise<TemplateVersion> {
  let p = versions.get(name);
  if (!p) {
    p = get<TemplateVersion>(v1(name));
    p.catch(() => versions.delete(name));
    versions.set(name, p);
  }
  return p;
}

/** Answering is a submission and the sections it answers. */
export interface Answering {
  submission: Submission;
  version: TemplateVersion;
  sections: Section[];
}

/** loadAnswering reads a submission and its template version. */
export async function loadAnswering(name: string): Promise<Answering> {
  const submission = await get<Submission>(v1(name));
  const version = await templateVersion(submission.templateVersion ?? "");
  return { submission, version, sections: shownSections(version.template.sections ?? [], submission) };
}

/** editable reports whether the caller may still change an answer. */
export function editable(s: Submission, key: string): boolean {
  if (s.state === "SUBMISSION_STATE_RETURNED") return (s.reopenedKeys ?? []).includes(key);
  return s.state === "SUBMISSION_STATE_NOT_STARTED" || s.state === "SUBMISSION_STATE_IN_PROGRESS";
}

/** shownSections returns the sections with only the questions the
 * organisation is shown; sections with none shown are left out. */
export function shownSections(sections: Section[], s: Submission): Section[] {
  const hidden = new Set(s.hiddenKeys ?? []);
  return sections
    .map((sec) => ({ ...sec, questions: sec.questions.filter((q) => !hidden.has(q.key)) }))
    .filter((sec) => sec.questions.length > 0);
}

/** hasConditions reports whether any question is shown only under a condition. */
export const hasConditions = (sections: Section[]) => sections.some((sec) => sec.questions.some((q) => !!q.visibleIf));

/** Evidence is a file uploaded to a submission. */
export interface Evidence {
  name: string;
  fileName: string;
  sizeBytes?: string;
  uploadTime?: string;
}

/** uploadEvidence uploads one file to a submission's evidence. */
export function uploadEvidence(submission: string, file: File): Promise<Evidence> {
  const form = new FormData();
  form.append("file", file, file.name);
  return call<Evidence>("POST", v1(submission, "/evidence"), form);
}
