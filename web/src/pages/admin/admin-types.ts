import type { InferRequestType, InferResponseType } from "hono/client";
import type { api } from "../../api";

/** The shapes the settings pages work with, all taken from the typed API client (nothing copied). */
type Ok<F> = InferResponseType<F, 200>;

export type SupportAddress = Ok<(typeof api)["support-addresses"]["$get"]>["items"][number];
export type AddressPatch = InferRequestType<(typeof api)["support-addresses"][":id"]["$patch"]>["json"];
export type Calendar = Ok<(typeof api)["business-calendars"]["$get"]>["items"][number];
export type CalendarInput = InferRequestType<(typeof api)["business-calendars"]["$post"]>["json"];
export type Policy = Ok<(typeof api)["sla-policies"]["$get"]>["items"][number];
export type PolicyInput = InferRequestType<(typeof api)["sla-policies"]["$post"]>["json"];
export type PresetKey = InferRequestType<(typeof api)["sla-policies"]["presets"]["$post"]>["json"]["preset"];
export type SlaSettings = Ok<(typeof api)["sla-settings"]["$get"]>;
export type SurveySettings = Ok<(typeof api)["survey-settings"]["$get"]>;
export type User = Ok<(typeof api)["users"]["$get"]>["items"][number];
export type Invitation = Ok<(typeof api)["invitations"]["$get"]>["items"][number];
export type Group = Ok<(typeof api)["groups"]["$get"]>["items"][number];
export type ApiToken = Ok<(typeof api)["api-tokens"]["$get"]>["items"][number];
export type Webhook = Ok<(typeof api)["webhooks"]["$get"]>["items"][number];
export type WebhookDelivery = Ok<(typeof api)["webhooks"][":id"]["deliveries"]["$get"]>["items"][number];
export type SpamSettings = Ok<(typeof api)["spam-settings"]["$get"]>;
export type InboundMessage = Ok<(typeof api)["inbound-messages"]["$get"]>["items"][number];

export type Priority = keyof Policy["targets"];
export type Metric = keyof NonNullable<Policy["targets"][Priority]>;
export type Target = NonNullable<NonNullable<Policy["targets"][Priority]>[Metric]>;
export type TicketType = NonNullable<Policy["conditions"]["types"]>[number];
export type Channel = NonNullable<Policy["conditions"]["channels"]>[number];
export type Tier = NonNullable<Policy["conditions"]["customerTiers"]>[number];
export type TicketStatus = Policy["pausedStatuses"][number];
export type Role = User["role"];
export type TokenScope = ApiToken["scope"];
export type InboundStatus = InboundMessage["status"];
export type WebhookEvent = Webhook["events"][number];
export type WebhookFormat = Webhook["format"];
export type SurveyScale = SurveySettings["scale"];
export type SurveyLanguage = SurveySettings["language"];
export type BackgroundFailure = Ok<(typeof api)["background-failures"]["$get"]>["items"][number];
export type Trigger = Ok<(typeof api)["triggers"]["$get"]>["items"][number];
export type TriggerInput = InferRequestType<(typeof api)["triggers"]["$post"]>["json"];
export type TriggerPreview = Ok<(typeof api)["triggers"]["preview"]["$post"]>;
