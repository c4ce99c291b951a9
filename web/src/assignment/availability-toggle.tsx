import { useEffect, useState } from "preact/hooks";
import { api, data } from "../api";
import { messages } from "../i18n";

const text = messages({
  en: { label: "Available for new tickets", on: "Available", off: "Away", failed: "Could not change your availability" },
  "zh-CN": { label: "接收新工单", on: "在线", off: "离开", failed: "无法更改在线状态" },
});

/**
 * The agent's availability toggle in the top bar: only available agents receive tickets by a
 * group's automatic assignment (docs/assignment.md). PUT /users/{id}/availability.
 */
export function AvailabilityToggle(props: { userId: string }) {
  const t = text();
  const [available, setAvailable] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    data(api.users[":id"].availability.$get({ param: { id: props.userId } })).then(
      (a) => setAvailable(a.available),
      () => setAvailable(null),
    );
  }, [props.userId]);
  if (available === null) return null;
  const toggle = () => {
    setBusy(true);
    setFailed(false);
    data(api.users[":id"].availability.$put({ param: { id: props.userId }, json: { available: !available } }))
      .then((a) => setAvailable(a.available), () => setFailed(true))
      .finally(() => setBusy(false));
  };
  return (
    <label class={`availability-toggle${available ? " is-available" : ""}`} title={failed ? t.failed : t.label}>
      <input type="checkbox" role="switch" checked={available} disabled={busy} aria-label={t.label} onChange={toggle} />
      <span>{available ? t.on : t.off}</span>
    </label>
  );
}
