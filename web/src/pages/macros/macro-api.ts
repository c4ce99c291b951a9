import type { InferResponseType } from "hono/client";
import { api, data } from "../../api";

/** A macro as the API gives it (personal or shared, with its usage count). */
export type Macro = InferResponseType<typeof api.macros.$get, 200>["items"][number];
/** What applying a macro to a ticket would do: its text filled for the ticket, and each field's change. */
export type MacroPreview = InferResponseType<(typeof api.tickets)[":id"]["macros"][":macroId"]["preview"]["$post"], 200>;
export type MacroApplied = InferResponseType<(typeof api.tickets)[":id"]["macros"][":macroId"]["apply"]["$post"], 200>;
export type FieldChange = MacroPreview["changes"][number];

/** Your macros and the shared ones, most used first (the API's order). */
export const loadMacros = () => data(api.macros.$get());
export const previewMacro = (ticketId: string, macroId: string) => data(api.tickets[":id"].macros[":macroId"].preview.$post({ param: { id: ticketId, macroId } }));
export const applyMacro = (ticketId: string, macroId: string) => data(api.tickets[":id"].macros[":macroId"].apply.$post({ param: { id: ticketId, macroId } }));
