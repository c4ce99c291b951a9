import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { useResource } from "../../ui/state";
import { addressesIn } from "./address-list";
import "./reply-recipients.css";

const text = messages({
  en: {
    cc: "Cc",
    bcc: "Bcc",
    addBcc: "Add Bcc",
    placeholder: "name@example.com",
    remove: (address: string) => `Remove ${address}`,
    onTicket: "Copied on this ticket:",
    add: (address: string) => `Copy ${address}`,
    hint: "Press Enter or a comma after each address. Bcc is not shown to anyone.",
  },
  "zh-CN": {
    cc: "抄送",
    bcc: "密送",
    addBcc: "添加密送",
    placeholder: "name@example.com",
    remove: (address: string) => `移除 ${address}`,
    onTicket: "此工单的抄送人：",
    add: (address: string) => `抄送 ${address}`,
    hint: "每个地址后按回车或逗号。密送人对任何人都不可见。",
  },
});


const merged = (chips: readonly string[], typed: string) => [...new Set([...chips, ...addressesIn(typed)])];

/** A reply's Cc and Bcc: chips, plus what is still being typed (sent too). */
export function useReplyRecipients() {
  const [cc, setCc] = useState<string[]>([]);
  const [bcc, setBcc] = useState<string[]>([]);
  const [ccTyped, setCcTyped] = useState("");
  const [bccTyped, setBccTyped] = useState("");
  const [sentCount, setSentCount] = useState(0);
  return {
    cc: { chips: cc, typed: ccTyped, setChips: setCc, setTyped: setCcTyped },
    bcc: { chips: bcc, typed: bccTyped, setChips: setBcc, setTyped: setBccTyped },
    /** Bumped after each send: the ticket's participants are read again (new Cc's are on it now). */
    sentCount,
    /** The reply's `cc`/`bcc`, only those that have addresses. */
    body() {
      const all = { cc: merged(cc, ccTyped), bcc: merged(bcc, bccTyped) };
      return { ...(all.cc.length ? { cc: all.cc } : {}), ...(all.bcc.length ? { bcc: all.bcc } : {}) };
    },
    clear() {
      setCc([]);
      setBcc([]);
      setCcTyped("");
      setBccTyped("");
      setSentCount((n) => n + 1);
    },
  };
}

type Recipients = ReturnType<typeof useReplyRecipients>;
type List = Recipients["cc"];

/** Cc and Bcc fields of the composer; the people already copied on the ticket are offered as chips. */
export function ReplyRecipients(props: { ticketId: string; recipients: Recipients; fields: Record<string, string> }) {
  const t = text();
  const { cc, bcc } = props.recipients;
  const [showBcc, setShowBcc] = useState(false);
  const participants = useResource(() => data(api.tickets[":id"].participants.$get({ param: { id: props.ticketId } })), [props.ticketId, props.recipients.sentCount]);
  const errorOf = (field: "cc" | "bcc") => props.fields[field] ?? Object.entries(props.fields).find(([k]) => k.startsWith(`${field}.`))?.[1];
  const offered = (participants.data?.items ?? []).filter((p) => !cc.chips.includes(p.email) && !bcc.chips.includes(p.email));
  return (
    <div class="reply-recipients">
      <AddressChips label={t.cc} list={cc} error={errorOf("cc")} />
      {offered.length > 0 && (
        <p class="offered row">
          <span class="muted">{t.onTicket}</span>
          {offered.map((p) => (
            <button key={p.email} type="button" class="chip add" aria-label={t.add(p.email)} title={p.name || p.email} onClick={() => cc.setChips([...cc.chips, p.email])}>
              + {p.email}
            </button>
          ))}
        </p>
      )}
      {showBcc || bcc.chips.length ? (
        <AddressChips label={t.bcc} list={bcc} error={errorOf("bcc")} />
      ) : (
        <button type="button" class="link" onClick={() => setShowBcc(true)}>
          {t.addBcc}
        </button>
      )}
      <small class="hint">{t.hint}</small>
    </div>
  );
}

let nextId = 0;

/** One address list: chips with a remove button, and an input that turns typed addresses into chips. */
function AddressChips(props: { label: string; list: List; error: string | undefined }) {
  const t = text();
  const [id] = useState(() => `recipients-${++nextId}`);
  const { chips, typed, setChips, setTyped } = props.list;
  const commit = () => {
    const added = addressesIn(typed);
    if (added.length) setChips([...new Set([...chips, ...added])]);
    setTyped("");
  };
  return (
    <div class={`field address-chips${props.error ? " invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <div class="chips row">
        {chips.map((address) => (
          <span key={address} class="chip">
            {address}
            <button type="button" class="link" aria-label={t.remove(address)} onClick={() => setChips(chips.filter((a) => a !== address))}>
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          type="text"
          inputMode="email"
          value={typed}
          placeholder={t.placeholder}
          autoComplete="off"
          aria-invalid={props.error ? true : undefined}
          onInput={(e) => {
            const value = e.currentTarget.value;
            if (/[,;，；\s]$/.test(value)) {
              setChips([...new Set([...chips, ...addressesIn(value)])]);
              setTyped("");
            } else setTyped(value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && typed.trim()) {
              e.preventDefault();
              commit();
            } else if (e.key === "Backspace" && !typed && chips.length) setChips(chips.slice(0, -1));
          }}
          onBlur={commit}
        />
      </div>
      {props.error && (
        <small class="field-error" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}
