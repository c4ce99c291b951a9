import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { customerEmails, customers, tickets, type CustomerTier, type UserLanguage } from "../../../schema";
import { AppError, notFound } from "../errors";
import { isUniqueViolation, readAll, runBatch, type Statement } from "../db";
import { newId } from "../ids";
import { decodeCursor, toPage } from "../pagination";
import type { Actor, TenantScope } from "../tenancy/scope";
import { customersWithCjkWord } from "../tickets/cjk-index";
import { searchesAnIndex, searchTerms, type SearchTerm } from "../tickets/search-query";
import { fieldChangeEvent, insertEvents } from "../tickets/ticket-events";
import { owedSlaRecompute, owedSlaRecomputeOfRequester } from "../sla/ticket-sla";
import { mergeCustomerFields } from "./merge";
import { writeUnlessChanged } from "../row-version";

export type CustomerRow = typeof customers.$inferSelect;
export type Customer = CustomerRow & { emails: string[] };

export interface CustomerInput {
  name: string;
  emails: string[];
  organization: string | null;
  tier: CustomerTier;
  notes: string;
  surveyOptOut: boolean;
  /** The language of system mail to the customer, chosen by an agent (null: mail-language.ts decides). */
  language: UserLanguage | null;
}

export async function getCustomer(scope: TenantScope, id: string): Promise<Customer> {
  const { customer, addresses } = await readAll(scope.db, customerReads(scope, id));
  return customerFrom(customer, addresses);
}

/** The reads of one customer and its addresses (primary first), for a caller's batch (`readAll`); `customerFrom` their results. */
export const customerReads = (scope: TenantScope, id: string) => ({
  customer: scope.db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, scope.tenantId), eq(customers.id, id))),
  addresses: scope.db
    .select({ email: customerEmails.email })
    .from(customerEmails)
    .where(and(eq(customerEmails.tenantId, scope.tenantId), eq(customerEmails.customerId, id)))
    .orderBy(desc(customerEmails.isPrimary), asc(customerEmails.createdAt), asc(customerEmails.email)),
});

export function customerFrom(rows: CustomerRow[], addresses: { email: string }[]): Customer {
  const [customer] = rows;
  if (!customer) throw notFound("Customer");
  return { ...customer, emails: addresses.map((a) => a.email) };
}

export async function listCustomers(scope: TenantScope, query: { q?: string; limit: number; cursor?: string }) {
  const terms = searchTerms(query.q ?? "");
  // Searching an index: driven from its matches by primary key, as in listTickets.
  const conditions = [searchesAnIndex(terms) ? sql`+${customers.tenantId} = ${scope.tenantId}` : eq(customers.tenantId, scope.tenantId)];
  for (const term of terms) conditions.push(searchCondition(scope, term));
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, "customers:created_at:desc");
    conditions.push(or(lt(customers.createdAt, new Date(cursor.value)), and(eq(customers.createdAt, new Date(cursor.value)), lt(customers.id, cursor.id)))!);
  }
  const rows = await scope.db.query.customers.findMany({ where: and(...conditions), orderBy: [desc(customers.createdAt), desc(customers.id)], limit: query.limit + 1 });
  const page = toPage(rows, query.limit, "customers:created_at:desc", (c) => c.createdAt.getTime());
  const emails = await emailsByCustomer(scope, page.items.map((c) => c.id));
  return { ...page, items: page.items.map((c) => ({ ...c, emails: emails.get(c.id) ?? [] })) };
}

/**
 * A search term, matched against the customer's name, organisation and addresses: a trigram term
 * through the customer_search index (migration 0009), a word of 1-2 CJK characters through the
 * customer_cjk_search index (migration 0011), another shorter one by a substring scan of this
 * workspace's customers and addresses (tenant-first indexes; never other workspaces' rows).
 */
function searchCondition(scope: TenantScope, term: SearchTerm) {
  if (term.kind === "match") return sql`${customers.id} in (select customer_id from customer_search where tenant_id = ${scope.tenantId} and customer_search match ${term.value})`;
  if (term.kind === "gram") return sql`${customers.id} in (${customersWithCjkWord(scope.tenantId, term.value)})`;
  const byEmail = scope.db
    .select({ id: customerEmails.customerId })
    .from(customerEmails)
    .where(and(eq(customerEmails.tenantId, scope.tenantId), sql`${customerEmails.email} like ${term.value} escape '\\'`));
  return or(sql`${customers.name} like ${term.value} escape '\\'`, sql`${customers.organization} like ${term.value} escape '\\'`, inArray(customers.id, byEmail))!;
}

/** The read of the customer who has this address (id, name, tier, mail language), for a caller's batch. */
export const customerByEmailQuery = (scope: TenantScope, email: string) =>
  scope.db
    .select({ id: customers.id, name: customers.name, tier: customers.tier, language: customers.language })
    .from(customerEmails)
    .innerJoin(customers, and(eq(customers.tenantId, customerEmails.tenantId), eq(customers.id, customerEmails.customerId)))
    .where(and(eq(customerEmails.tenantId, scope.tenantId), eq(customerEmails.email, email.toLowerCase())));

/** A customer known only by an address: the name given, else the address's local part. */
export const newCustomerFor = (email: string, name: string | undefined): CustomerInput => ({
  name: name || email.split("@")[0]!,
  emails: [email.toLowerCase()],
  organization: null,
  tier: "standard",
  notes: "",
  surveyOptOut: false,
  language: null,
});

