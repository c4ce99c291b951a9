import { effect, signal } from "@preact/signals";
import { api } from "../../api";
import { session } from "../../session";

/**
 * Whether this Worker runs with the dev outbox (DEV_OUTBOX=on): the API answers 404 otherwise.
 * Asked once, after someone signs in (the endpoint needs a session); until the answer is known,
 * and when it is "no", the navigation leaves the entry out.
 */
export const outboxAvailable = signal<boolean | undefined>(undefined);

let asking = false;

async function ask() {
  asking = true;
  try {
    // The raw response, not data(): a 404 is an answer here, not an error to show.
    const response = (await api.dev.outbox.$get({ query: { limit: 1 } })) as unknown as Response;
    if (response.status === 404) outboxAvailable.value = false;
    else if (response.ok) outboxAvailable.value = true;
    // 401 and the like: ask again at the next sign-in.
  } catch {
    // offline: ask again at the next sign-in
  } finally {
    asking = false;
  }
}

effect(() => {
  if (session.value && outboxAvailable.peek() === undefined && !asking) void ask();
});
