import { api, data } from "../../api";
import { useResource } from "../../ui/state";

/** A link to another ticket, shown as its number (`#1042`) once read. */
export function TicketRefLink(props: { id: string }) {
  const ticket = useResource(() => data(api.tickets[":id"].$get({ param: { id: props.id } })), [props.id]);
  return <a href={`/tickets/${props.id}`}>{ticket.data?.ref ?? "…"}</a>;
}
