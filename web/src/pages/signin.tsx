// Signing in: by a link sent to the person's email (the way most people
// sign in), or redeeming such a link's token when they follow it.
import { useEffect, useState } from "preact/hooks";
import { ApiError, keepToken, post } from "../api";
import { Banner, Button, ErrorSummary, TextInput, errorFor } from "../components/govuk";

/** SignIn asks for an email and sends a link, or redeems one. */
export function SignIn(props: { token: string | null; onSignedIn: () => void; returning?: boolean }) {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [redeeming, setRedeeming] = useState(!!props.token);

  useEffect(() => {
    if (!props.token) return;
    post<{ accessToken: string; expireTime: string }>("/v1/signIn:redeemLink", { token: props.token }).then(
      (t) => {
        keepToken(t);
        props.onSignedIn();
      },
      (e: ApiError) => {
        setError(new ApiError(e.status, "This sign-in link has expired or has already been used. Ask for a new one."));
        setRedeeming(false);
      },
    );
  }, [props.token]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!email.trim()) {
      setError(new ApiError(400, "", [{ field: "email", description: "Enter your email address" }]));
      return;
    }
    try {
      await post("/v1/signIn:requestLink", { email: email.trim() });
      setSent(email.trim());
    } catch (err) {
      setError(err as ApiError);
    }
  };

  if (redeeming) {
    return <><h1 class="govuk-heading-l">Signing you in</h1><p class="govuk-body" role="status">Checking your sign-in link…</p></>;
  }
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary error={error} />
        {sent ? (
          <Banner success title="Check your email">
            <h3 class="govuk-notification-banner__heading">We have sent a sign-in link to {sent}</h3>
            <p class="govuk-body">The link works once and expires after 15 minutes.</p>
          </Banner>
        ) : null}
        <h1 class="govuk-heading-l">Sign in to Assure</h1>
        {props.returning ? (
          <div class="govuk-inset-text">
            Sign in to carry on where you were. Anything not yet saved is kept in this browser and will be saved when you are back.
          </div>
        ) : null}
        <p class="govuk-body">Enter the email address your partnership knows you by. We will email you a link to sign in.</p>
        <form onSubmit={submit} noValidate>
          <TextInput id="f-email" label="Email address" type="email" autocomplete="email" value={email}
            onInput={setEmail} error={errorFor(error, "email")} width="20" />
          <Button>Send me a sign-in link</Button>
        </form>
      </div>
    </div>
  );
}
