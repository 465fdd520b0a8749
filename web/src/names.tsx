// Display names of directory resources, read once and shared by every
// page; a name the caller may not read shows as its id.
import { useEffect, useState } from "preact/hooks";
import { get, v1 } from "./api";
import { last } from "./model";

const cache = new Map<string, Promise<string>>();

/** displayName returns a resource's display name, or its id. */
export function displayName(name: string): Promise<string> {
  let p = cache.get(name);
  if (!p) {
    p = get<{ displayName?: string }>(v1(name)).then((r) => r.displayName || last(name), () => last(name));
    cache.set(name, p);
  }
  return p;
}

/** Name shows a resource's display name once it is known. */
export function Name(props: { of: string }) {
  const [text, setText] = useState(last(props.of));
  useEffect(() => {
    let live = true;
    void displayName(props.of).then((t) => live && setText(t));
    return () => { live = false; };
  }, [props.of]);
  return <>{text}</>;
}
