// A small history router: pages are chosen by the path, links inside the
// app change the page without reloading, and focus moves to the new page's
// heading so keyboard and screen-reader users know it changed.
import { useEffect, useState } from "preact/hooks";

type Listener = () => void;
const listeners = new Set<Listener>();

/** navigate shows the page at path, adding it to the history. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  listeners.forEach((l) => l());
}

/** useLocation re-renders on every navigation and returns the location. */
export function useLocation(): URL {
  const [, set] = useState(0);
  useEffect(() => {
    const l = () => set((n) => n + 1);
    listeners.add(l);
    addEventListener("popstate", l);
    return () => {
      listeners.delete(l);
      removeEventListener("popstate", l);
    };
  }, []);
  return new URL(location.href);
}

/** interceptLinks makes same-origin links navigate inside the app. */
export function interceptLinks(): void {
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest("a");
    if (!a || a.target || a.hasAttribute("download")) return;
    const href = a.getAttribute("href");
    if (!href || href.startsWith("#")) return;
    const url = new URL(href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/v1/")) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
}

/** focusHeading moves focus to the page's main heading after a change. */
export function focusHeading(): void {
  requestAnimationFrame(() => {
    const h = document.querySelector<HTMLElement>("main h1");
    if (h) {
      h.setAttribute("tabindex", "-1");
      h.focus({ preventScroll: false });
    }
  });
}

/** Route is a path with the resource name it carries, if any. */
export interface Route {
  page: string;
  name: string;
  rest: string;
  query: URLSearchParams;
}

/**
 * parse splits a path of the form /{page}/{resource name}[/-/{rest}] into
 * its parts; the "-" separates a resource name from a sub-page.
 */
export function parse(url: URL): Route {
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const page = parts.shift() ?? "";
  const dash = parts.indexOf("-");
  const name = (dash < 0 ? parts : parts.slice(0, dash)).join("/");
  const rest = dash < 0 ? "" : parts.slice(dash + 1).join("/");
  return { page, name, rest, query: url.searchParams };
}

/** href builds the path parse reads back. */
export function href(page: string, name = "", rest = ""): string {
  let p = "/" + page;
  if (name) p += "/" + name;
  if (rest) p += "/-/" + rest;
  return p;
}