/**
 * The statements that create a customer, for a caller's batch. An address another customer
 * already has makes the batch fail with a UNIQUE violation on customer_emails.
 */
export function newCustomerStatements(scope: TenantScope, id: string, input: CustomerInput, now: Date): Statement[] {
  const { db, tenantId } = scope;
  return [
    db.insert(customers).values({ id, tenantId, name: input.name, organization: input.organization, tier: input.tier, notes: input.notes, surveyOptOut: input.surveyOptOut, language: input.language, createdAt: now, updatedAt: now }),
    db.insert(customerEmails).values(input.emails.map((email, i) => ({ tenantId, email, customerId: id, isPrimary: i === 0, createdAt: now }))),
  ];
}

export async function createCustomer(scope: TenantScope, input: CustomerInput, now = new Date()): Promise<Customer> {
  await assertEmailsFree(scope, input.emails);
  const id = newId("cus", now.getTime());
  try {
    await runBatch(scope.db, newCustomerStatements(scope, id, input, now));
  } catch (error) {
    // Another request took the address between the check and the insert.
    if (isUniqueViolation(error, "customer_emails")) await assertEmailsFree(scope, input.emails);
    throw error;
  }
  return getCustomer(scope, id);
}

/** Updates details; `emails`, when given, replaces the list (the first one becomes primary). */
/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the customer changed since (`writeUnlessChanged`). */
export async function updateCustomer(scope: TenantScope, id: string, patch: Partial<CustomerInput>, now = new Date(), version?: Date): Promise<Customer> {
  const current = await getCustomer(scope, id);
  const { db, tenantId } = scope;
  const { emails, ...fields } = patch;
  if (emails) await assertEmailsFree(scope, emails, id);
  await writeUnlessChanged(scope, { table: customers, id, what: "customer" }, version, [
    db.update(customers).set({ ...fields, updatedAt: now }).where(and(eq(customers.tenantId, tenantId), eq(customers.id, id))),
    ...(emails
      ? [
          db.delete(customerEmails).where(and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, id))),
          db.insert(customerEmails).values(emails.map((email, i) => ({ tenantId, email, customerId: id, isPrimary: i === 0, createdAt: now }))),
        ]
      : []),
    // SLA policies can match on the tier: the customer's open tickets get their clocks recomputed.
    ...(fields.tier && fields.tier !== current.tier ? await owedSlaRecomputeOfRequester(scope, id, now) : []),
  ]);
  return getCustomer(scope, id);
}

/**
 * Merges `sourceId` into `targetId`: the source's addresses and tickets move to the target
 * (each ticket records the requester change), details are combined, and the source is deleted.
 */
export async function mergeCustomers(scope: TenantScope, actor: Actor, targetId: string, sourceId: string, now = new Date()): Promise<Customer> {
  if (targetId === sourceId) throw new AppError(422, "merge_into_self", "A customer cannot be merged into itself", {
    errors: [{ field: "sourceCustomerId", code: "merge_into_self", message: "Choose another customer" }],
  });
  const [target, source] = await Promise.all([getCustomer(scope, targetId), getCustomer(scope, sourceId)]);
  const { db, tenantId } = scope;
  const moved = await db.query.tickets.findMany({ where: and(eq(tickets.tenantId, tenantId), eq(tickets.requesterId, sourceId)), columns: { id: true } });
  await db.batch([
    db.update(customers).set({ ...mergeCustomerFields(target, source), updatedAt: now }).where(and(eq(customers.tenantId, tenantId), eq(customers.id, targetId))),
    db
      .update(customerEmails)
      .set({ customerId: targetId, isPrimary: false })
      .where(and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, sourceId))),
    db.update(tickets).set({ requesterId: targetId, updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.requesterId, sourceId))),
    ...insertEvents(scope, moved.map((t) => fieldChangeEvent(scope, t.id, actor, { field: "requesterId", from: sourceId, to: targetId }, now))),
    // The tickets now have the target's tier: their clocks are owed a recomputation (the cron does it).
    ...moved.map((t) => owedSlaRecompute(scope, t.id, now)),
    db.delete(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, sourceId))),
  ]);
  return getCustomer(scope, targetId);
}

async function emailsOf(scope: TenantScope, customerId: string) {
  return (await emailsByCustomer(scope, [customerId])).get(customerId) ?? [];
}

async function emailsByCustomer(scope: TenantScope, ids: string[]) {
  const byCustomer = new Map<string, string[]>();
  if (ids.length === 0) return byCustomer;
  const rows = await scope.db.query.customerEmails.findMany({
    where: and(eq(customerEmails.tenantId, scope.tenantId), inArray(customerEmails.customerId, ids)),
    orderBy: [desc(customerEmails.isPrimary), asc(customerEmails.createdAt), asc(customerEmails.email)],
  });
  for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row.email]);
  return byCustomer;
}

/** An address belongs to one customer per workspace. */
async function assertEmailsFree(scope: TenantScope, emails: string[], exceptCustomerId?: string) {
  const taken = await scope.db.query.customerEmails.findMany({ where: and(eq(customerEmails.tenantId, scope.tenantId), inArray(customerEmails.email, emails)) });
  const clash = taken.find((row) => row.customerId !== exceptCustomerId);
  if (clash)
    throw new AppError(409, "email_taken", `${clash.email} already belongs to another customer (${clash.customerId}); merge the two customers instead`, {
      errors: [{ field: "emails", code: "email_taken", message: `${clash.email} belongs to customer ${clash.customerId}` }],
    });
}

