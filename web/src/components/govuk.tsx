// GOV.UK Frontend components as Preact components: the markup and classes
// the design system documents, so its styles and accessibility carry over.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ApiError, Violation } from "../api";

/** fieldId turns an API field path into an element id. */
export const fieldId = (field: string) => "f-" + field.replace(/[^A-Za-z0-9_-]/g, "-");

/** ErrorSummary lists the problems at the top of a page and takes focus. */
export function ErrorSummary(props: { error?: ApiError | null; items?: Violation[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const items = props.items ?? props.error?.violations ?? [];
  const shown = !!props.error || items.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [props.error, props.items, shown]);
  if (!shown) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {items.length === 0 && props.error ? <li>{props.error.message}</li> : null}
            {items.map((v) => (
              <li key={v.field}>
                <a href={"#" + fieldId(v.field)}>{v.description}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** errorFor finds the reason the server gave for one field. */
export function errorFor(err: ApiError | null | undefined, ...fields: string[]): string | undefined {
  return err?.violations.find((v) => fields.some((f) => v.field === f || v.field.endsWith("." + f)))?.description;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  labelClass?: string;
}

function FormGroup(props: { error?: string; children: ComponentChildren }) {
  return <div class={"govuk-form-group" + (props.error ? " govuk-form-group--error" : "")}>{props.children}</div>;
}

function Hint(props: { id: string; hint?: ComponentChildren }) {
  return props.hint ? <div id={props.id + "-hint"} class="govuk-hint">{props.hint}</div> : null;
}

function ErrorMessage(props: { id: string; error?: string }) {
  return props.error ? (
    <p id={props.id + "-error"} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {props.error}
    </p>
  ) : null;
}

const describedBy = (p: FieldProps) =>
  [p.hint ? p.id + "-hint" : "", p.error ? p.id + "-error" : ""].filter(Boolean).join(" ") || undefined;

/** TextInput is a labelled single-line input. */
export function TextInput(
  props: FieldProps & { value: string; onInput: (v: string) => void; type?: string; width?: string; autocomplete?: string; inputmode?: string },
) {
  return (
    <FormGroup error={props.error}>
      <label class={"govuk-label " + (props.labelClass ?? "")} for={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} error={props.error} />
      <input
        class={"govuk-input" + (props.width ? " govuk-input--width-" + props.width : "") + (props.error ? " govuk-input--error" : "")}
        id={props.id}
        name={props.id}
        type={props.type ?? "text"}
        value={props.value}
        autoComplete={props.autocomplete}
        inputMode={props.inputmode as JSX.HTMLAttributes["inputMode"]}
        aria-describedby={describedBy(props)}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
    </FormGroup>
  );
}

/** Textarea is a labelled multi-line input. */
export function Textarea(props: FieldProps & { value: string; onInput: (v: string) => void; rows?: number; maxLength?: number }) {
  return (
    <FormGroup error={props.error}>
      <label class={"govuk-label " + (props.labelClass ?? "")} for={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} error={props.error} />
      <textarea
        class={"govuk-textarea" + (props.error ? " govuk-textarea--error" : "")}
        id={props.id}
        name={props.id}
        rows={props.rows ?? 5}
        maxLength={props.maxLength || undefined}
        aria-describedby={describedBy(props)}
        value={props.value}
        onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
      />
    </FormGroup>
  );
}

/** Choice is one option of radios, checkboxes or a select. */
export interface Choice {
  value: string;
  label: string;
  hint?: ComponentChildren;
}

/** Radios is a fieldset of one-of-many options. */
export function Radios(
  props: FieldProps & { value: string; choices: Choice[]; onChange: (v: string) => void; inline?: boolean; legendClass?: string },
) {
  return (
    <FormGroup error={props.error}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(props)}>
        <legend class={"govuk-fieldset__legend " + (props.legendClass ?? "govuk-fieldset__legend--s")}>{props.label}</legend>
        <Hint id={props.id} hint={props.hint} />
        <ErrorMessage id={props.id} error={props.error} />
        <div class={"govuk-radios" + (props.inline ? " govuk-radios--inline" : "")} id={props.id}>
          {props.choices.map((c, i) => {
            const id = i === 0 ? props.id + "-first" : props.id + "-" + i;
            return (
              <div class="govuk-radios__item" key={c.value}>
                <input class="govuk-radios__input" id={id} name={props.id} type="radio" value={c.value}
                  checked={props.value === c.value} aria-describedby={c.hint ? id + "-hint" : undefined}
                  onChange={() => props.onChange(c.value)} />
                <label class="govuk-label govuk-radios__label" for={id}>{c.label}</label>
                {c.hint ? <div id={id + "-hint"} class="govuk-hint govuk-radios__hint">{c.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}

/** Checkboxes is a fieldset of many-of-many options. */
export function Checkboxes(props: FieldProps & { values: string[]; choices: Choice[]; onChange: (v: string[]) => void }) {
  const toggle = (v: string, on: boolean) =>
    props.onChange(on ? [...props.values.filter((x) => x !== v), v] : props.values.filter((x) => x !== v));
  return (
    <FormGroup error={props.error}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(props)}>
        <legend class={"govuk-fieldset__legend govuk-fieldset__legend--s"}>{props.label}</legend>
        <Hint id={props.id} hint={props.hint} />
        <ErrorMessage id={props.id} error={props.error} />
        <div class="govuk-checkboxes govuk-checkboxes--small" id={props.id}>
          {props.choices.map((c, i) => {
            const id = i === 0 ? props.id + "-first" : props.id + "-" + i;
            return (
              <div class="govuk-checkboxes__item" key={c.value}>
                <input class="govuk-checkboxes__input" id={id} name={props.id} type="checkbox" value={c.value}
                  checked={props.values.includes(c.value)}
                  onChange={(e) => toggle(c.value, (e.target as HTMLInputElement).checked)} />
                <label class="govuk-label govuk-checkboxes__label" for={id}>{c.label}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}

/** Select is a labelled drop-down. */
export function Select(props: FieldProps & { value: string; choices: Choice[]; onChange: (v: string) => void }) {
  return (
    <FormGroup error={props.error}>
      <label class="govuk-label" for={props.id}>{props.label}</label>
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} error={props.error} />
      <select class={"govuk-select" + (props.error ? " govuk-select--error" : "")} id={props.id} name={props.id}
        aria-describedby={describedBy(props)} value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
      </select>
    </FormGroup>
  );
}

/** Button is a GOV.UK button; secondary and warning styles by variant. */
export function Button(props: {
  children: ComponentChildren;
  onClick?: () => void;
  type?: "button" | "submit";
  variant?: "secondary" | "warning";
  disabled?: boolean;
}) {
  return (
    <button type={props.type ?? "submit"} class={"govuk-button" + (props.variant ? " govuk-button--" + props.variant : "")}
      data-module="govuk-button" disabled={props.disabled} aria-disabled={props.disabled ? "true" : undefined}
      onClick={props.onClick}>
      {props.children}
    </button>
  );
}

/** Tag is a coloured status label. */
export const Tag = (props: { children: ComponentChildren; colour?: string }) =>
  <strong class={"govuk-tag " + (props.colour ?? "")}>{props.children}</strong>;

/** SummaryList shows key-value rows, each with an optional action. */
export function SummaryList(props: { rows: { key: ComponentChildren; value: ComponentChildren; action?: ComponentChildren }[] }) {
  return (
    <dl class="govuk-summary-list">
      {props.rows.map((r, i) => (
        <div class="govuk-summary-list__row" key={i}>
          <dt class="govuk-summary-list__key">{r.key}</dt>
          <dd class="govuk-summary-list__value">{r.value}</dd>
          {r.action ? <dd class="govuk-summary-list__actions">{r.action}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

/** Table is a captioned table of rows. */
export function Table(props: { caption: string; head: string[]; rows: ComponentChildren[][]; numeric?: number[] }) {
  const num = (i: number) => (props.numeric?.includes(i) ? " govuk-table__cell--numeric" : "");
  return (
    <TableScroll label={props.caption}>
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--m">{props.caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {props.head.map((h, i) => <th scope="col" class={"govuk-table__header" + num(i)} key={i}>{h}</th>)}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {props.rows.map((r, i) => (
          <tr class="govuk-table__row" key={i}>
            {r.map((c, j) => j === 0
              ? <th scope="row" class="govuk-table__header" key={j}>{c}</th>
              : <td class={"govuk-table__cell" + num(j)} key={j}>{c}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
    </TableScroll>
  );
}

/** Banner is a notification banner; success banners say something worked. */
export function Banner(props: { title?: string; success?: boolean; children: ComponentChildren }) {
  return (
    <div class={"govuk-notification-banner" + (props.success ? " govuk-notification-banner--success" : "")}
      role={props.success ? "alert" : "region"} aria-labelledby="banner-title">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="banner-title">{props.title ?? (props.success ? "Success" : "Important")}</h2>
      </div>
      <div class="govuk-notification-banner__content">{props.children}</div>
    </div>
  );
}

/** BackLink returns to the page before. */
export const BackLink = (props: { href: string; children?: ComponentChildren }) =>
  <a href={props.href} class="govuk-back-link">{props.children ?? "Back"}</a>;

/** Loading says a page is fetching what it shows. */
export const Loading = () => <p class="govuk-body" role="status">Loading…</p>;

/**
 * TableScroll lets a wide table scroll sideways inside the page on a
 * narrow screen (WCAG 1.4.10 reflow): the page itself never does, and the
 * scrolling region is labelled and reachable by keyboard.
 */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="app-table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
