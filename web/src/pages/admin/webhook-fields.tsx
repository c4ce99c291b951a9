import { messages } from "../../i18n";
import { CheckGroup } from "../../ui/check-group";
import { SelectField } from "../../ui/choice-fields";
import { TextField } from "../../ui/form";
import type { WebhookEvent, WebhookFormat } from "./admin-types";
import { labels, WEBHOOK_EVENTS, WEBHOOK_FORMATS } from "./admin-words";

const text = messages({
  en: {
    name: "Name",
    url: "URL",
    urlHint: "A public https address (not a private or internal one). A Slack incoming-webhook URL works with the Slack format.",
    format: "Format",
    events: "Events",
  },
  "zh-CN": {
    name: "名称",
    url: "地址",
    urlHint: "必须是公网 https 地址（不能是内网或私有地址）。Slack 格式可直接使用 Slack Incoming Webhook 地址。",
    format: "格式",
    events: "事件",
  },
});

/** What a webhook form edits (creating and editing alike). */
/** The fields' names, for the conflict view. */
export const webhookFieldLabels = () => {
  const t = text();
  return { name: t.name, url: t.url, format: t.format, events: t.events };
};

export interface WebhookDraft {
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookEvent[];
}

/** A webhook's name, URL, format and events, each with the API's error next to it. */
export function WebhookFields(props: { draft: WebhookDraft; onChange: (draft: WebhookDraft) => void; fields: Record<string, string> }) {
  const t = text();
  const w = labels();
  const { draft, fields } = props;
  const set = (patch: Partial<WebhookDraft>) => props.onChange({ ...draft, ...patch });
  return (
    <>
      <TextField label={t.name} value={draft.name} onInput={(name) => set({ name })} error={fields.name} required />
      <TextField label={t.url} hint={t.urlHint} type="url" value={draft.url} onInput={(url) => set({ url })} error={fields.url} required />
      <SelectField<WebhookFormat> label={t.format} value={draft.format} options={WEBHOOK_FORMATS.map((f) => [f, w.format[f]] as const)} onChange={(format) => set({ format })} error={fields.format} />
      <CheckGroup legend={t.events} options={WEBHOOK_EVENTS} labelOf={(e) => w.event[e]} value={draft.events} onChange={(events) => set({ events })} error={fields.events} />
    </>
  );
}
