import { z } from "@hono/zod-openapi";
import { DELIVERY_OUTCOMES, INBOUND_STATUSES, TICKET_PRIORITIES } from "../../../schema";
import type { InboundMessage } from "../../core/mail/inbound-store";
import { ackTemplate } from "../../core/mail/ack-templates";
import type { SupportAddress } from "../../core/mail/support-addresses";
import { iso, isoOrNull, NullableTimestamp, Timestamp } from "./common";

export const SupportAddressSchema = z
  .object({
    id: z.string(),
    address: z.string().openapi({ example: "support@acme-tea.example" }),
    displayName: z.string().openapi({ example: "Acme Tea Support" }),
    builtIn: z.boolean(),
    defaultGroupId: z.string().nullable(),
    defaultPriority: z.enum(TICKET_PRIORITIES),
    plusAddressing: z.boolean(),
    autoAckEnabled: z.boolean(),
    autoAckSubject: z.string().openapi({ description: "The English acknowledgement's subject" }),
    autoAckBody: z.string().openapi({ description: "The English acknowledgement's body" }),
    autoAckSubjectZh: z.string().openapi({ description: "The Chinese acknowledgement's subject (sent to customers whose mail language is Chinese; a built-in default until changed)" }),
    autoAckBodyZh: z.string().openapi({ description: "The Chinese acknowledgement's body" }),
    forwardTo: z.string().openapi({ description: "Forward mail for this address here (the built-in address)" }),
    status: z.enum(["receiving", "waiting_for_mail"]).openapi({ description: "receiving: verified (the forwarding check came back, or mail forwarded from it arrived) and routed here; waiting_for_mail: not verified, receives nothing yet" }),
    verifiedAt: NullableTimestamp,
    lastReceivedAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp.openapi({ description: "Its version: the ETag is this instant in milliseconds (If-Match)" }),
  })
  .openapi("SupportAddress");

export const toSupportAddress = (a: SupportAddress, forwardTo: string): z.infer<typeof SupportAddressSchema> => ({
  id: a.id,
  address: a.address,
  displayName: a.displayName,
  builtIn: a.builtIn,
  defaultGroupId: a.defaultGroupId,
  defaultPriority: a.defaultPriority,
  plusAddressing: a.plusAddressing,
  autoAckEnabled: a.autoAckEnabled,
  autoAckSubject: a.autoAckSubject,
  autoAckBody: a.autoAckBody,
  autoAckSubjectZh: ackTemplate(a, "zh-CN").subject,
  autoAckBodyZh: ackTemplate(a, "zh-CN").body,
  forwardTo,
  status: a.verifiedAt ? "receiving" : "waiting_for_mail",
  verifiedAt: isoOrNull(a.verifiedAt),
  lastReceivedAt: isoOrNull(a.lastReceivedAt),
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

export const InboundSchema = z
  .object({
    id: z.string(),
    status: z.enum(INBOUND_STATUSES),
    detail: z.string().nullable().openapi({ description: "Why it is quarantined, spam or automatic" }),
    envelopeFrom: z.string(),
    envelopeTo: z.string(),
    fromAddress: z.string().nullable(),
    subject: z.string().nullable(),
    rawSize: z.number().int(),
    ticketId: z.string().nullable(),
    messageIdReusedOf: z.string().nullable().openapi({ description: "An earlier inbound message with the same Message-ID but different content; this one was processed as a message of its own" }),
    receivedAt: Timestamp,
    processedAt: NullableTimestamp,
  })
  .openapi("InboundMessage");

export const toInbound = (m: InboundMessage): z.infer<typeof InboundSchema> => ({
  id: m.id,
  status: m.status,
  detail: m.detail,
  envelopeFrom: m.envelopeFrom,
  envelopeTo: m.envelopeTo,
  fromAddress: m.fromAddress,
  subject: m.subject,
  rawSize: m.rawSize,
  ticketId: m.ticketId,
  messageIdReusedOf: m.messageIdReusedOf,
  receivedAt: iso(m.receivedAt),
  processedAt: isoOrNull(m.processedAt),
});

export const DeliverySchema = z
  .object({
    id: z.string(),
    outcome: z.enum(DELIVERY_OUTCOMES),
    envelopeFrom: z.string(),
    envelopeTo: z.string(),
    rawSize: z.number().int(),
    inboundMessageId: z.string().nullable(),
    ticketId: z.string().nullable(),
    detail: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi("MailDelivery");

export const AttachmentSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    inline: z.boolean(),
    contentId: z.string().nullable(),
    stored: z.boolean(),
    droppedReason: z.string().nullable().openapi({ description: "Why the file was not stored (size limits)" }),
    url: z.string().nullable().openapi({ description: "Download URL, when stored" }),
  })
  .openapi("Attachment");
