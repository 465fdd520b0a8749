// How each question type keeps its value in an answer, so the pages can
// read, change and show answers without knowing every type.
import type { Answer, Question } from "./model";

/** kind names the type of a question. */
export function kind(q: Question): string {
  for (const k of ["rating", "textAnswer", "singleChoice", "multipleChoice", "yesNo", "number", "date", "evidence", "table", "declaration"] as const) {
    if (q[k] !== undefined) return k;
  }
  return "textAnswer";
}

/** isAnswered reports whether an answer holds a value. */
export function isAnswered(q: Question, a?: Answer): boolean {
  if (!a) return false;
  switch (kind(q)) {
    case "rating": return !!a.grade;
    case "singleChoice": return !!a.choice;
    case "multipleChoice": return !!a.choices?.length;
    case "yesNo": return !!a.yesNo;
    case "number": return !!a.number;
    case "date": return !!a.date;
    case "declaration": return !!a.confirmed;
    case "evidence": return !!a.evidence?.length;
    default: return !!a.text?.trim();
  }
}

/** display returns an answer as people read it. */
export function display(q: Question, a?: Answer): string {
  if (!a || !isAnswered(q, a)) return "Not answered";
  switch (kind(q)) {
    case "rating": return q.rating?.grades.find((g) => g.value === a.grade)?.label ?? a.grade ?? "";
    case "singleChoice": return q.singleChoice?.options.find((o) => o.value === a.choice)?.label ?? a.choice ?? "";
    case "multipleChoice":
      return (a.choices ?? []).map((c) => q.multipleChoice?.options.find((o) => o.value === c)?.label ?? c).join(", ");
    case "yesNo": return a.yesNo === "yes" ? "Yes" : a.yesNo === "no" ? "No" : a.yesNo ?? "";
    case "number": return a.number ?? "";
    case "date": return a.date ?? "";
    case "declaration": return "Confirmed";
    case "evidence": return (a.evidence ?? []).map((e) => e.name).join(", ");
    default: return a.text ?? "";
  }
}

/** valueOnly keeps the parts of an answer that carry its value. */
export function valueOnly(a: Answer): Answer {
  const out: Answer = { questionKey: a.questionKey };
  for (const k of ["grade", "text", "choice", "choices", "yesNo", "number", "date", "confirmed", "evidence"] as const) {
    if (a[k] !== undefined) (out as any)[k] = a[k];
  }
  return out;
}
