import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import type { Customer, Group, User } from "./agent-api";

/**
 * The workspace's people and groups, for names in lists and the choices in selects: loaded once
 * per page view and shared by every component that asks (they change rarely).
 */
export interface Directory {
  users: User[];
  groups: Group[];
  userName: (id: string | null) => string | null;
  groupName: (id: string | null) => string | null;
}

let pending: Promise<Directory> | null = null;

function loadDirectory(): Promise<Directory> {
  pending ??= Promise.all([data(api.users.$get()), data(api.groups.$get())]).then(
    ([users, groups]) => ({
      users: users.items,
      groups: groups.items,
      userName: (id) => (id ? (users.items.find((u) => u.id === id)?.name ?? id) : null),
      groupName: (id) => (id ? (groups.items.find((g) => g.id === id)?.name ?? id) : null),
    }),
    (error: unknown) => {
      pending = null; // try again next time
      throw error;
    },
  );
  return pending;
}

/** The directory, or null while it loads (names then show once it arrives). */
export function useDirectory(): Directory | null {
  const [directory, setDirectory] = useState<Directory | null>(null);
  useEffect(() => {
    loadDirectory().then(setDirectory, () => undefined);
  }, []);
  return directory;
}

/** Customers by id, fetched once each (ticket lists show requesters by name). */
const customers = new Map<string, Promise<Customer | null>>();

export function forgetCustomer(id: string) {
  customers.delete(id);
}

/** The customer; undefined while loading, null when it does not exist (deleted by a merge). */
export function useCustomer(id: string | null): Customer | null | undefined {
  const [customer, setCustomer] = useState<Customer | null | undefined>(undefined);
  useEffect(() => {
    if (!id) return;
    let found = customers.get(id);
    if (!found) {
      found = data(api.customers[":id"].$get({ param: { id } })).catch(() => null);
      customers.set(id, found);
    }
    let live = true;
    found.then((c) => live && setCustomer(c));
    return () => {
      live = false;
    };
  }, [id]);
  return customer;
}
