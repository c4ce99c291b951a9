import { z } from "@hono/zod-openapi";
import { CUSTOMER_TIERS } from "../../../schema";
import type { Customer } from "../../core/customers/customer-store";
import { Email, iso, Name, patchOf, Timestamp } from "./common";

export const Tier = z.enum(CUSTOMER_TIERS);

export const CustomerSchema = z
  .object({
    id: z.string().openapi({ example: "cus_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
    name: z.string().openapi({ example: "Li Wei" }),
    emails: z.array(z.string()).openapi({ description: "The first is the primary address", example: ["li.wei@example.com"] }),
    organization: z.string().nullable(),
    tier: Tier,
    notes: z.string(),
    surveyOptOut: z.boolean().openapi({ description: "The customer gets no satisfaction surveys (set by them from a survey's link, or by an agent)" }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Customer");

export const toCustomer = (c: Customer): z.infer<typeof CustomerSchema> => ({
  id: c.id,
  name: c.name,
  emails: c.emails,
  organization: c.organization,
  tier: c.tier,
  notes: c.notes,
  surveyOptOut: c.surveyOptOut,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

const Emails = z
  .array(Email)
  .min(1, "A customer needs at least one e-mail address")
  .max(20)
  .refine((list) => new Set(list).size === list.length, "Addresses must be different");

export const CustomerInputSchema = z
  .object({
    name: Name,
    emails: Emails,
    organization: z.string().trim().min(1).max(200).nullable().default(null),
    tier: Tier.default("standard"),
    notes: z.string().max(10_000).default(""),
    surveyOptOut: z.boolean().default(false),
  })
  .strict()
  .openapi("NewCustomer");

export const CustomerUpdateSchema = patchOf({
  name: Name,
  emails: Emails,
  organization: z.string().trim().min(1).max(200).nullable(),
  tier: Tier,
  notes: z.string().max(10_000),
  surveyOptOut: z.boolean(),
}).openapi("CustomerUpdate");
