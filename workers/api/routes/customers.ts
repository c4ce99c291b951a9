import { createRoute, z } from "@hono/zod-openapi";
import { createCustomer, getCustomer, listCustomers, mergeCustomers, updateCustomer } from "../../core/customers/customer-store";
import { eraseCustomer, exportCustomer } from "../../core/customers/data-rights";
import { runBatch } from "../../core/db";
import { requestSlaRecompute } from "../../core/sla/policy-store";
import { requireLevel } from "../auth-middleware";
import { IdempotencyKeyParameter, idempotent } from "../idempotency-middleware";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { CursorParam, Limit, pageOf } from "../schemas/common";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";
import { CustomerEraseSchema, CustomerErasureSchema, CustomerExportSchema, CustomerInputSchema, CustomerSchema, CustomerUpdateSchema, toCustomer } from "../schemas/customers";

const CustomerId = IdParam("Customer", "cus_01jq3v9f2k8x7d0m4n5p6r7s8t");

export const customers = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/customers",
      tags: ["Customers"],
      summary: "List customers, newest first; `q` matches name, organisation or any address",
      security: authed,
      request: { query: z.object({ q: z.string().trim().min(1).max(200).optional(), limit: Limit, cursor: CursorParam }) },
      responses: { 200: json(pageOf(CustomerSchema, "CustomerPage"), "A page of customers"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    async (c) => {
      const page = await listCustomers(c.get("scope"), c.req.valid("query"));
      return c.json({ items: page.items.map(toCustomer), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/customers",
      tags: ["Customers"],
      summary: "Create a customer",
      security: authed,
      middleware: [requireLevel("write"), idempotent] as const,
      parameters: [IdempotencyKeyParameter],
      request: { body: jsonBody(CustomerInputSchema) },
      responses: { 201: json(CustomerSchema, "The new customer"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(toCustomer(await createCustomer(c.get("scope"), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/customers/{id}",
      tags: ["Customers"],
      summary: "Read a customer",
      security: authed,
      request: { params: CustomerId },
      responses: { 200: json(CustomerSchema, "The customer"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      return c.json(toCustomer(withETag(c, await getCustomer(c.get("scope"), c.req.valid("param").id))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/customers/{id}",
      tags: ["Customers"],
      summary: "Change a customer; `emails` replaces the list (first = primary)",
      description: ifMatchNote("customer"),
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { params: CustomerId, headers: IfMatch, body: jsonBody(CustomerUpdateSchema) },
      responses: { 200: json(CustomerSchema, "The customer after the change"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const patch = c.req.valid("json");
      const { id } = c.req.valid("param");
      const customer = await versionedWrite(c, (version) => updateCustomer(scope, id, patch, new Date(), version), async () => toCustomer(await getCustomer(scope, id)));
      // A tier change can change which SLA policy applies to the customer's tickets.
      if (patch.tier) await runBatch(scope.db, [requestSlaRecompute(scope)]);
      return c.json(toCustomer(customer), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/customers/{id}/merge",
      tags: ["Customers"],
      summary: "Merge another customer into this one",
      description: "The other customer's addresses and tickets move here (each ticket records the change); VIP tier and notes are kept; the other customer is deleted.",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: {
        params: CustomerId,
        body: jsonBody(z.object({ sourceCustomerId: z.string().min(1).max(64) }).strict()),
      },
      responses: { 200: json(CustomerSchema, "The merged customer"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => {
      const { userId } = c.get("principal");
      const scope = c.get("scope");
      const merged = await mergeCustomers(scope, { type: "agent", id: userId }, c.req.valid("param").id, c.req.valid("json").sourceCustomerId);
      await runBatch(scope.db, [requestSlaRecompute(scope)]);
      return c.json(toCustomer(merged), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/customers/{id}/export",
      tags: ["Customers"],
      summary: "Export everything the workspace holds about a customer, as a JSON download (admins)",
      description:
        "The customer, their tickets with tags, messages (the customer's and the public replies; internal notes are only counted), attachments (listed, not their bytes), people copied, satisfaction answers, and the inbound and outbound mail records. See docs/architecture.md, \"Customer data rights\".",
      security: authed,
      middleware: [requireLevel("admin")] as const,
      request: { params: CustomerId },
      responses: { 200: json(CustomerExportSchema, "The export (Content-Disposition: attachment)"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      const data = await exportCustomer(c.get("scope"), c.req.valid("param").id);
      c.header("Content-Disposition", `attachment; filename="customer-${data.customer.id}.json"`);
      c.header("Cache-Control", "no-store");
      return c.json(data, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/customers/{id}/erase",
      tags: ["Customers"],
      summary: "Erase a customer's personal data (admins; cannot be undone)",
      description:
        "Removes the customer's name, organisation, notes and addresses; blanks the subject and every message of their tickets, their survey comments, their inbound and outbound mail records; deletes their attachments and raw mail from storage. The tickets stay (status, priority, times, history, ratings) so reports keep counting them. Erasing again is harmless.",
      security: authed,
      middleware: [requireLevel("admin")] as const,
      request: { params: CustomerId, body: jsonBody(CustomerEraseSchema) },
      responses: { 200: json(CustomerErasureSchema, "What was erased"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const summary = await eraseCustomer(scope, c.env.BLOBS, c.req.valid("param").id);
      return c.json(summary, 200);
    },
  );
