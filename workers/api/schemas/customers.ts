import { z } from "@hono/zod-openapi";
import { CUSTOMER_TIERS, USER_LANGUAGES } from "../../../schema";
import type { Customer } from "../../core/customers/customer-store";
import { Email, iso, multiLineText, Name, patchOf, singleLineText, Timestamp } from "./common";

export const Tier = z.enum(CUSTOMER_TIERS);
const CustomerLanguage = z
  .enum(USER_LANGUAGES)
  .nullable()
  .openapi({ description: "The language of system mail to the customer (acknowledgements, reply footers, surveys); null: detected from their mail, else the workspace default" });

export const CustomerSchema = z
  .object({
    id: z.string().openapi({ example: "cus_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
    name: z.string().openapi({ example: "Li Wei" }),
    emails: z.array(z.string()).openapi({ description: "The first is the primary address", example: ["li.wei@example.com"] }),
    organization: z.string().nullable(),
    tier: Tier,
    notes: z.string(),
    surveyOptOut: z.boolean().openapi({ description: "The customer gets no satisfaction surveys (set by them from a survey's link, or by an agent)" }),
    language: CustomerLanguage,
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
  language: c.language,
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
    organization: singleLineText(1, 200).nullable().default(null),
    tier: Tier.default("standard"),
    notes: multiLineText(0, 10_000, { trim: false }).default(""),
    surveyOptOut: z.boolean().default(false),
    language: CustomerLanguage.default(null),
  })
  .strict()
  .openapi("NewCustomer");

export const CustomerUpdateSchema = patchOf({
  name: Name,
  emails: Emails,
  organization: singleLineText(1, 200).nullable(),
  tier: Tier,
  notes: multiLineText(0, 10_000, { trim: false }),
  surveyOptOut: z.boolean(),
  language: CustomerLanguage,
}).openapi("CustomerUpdate");

// ── Customer data rights ────────────────────────────────────────────────────────────────

const ExportedMessageSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["customer", "reply"]),
    fromAddress: z.string().nullable(),
    fromName: z.string().nullable(),
    bodyText: z.string(),
    bodyHtml: z.string().nullable(),
    quotedText: z.string().nullable(),
    automatic: z.boolean(),
    createdAt: Timestamp,
  })
  .openapi("CustomerExportMessage");

const ExportedTicketSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    status: z.string(),
    priority: z.string(),
    type: z.string(),
    channel: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    firstResponseAt: Timestamp.nullable(),
    solvedAt: Timestamp.nullable(),
    closedAt: Timestamp.nullable(),
    followUpOfId: z.string().nullable(),
    tags: z.array(z.string()),
    messages: z.array(ExportedMessageSchema).openapi({ description: "The customer's messages and the public replies; internal notes are not exported" }),
    internalNoteCount: z.number().int(),
    attachments: z.array(
      z.object({
        id: z.string(),
        messageId: z.string(),
        filename: z.string(),
        contentType: z.string(),
        size: z.number().int(),
        stored: z.boolean(),
        droppedReason: z.string().nullable(),
        createdAt: Timestamp,
      }),
    ),
    participants: z.array(z.object({ email: z.string(), name: z.string() })).openapi({ description: "People copied on the ticket" }),
    satisfaction: z.array(
      z.object({
        id: z.string(),
        scale: z.string(),
        rating: z.number().int().nullable(),
        comment: z.string().nullable(),
        sentAt: Timestamp,
        answeredAt: Timestamp.nullable(),
        solvedAt: Timestamp,
      }),
    ),
  })
  .openapi("CustomerExportTicket");

export const CustomerExportSchema = z
  .object({
    exportedAt: Timestamp,
    customer: CustomerSchema,
    tickets: z.array(ExportedTicketSchema).openapi({ description: "Tickets the customer requested" }),
    messagesOnOtherTickets: z.array(ExportedMessageSchema.extend({ ticketId: z.string() })).openapi({ description: "Messages the customer wrote on tickets they were copied on" }),
    inboundMail: z.array(
      z.object({
        id: z.string(),
        receivedAt: Timestamp,
        fromAddress: z.string().nullable(),
        envelopeFrom: z.string(),
        subject: z.string().nullable(),
        status: z.string(),
        ticketId: z.string().nullable(),
      }),
    ),
    outboundMail: z.array(
      z.object({
        id: z.string(),
        purpose: z.string(),
        toAddress: z.string(),
        subject: z.string(),
        status: z.string(),
        createdAt: Timestamp,
        sentAt: Timestamp.nullable(),
        ticketId: z.string().nullable(),
      }),
    ),
  })
  .openapi("CustomerExport");

export const CustomerEraseSchema = z
  .object({ confirm: z.literal("ERASE").openapi({ description: 'Must be "ERASE": erasure cannot be undone' }) })
  .strict()
  .openapi("CustomerErase");

export const CustomerErasureSchema = z
  .object({
    customerId: z.string(),
    erasedAt: Timestamp,
    ticketsAnonymised: z.number().int().openapi({ description: "Tickets kept for the reports, their subject and messages replaced by [erased]" }),
    messagesErased: z.number().int(),
    attachmentsRemoved: z.number().int(),
    inboundMailErased: z.number().int(),
    outboundMailErased: z.number().int(),
    ratingsKept: z.number().int().openapi({ description: "Survey ratings kept (comments removed)" }),
    storedFilesDeleted: z.number().int().openapi({ description: "Raw mail and attachment files removed from storage" }),
  })
  .openapi("CustomerErasure");
