// What every page is given, and the title it sets.
import type { ComponentChildren } from "preact";
import type { Route } from "../router";
import type { Caller } from "../model";

/** PageProps are what the app gives each page. */
export interface PageProps {
  route: Route;
  caller: Caller;
}

/** Page renders one route; title names it for the browser's tab. */
export interface Page {
  title: string | ((r: Route) => string);
  render: (p: PageProps) => ComponentChildren;
}
