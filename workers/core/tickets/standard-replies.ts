import { and, eq, isNull, sql } from "drizzle-orm";
import { macros } from "../../../schema";
import { AppError, notFound } from "../errors";
import { createMacro, deleteMacro, listMacros, macroQuery, updateMacro, type Macro, type MacroActor } from "../macros/macro-store";
import type { TenantScope } from "../tenancy/scope";
import { readForTemplate } from "./template-values";
import { renderTemplate } from "./templates";

/**
 * Standard replies are shared macros (docs/rules.md "Macros"): the API's /standard-replies is a
 * view of the shared macros without actions whose text is a public reply, read from and written
 * to the macros table — one source of truth. The old `standard_replies` table is unused.
 */
export interface StandardReply {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

const isStandardReply = and(isNull(macros.ownerId), eq(macros.replyKind, "reply"), sql`${macros.actions} = '[]'`);
const asReply = (m: Macro): StandardReply => ({ id: m.id, title: m.title, body: m.replyText, createdAt: m.createdAt, updatedAt: m.updatedAt });
// Shared macros are an admin's to change (the routes that change standard replies are admin-only); nobody's own macros are seen.
const ADMIN: MacroActor = { userId: "", admin: true };

async function standardReply(scope: TenantScope, id: string): Promise<Macro> {
  const [macro] = await macroQuery(scope, ADMIN.userId, id);
  if (!macro || macro.ownerId !== null || macro.replyKind !== "reply" || macro.actions.length > 0) throw notFound("Standard reply");
  return macro;
}

export async function getStandardReply(scope: TenantScope, id: string): Promise<StandardReply> {
  return asReply(await standardReply(scope, id));
}

/** The standard replies, most used first (then by title). */
export async function listStandardReplies(scope: TenantScope): Promise<StandardReply[]> {
  return (await listMacros(scope, ADMIN.userId, isStandardReply)).map(asReply);
}

export async function createStandardReply(scope: TenantScope, input: { title: string; body: string }, now = new Date()): Promise<StandardReply> {
  return asReply(await bodyErrors(createMacro(scope, ADMIN, { title: input.title, replyText: input.body, replyKind: "reply", actions: [], shared: true }, now)));
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the reply changed since. */
export async function updateStandardReply(scope: TenantScope, id: string, patch: { title?: string; body?: string }, now = new Date(), version?: Date): Promise<StandardReply> {
  await standardReply(scope, id);
  return asReply(await bodyErrors(updateMacro(scope, ADMIN, id, { ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.body !== undefined ? { replyText: patch.body } : {}) }, now, version)));
}

export async function deleteStandardReply(scope: TenantScope, id: string): Promise<void> {
  await standardReply(scope, id);
  await deleteMacro(scope, ADMIN, id);
}

/** The reply's text with its placeholders filled for one ticket and the agent using it. */
export async function renderStandardReply(scope: TenantScope, id: string, ticketId: string, agentId: string): Promise<string> {
  const [reply, { values }] = await Promise.all([standardReply(scope, id), readForTemplate(scope, ticketId, agentId, {})]);
  return renderTemplate(reply.replyText, values);
}

/** A macro's `replyText` is a standard reply's `body`: its field errors say so. */
async function bodyErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof AppError) || !error.details.errors) throw error;
    const errors = error.details.errors.map((e) => (e.field === "replyText" ? { ...e, field: "body" } : e));
    throw new AppError(error.status, error.code, error.message, { ...error.details, errors });
  }
}
