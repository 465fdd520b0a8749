// Assure's web app: respondents answer their audits, business units run
// them. Every page uses the public REST API and nothing else.
import "./styles.scss";
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { get, signedOutEvent, signOut, token } from "./api";
import { Layout, isStaff } from "./components/layout";
import type { Caller } from "./model";
import { SignIn } from "./pages/signin";
import type { Page } from "./pages/page";
import { respondentPages } from "./pages/respondent";
import { officerPages } from "./pages/officer";
import { focusHeading, interceptLinks, navigate, parse, useLocation } from "./router";

const pages: Record<string, Page> = { ...respondentPages, ...officerPages };
const nextKey = "assure.next";

function App() {
  const url = useLocation();
  const route = parse(url);
  const [caller, setCaller] = useState<Caller | null>(null);
  const [checked, setChecked] = useState(false);

  const loadCaller = async () => {
    let c: Caller | null = null;
    if (token()) c = await get<Caller>("/v1/caller").catch(() => null);
    setCaller(c);
    setChecked(true);
  };
  useEffect(() => void loadCaller(), []);
  // When a call finds the sign-in has ended, the person signs in again and
  // comes back to this page; answers not yet saved wait in the browser.
  useEffect(() => {
    const ended = () => setCaller(null);
    addEventListener(signedOutEvent, ended);
    return () => removeEventListener(signedOutEvent, ended);
  }, []);
  // After a change of page focus moves to its heading; on the first load
  // it stays at the top, where the skip link is.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else focusHeading();
  }, [url.pathname]);

  const out = () => {
    signOut();
    setCaller(null);
    navigate("/sign-in");
  };

  if (!checked) return null;
  if (route.page === "sign-in" && caller && !route.query.get("token")) {
    // Already signed in (say, following an email's link): straight there.
    const next = route.query.get("next") ?? "/";
    navigate(next.startsWith("/") && !next.startsWith("//") ? next : "/", true);
    return null;
  }
  if (route.page === "sign-in" || !caller) {
    if (route.page !== "sign-in") {
      navigate("/sign-in?next=" + encodeURIComponent(url.pathname + url.search), true);
      return null;
    }
    // Where to go once signed in: the page that asked (kept across the
    // email round trip, since the link opens the sign-in page afresh).
    const asked = route.query.get("next");
    if (asked) localStorage.setItem(nextKey, asked);
    const signedIn = () => {
      const next = asked || localStorage.getItem(nextKey) || "/";
      localStorage.removeItem(nextKey);
      void loadCaller().then(() => navigate(next.startsWith("/") && !next.startsWith("//") ? next : "/", true));
    };
    return (
      <Layout caller={null} path={url.pathname} title="Sign in" onSignOut={out}>
        <SignIn token={route.query.get("token")} onSignedIn={signedIn} returning={!!asked} />
      </Layout>
    );
  }
  if (route.page === "") {
    navigate(isStaff(caller) ? "/partnerships" : "/audits", true);
    return null;
  }
  const page = pages[route.page];
  const title = !page ? "Page not found" : typeof page.title === "string" ? page.title : page.title(route);
  return (
    <Layout caller={caller} path={url.pathname} title={title} onSignOut={out}>
      {page ? page.render({ route, caller }) : (
        <>
          <h1 class="govuk-heading-l">Page not found</h1>
          <p class="govuk-body">If you typed the web address, check it is correct.</p>
          <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>
        </>
      )}
    </Layout>
  );
}

interceptLinks();
render(<App />, document.getElementById("app")!);
