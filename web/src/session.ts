import { signal } from "@preact/signals";
import { api, data, onUnauthorized } from "./api";
import { locale, setDisplayTimeZone, setLocale } from "./i18n";

export type Me = Awaited<ReturnType<typeof loadMe>>;

/** Who is signed in: undefined while loading, null when nobody is. */
export const session = signal<Me | null | undefined>(undefined);

const REFRESH_EVERY_MS = 45 * 60_000; // session tokens live an hour
let refresher: ReturnType<typeof setInterval> | undefined;

function loadMe() {
  return data(api.me.$get());
}

function started(me: Me) {
  // The profile's language and time zone win over the browser's.
  if (me.user.language && me.user.language !== locale.value) setLocale(me.user.language);
  setDisplayTimeZone(me.user.timeZone);
  session.value = me;
  clearInterval(refresher);
  refresher = setInterval(() => void data(api.auth.refresh.$post()).catch(() => undefined), REFRESH_EVERY_MS);
}

export async function restoreSession() {
  try {
    started(await loadMe());
  } catch {
    session.value = null;
  }
}

/** After login, sign-up or accepting an invitation: the cookie is set, load who we are. */
export async function signedIn() {
  started(await loadMe());
}

export async function signOut() {
  await data(api.auth.logout.$post()).catch(() => undefined);
  clearInterval(refresher);
  session.value = null;
}

export const isAdmin = () => session.value?.user.role === "owner" || session.value?.user.role === "admin";

onUnauthorized.add(() => {
  if (session.value) session.value = null;
});
