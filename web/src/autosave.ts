// Autosave for answers: each change is kept in the browser at once, sent
// soon after, and kept (and sent again) until the server has it, so a
// dropped connection or a closed tab loses nothing.
import { ApiError, post, v1 } from "./api";
import type { Answer } from "./model";

/** SaveState is what the page shows about saving. */
export type SaveState =
  | { kind: "saved"; at?: Date }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "offline"; retryIn: number }
  | { kind: "refused"; error: ApiError; keys: string[] }
  | { kind: "conflict"; current: Answer[] };

interface SaveReply {
  answers?: Answer[];
  etag: string;
  state: string;
}

const storeKey = (submission: string) => "assure.unsaved." + submission;

/** unsaved returns the answers kept in the browser for a submission. */
export function unsaved(submission: string): Record<string, Answer> {
  try {
    return JSON.parse(localStorage.getItem(storeKey(submission)) ?? "{}");
  } catch {
    return {};
  }
}

/**
 * Autosaver sends a submission's changed answers. Each answer is sent with
 * the version it was changed from, so two people answering different
 * questions never conflict and a stale change to the same one is caught.
 */
export class Autosaver {
  private pending: Record<string, Answer>;
  private versions = new Map<string, number>();
  private timer: number | undefined;
  private inFlight: Promise<boolean> | null = null;
  private backoff = 1000;
  private onOnline = () => this.flush();

  constructor(
    readonly submission: string,
    answers: Answer[],
    private readonly onState: (s: SaveState) => void,
    private readonly onSaved: (answers: Answer[], state: string) => void,
    private readonly delay = 800,
  ) {
    for (const a of answers) this.versions.set(a.questionKey, Number(a.version ?? 0));
    this.pending = unsaved(submission);
    addEventListener("online", this.onOnline);
    if (Object.keys(this.pending).length) {
      this.onState({ kind: "pending" });
      this.schedule(0);
    }
  }

  /** close stops the timers; what is unsaved stays in the browser. */
  close(): void {
    clearTimeout(this.timer);
    removeEventListener("online", this.onOnline);
  }

  /** kept returns the answers not yet saved, to show instead of the server's. */
  kept(): Record<string, Answer> {
    return { ...this.pending };
  }

  /** version returns the version of an answer as last saved. */
  version(key: string): number {
    return this.versions.get(key) ?? 0;
  }

  /**
   * change records a new value for one question and schedules a save:
   * soon after typing pauses, or at once for a choice (typed is false).
   */
  change(a: Answer, typed = true): void {
    this.pending[a.questionKey] = a;
    this.persist();
    this.onState({ kind: "pending" });
    this.schedule(typed ? this.delay : 0);
  }

  /**
   * flush sends what is pending now, after any save already on its way;
   * it resolves true once nothing is pending, false if a save failed.
   */
  async flush(): Promise<boolean> {
    clearTimeout(this.timer);
    for (;;) {
      if (this.inFlight) {
        if (!(await this.inFlight)) return false;
      } else if (Object.keys(this.pending).length) {
        if (!(await this.send())) return false;
      } else {
        return true;
      }
    }
  }

  /** accept takes the server's answers after a conflict and drops ours. */
  accept(current: Answer[]): void {
    for (const a of current) {
      this.versions.set(a.questionKey, Number(a.version ?? 0));
      delete this.pending[a.questionKey];
    }
    this.persist();
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), ms);
  }

  private persist(): void {
    if (Object.keys(this.pending).length) localStorage.setItem(storeKey(this.submission), JSON.stringify(this.pending));
    else localStorage.removeItem(storeKey(this.submission));
  }

  /** send sends what is pending as one save, the only one in flight. */
  private send(): Promise<boolean> {
    const p = this.sendOnce().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = p;
    return p;
  }

  private async sendOnce(): Promise<boolean> {
    const batch = Object.values(this.pending).map((a) => ({ ...a, version: this.version(a.questionKey) }));
    const sent = JSON.stringify(this.pending);
    this.onState({ kind: "saving" });
    try {
      const reply = await post<SaveReply>(v1(this.submission, ":saveAnswers"), { answers: batch });
      for (const a of reply.answers ?? []) this.versions.set(a.questionKey, Number(a.version ?? 0));
      // Drop what was sent unless it changed again while in flight.
      const now = JSON.parse(sent) as Record<string, Answer>;
      for (const k of Object.keys(now)) {
        if (JSON.stringify(this.pending[k]) === JSON.stringify(now[k])) delete this.pending[k];
      }
      this.persist();
      this.backoff = 1000;
      this.onSaved(reply.answers ?? [], reply.state);
      this.onState(Object.keys(this.pending).length ? { kind: "pending" } : { kind: "saved", at: new Date() });
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, String(e));
      if (err.status === 409) {
        const current = conflicts(err);
        this.accept(current);
        this.onState({ kind: "conflict", current });
      } else if (err.offline || err.status >= 500 || err.status === 429) {
        this.onState({ kind: "offline", retryIn: this.backoff });
        this.schedule(this.backoff);
        this.backoff = Math.min(this.backoff * 2, 30000);
      } else {
        this.onState({ kind: "refused", error: err, keys: batch.map((a) => a.questionKey) });
      }
      return false;
    }
  }
}

/** conflicts reads the current answers a 409 carries. */
function conflicts(err: ApiError): Answer[] {
  for (const d of err.details as any[]) {
    if (Array.isArray(d?.current)) return d.current as Answer[];
  }
  return [];
}
