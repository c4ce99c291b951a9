import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { session } from "../../session";
import { Loaded, useResource } from "../../ui/state";
import type { Ticket } from "./agent-api";
import { label } from "./enum-labels";
import { TicketComposer } from "./ticket-composer";
import { TicketFieldsForm, type UnsavedEdits } from "./ticket-fields-form";
import { TicketHistory } from "./ticket-history";
import { TicketSatisfaction } from "./ticket-satisfaction";
import { TicketSlaPanel } from "./ticket-sla-panel";
import { TicketCustomerPanel } from "./ticket-customer-panel";
import { RequesterName } from "./ticket-table";
import { TicketThread } from "./ticket-thread";
import { TicketMergeAction } from "./ticket-merge";
import { TicketMergedBanner } from "./ticket-merged-banner";
import { TicketTaskBanner } from "./ticket-task-banner";
import { TicketFollowUps } from "./ticket-follow-ups";
import { TicketAutomaticBanner } from "./ticket-automatic-banner";
import { TicketPresence, TypingReporter } from "../../live/ticket-presence";
import { useLiveReload } from "../../live/use-live-reload";
import { isTicketChange } from "../../live/live-client";
import { TicketShortcuts } from "./keyboard-shortcuts";
import "./agent.css";

const text = messages({
  en: { back: "← Tickets", requester: "Requester", created: (when: string) => `Created ${when}`, via: (channel: string) => `via ${channel}` },
  "zh-CN": { back: "← 工单列表", requester: "客户", created: (when: string) => `创建于 ${when}`, via: (channel: string) => `来自${channel}` },
});

/** One ticket: the thread and composer, and beside them (below them on phones) its properties, SLA, CSAT and history. */
export function TicketPage(props: { id: string }) {
  const ticket = useResource(() => data(api.tickets[":id"].$get({ param: { id: props.id } })), [props.id]);
  return (
    <Loaded resource={ticket}>
      {(loaded) => <TicketView ticket={loaded} onChanged={ticket.reload} />}
    </Loaded>
  );
}

function TicketView(props: { ticket: Ticket; onChanged: () => void }) {
  const t = text();
  const { ticket } = props;
  // Bumped after every change, so the thread, SLA, CSAT and history load again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    setVersion((v) => v + 1);
    props.onChanged();
  };
  // The newest message the agent has seen (undefined until the thread loaded) and their unsaved property edits.
  const [seen, setSeen] = useState<string | null | undefined>(undefined);
  const [unsaved, setUnsaved] = useState<UnsavedEdits | undefined>(undefined);
  // Someone else's change to this ticket: load it again (the fields form keeps unsaved edits).
  useLiveReload(changed, (event) => isTicketChange(event) && event.ticketId === ticket.id && event.actor.id !== session.value?.user.id);
  return (
    <article class="ticket-page">
      <header class="ticket-head">
        <a href="/tickets">{t.back}</a>
        <h1>
          <span class="muted">{ticket.ref}</span> {ticket.subject}
        </h1>
        <p class="row">
          <span class={`status status-${ticket.status}`}>{label("status", ticket.status)}</span>
          <span class={`priority priority-${ticket.priority}`}>{label("priority", ticket.priority)}</span>
          <span>
            {t.requester}: <RequesterName id={ticket.requesterId} />
          </span>
          <span class="muted">
            {t.created(formatDateTime(ticket.createdAt))} {t.via(label("channel", ticket.channel))}
          </span>
        </p>
        <TicketPresence ticketId={ticket.id} />
        {ticket.mergedIntoId && <TicketMergedBanner mergedIntoId={ticket.mergedIntoId} />}
        {ticket.taskOfId && <TicketTaskBanner taskOfId={ticket.taskOfId} dueAt={ticket.dueAt} status={ticket.status} />}
        {ticket.automatic && <TicketAutomaticBanner ticket={ticket} onChanged={changed} />}
        <TicketShortcuts ticket={ticket} myId={session.value!.user.id} onChanged={changed} />
      </header>
      <div class="ticket-layout">
        <div class="ticket-main">
          <TicketThread ticket={ticket} version={version} onRead={setSeen} />
          <TypingReporter>
            <TicketComposer ticket={ticket} seenMessageId={seen} unsaved={unsaved} onSent={changed} onStale={changed} />
          </TypingReporter>
        </div>
        <aside class="ticket-side">
          <TicketFieldsForm ticket={ticket} myId={session.value!.user.id} onSaved={changed} onDraft={setUnsaved} />
          {ticket.type !== "task" && <TicketFollowUps ticketId={ticket.id} version={version} />}
          <TicketCustomerPanel ticketId={ticket.id} requesterId={ticket.requesterId} />
          <TicketSlaPanel ticketId={ticket.id} version={version} />
          <TicketSatisfaction ticketId={ticket.id} version={version} />
          <TicketHistory ticketId={ticket.id} version={version} />
          {ticket.status !== "closed" && <TicketMergeAction ticket={ticket} />}
        </aside>
      </div>
    </article>
  );
}
