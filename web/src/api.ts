// The public REST API, as the pages call it: a bearer token kept in the
// browser, JSON in and out, and errors turned into messages that name the
// field they are about.

const tokenKey = "assure.token";

/** A field the server refused, with the reason. */
export interface Violation {
  field: string;
  description: string;
}

/** ApiError is a refused or failed call, as the server described it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violations: Violation[] = [],
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
  /** offline reports whether the call never reached the server. */
  get offline(): boolean {
    return this.status === 0;
  }
}

interface StoredToken {
  accessToken: string;
  expireTime: string;
}

/** token returns the caller's access token, if one is held and current. */
export function token(): string | null {
  const raw = localStorage.getItem(tokenKey);
  if (!raw) return null;
  try {
    const t = JSON.parse(raw) as StoredToken;
    if (Date.parse(t.expireTime) > Date.now()) return t.accessToken;
  } catch {
    // fall through: a broken entry is as good as none
  }
  localStorage.removeItem(tokenKey);
  return null;
}

/** keepToken stores the token a sign-in answered. */
export function keepToken(t: StoredToken): void {
  localStorage.setItem(tokenKey, JSON.stringify(t));
}

/** signedOutEvent is dispatched on window when a call finds the sign-in ended. */
export const signedOutEvent = "assure:signed-out";

/** signOut forgets the token. */
export function signOut(): void {
  localStorage.removeItem(tokenKey);
}

/** call sends one request and returns the decoded reply. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const t = token();
  if (t) headers.Authorization = "Bearer " + t;
  let init: RequestInit = { method, headers };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let resp: Response;
  try {
    resp = await fetch(path, init);
  } catch {
    throw new ApiError(0, "The connection to Assure was lost. Your changes are kept and will be sent again.");
  }
  const text = await resp.text();
  let data: any = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!resp.ok) {
    if (resp.status === 401 && t) {
      // The sign-in ended (expired or revoked): forget it and let the app
      // send the person to sign in again, back to where they were.
      signOut();
      dispatchEvent(new Event(signedOutEvent));
    }
    throw toError(resp.status, data);
  }
  return data as T;
}

function toError(status: number, data: any): ApiError {
  const violations: Violation[] = [];
  const details: unknown[] = Array.isArray(data?.details) ? data.details : [];
  for (const d of details as any[]) {
    for (const v of d?.fieldViolations ?? []) {
      violations.push({ field: String(v.field ?? ""), description: String(v.description ?? "") });
    }
  }
  let message = typeof data?.message === "string" && data.message ? data.message : "";
  if (!message) {
    message =
      status === 401 ? "Your sign-in has ended. Sign in again." :
      status === 403 ? "You do not have permission to do that." :
      status === 404 ? "Page not found." :
      status === 429 ? "Too many requests. Wait a minute and try again." :
      "Sorry, there is a problem with the service. Try again later.";
  }
  return new ApiError(status, message, violations, details);
}

/** get is call("GET", …). */
export const get = <T>(path: string) => call<T>("GET", path);
/** post is call("POST", …). */
export const post = <T>(path: string, body: unknown = {}) => call<T>("POST", path, body);

/** v1 returns the REST path of a resource name, with an optional suffix. */
export function v1(name: string, suffix = ""): string {
  return "/v1/" + name.split("/").map(encodeURIComponent).join("/") + suffix;
}

/** listAll follows page tokens and returns every item of a listing. */
export async function listAll<T>(path: string, key: string, limit = 5000): Promise<T[]> {
  const out: T[] = [];
  let pageToken = "";
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await get<any>(path + sep + "pageSize=500" + (pageToken ? "&pageToken=" + encodeURIComponent(pageToken) : ""));
    out.push(...((page?.[key] as T[]) ?? []));
    pageToken = page?.nextPageToken ?? "";
  } while (pageToken && out.length < limit);
  return out;
}

/** asError turns anything thrown into an ApiError. */
export const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(500, String(e)));

/**
 * download fetches a file (an export, evidence) with the caller's token and hands it to the
 * browser as a file (or opens a printable page in a new tab).
 */
export async function download(path: string, filename: string, open = false): Promise<void> {
  const headers: Record<string, string> = {};
  const t = token();
  if (t) headers.Authorization = "Bearer " + t;
  const resp = await fetch(path, { headers });
  if (!resp.ok) throw new ApiError(resp.status, resp.status === 403 ? "You do not have permission to download this." : "The file could not be downloaded. Try again later.");
  const url = URL.createObjectURL(await resp.blob());
  if (open) {
    window.open(url, "_blank", "noopener");
  } else {
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
