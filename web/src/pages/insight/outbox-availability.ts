import { effect, signal } from "@preact/signals";
import { api } from "../../api";
import { isAdmin, session } from "../../session";

/**
 * Whether this Worker runs with the dev outbox (DEV_OUTBOX=on): the API answers 404 otherwise.
 * Asked once, after an owner or admin signs in (the endpoint answers them only: it shows pending
 * invitation links); until the answer is known, and when it is "no", the navigation leaves the
 * entry out.
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
    // 401, 403 and the like: ask again at the next sign-in.
  } catch {
    // offline: ask again at the next sign-in
  } finally {
    asking = false;
  }
}

effect(() => {
  if (session.value && isAdmin() && outboxAvailable.peek() === undefined && !asking) void ask();
});
