import { messages } from "../../i18n";
import { TicketRefLink } from "./ticket-ref-link";

const text = messages({
  en: { merged: "Merged into", rest: "— its conversation continues there." },
  "zh-CN": { merged: "已合并到", rest: "——对话在那里继续。" },
});

/** On a merged ticket: "Merged into #N", linking to the ticket it went into. */
export function TicketMergedBanner(props: { mergedIntoId: string }) {
  const t = text();
  return (
    <p class="notice merged-banner" role="status">
      {t.merged} <TicketRefLink id={props.mergedIntoId} /> {t.rest}
    </p>
  );
}
