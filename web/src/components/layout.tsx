// The frame of every page: the service name, the navigation for the
// caller's roles, the main content and a footer.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, asError } from "../api";
import { ErrorSummary, Loading } from "./govuk";
import type { Caller } from "../model";

/** Roles that run or read a partnership's audits. */
export const staffRoles = ["ROLE_HUB_ADMIN", "ROLE_PARTNERSHIP_ADMIN", "ROLE_QA_OFFICER", "ROLE_EXECUTIVE_VIEWER"];
/** Roles that answer an organisation's audits. */
export const respondentRoles = ["ROLE_ORGANISATION_LEAD", "ROLE_CONTRIBUTOR", "ROLE_SENIOR_CONTACT"];

/** isStaff reports whether the caller works in a business unit. */
export const isStaff = (c: Caller | null) => !!c?.memberships?.some((m) => staffRoles.includes(m.role));
/** isRespondent reports whether the caller answers for an organisation. */
export const isRespondent = (c: Caller | null) => !!c?.memberships?.some((m) => respondentRoles.includes(m.role));

/** Layout wraps a page in the service's frame. */
export function Layout(props: { caller: Caller | null; path: string; title: string; children: ComponentChildren; onSignOut: () => void }) {
  useEffect(() => {
    document.title = props.title + " – Assure";
  }, [props.title]);
  const items: [string, string][] = [];
  if (props.caller) {
    if (isRespondent(props.caller)) items.push(["/audits", "My audits"]);
    if (isStaff(props.caller)) items.push(["/partnerships", "Partnerships"]);
  }
  const current = (href: string) => props.path === href || props.path.startsWith(href + "/");
  return (
    <>
      <header class="govuk-service-navigation" data-module="govuk-service-navigation">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <a href="/" class="govuk-service-navigation__link">Assure</a>
            </span>
            {props.caller ? (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list" id="navigation">
                  {items.map(([href, label]) => (
                    <li class={"govuk-service-navigation__item" + (current(href) ? " govuk-service-navigation__item--active" : "")} key={href}>
                      <a class="govuk-service-navigation__link" href={href} aria-current={current(href) ? "page" : undefined}>
                        {current(href) ? <strong class="govuk-service-navigation__active-fallback">{label}</strong> : label}
                      </a>
                    </li>
                  ))}
                  <li class="govuk-service-navigation__item">
                    <a class="govuk-service-navigation__link" href="/sign-in" onClick={(e) => { e.preventDefault(); props.onSignOut(); }}>
                      Sign out
                    </a>
                  </li>
                </ul>
              </nav>
            ) : null}
          </div>
        </div>
      </header>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {props.children}
        </main>
      </div>
      <footer class="govuk-footer">
        <div class="govuk-width-container">
          <div class="govuk-footer__meta">
            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p class="govuk-body-s">
                Assure: audits for children's safeguarding partnerships.
                {props.caller ? <> Signed in as {props.caller.person.displayName || props.caller.person.email}.</> : null}
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** Loaded is what useLoad holds: the data, or the error, or neither yet. */
export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  reload: () => void;
  set: (t: T) => void;
}

/** useLoad runs load whenever a key changes and keeps its answer. */
export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (d) => live && setData(d),
      (e) => live && setError(asError(e)),
    );
    return () => {
      live = false;
    };
  }, [...keys, n]);
  return { data, error, reload: () => setN((x) => x + 1), set: setData };
}

/** Await shows a loading message or the error until data arrives. */
export function Await<T>(props: { loaded: Loaded<T>; children: (t: T) => ComponentChildren }) {
  if (props.loaded.error && !props.loaded.data) {
    return (
      <>
        <h1 class="govuk-heading-l">{props.loaded.error.status === 404 ? "Page not found" : "Sorry, there is a problem"}</h1>
        <ErrorSummary error={props.loaded.error} />
      </>
    );
  }
  if (!props.loaded.data) return <Loading />;
  return <>{props.children(props.loaded.data)}</>;
}
