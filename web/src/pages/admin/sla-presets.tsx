import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import type { PresetKey } from "./admin-types";

const text = messages({
  en: {
    title: "Start from a preset",
    apply: "Add this policy",
    added: "Added.",
    email_24h: "Every email answered within 24 hours",
    email_24h_body: "First and next replies to email within 24 hours, round the clock.",
    complaint_48h: "Complaints: answered in 24 hours, closed in 48",
    complaint_48h_body: "Placed first. Raises the priority to high on breach.",
    vip_1h: "VIP customers: first reply within 1 business hour",
    vip_1h_body: "Placed first. Next replies within 4 business hours; raises to urgent on breach.",
    tier_escalation: "Standard targets, escalated to Tier 2",
    tier_escalation_body: "Targets per priority in business hours; breached tickets move to the group named “Tier 2” (or “二线支持”; every new workspace has it).",
  },
  "zh-CN": {
    title: "从预设开始",
    apply: "添加此策略",
    added: "已添加。",
    email_24h: "每封邮件 24 小时内回复",
    email_24h_body: "邮件的首次回复和下次回复都在 24 小时内，全天候计时。",
    complaint_48h: "投诉：24 小时内回复，48 小时内解决",
    complaint_48h_body: "排在最前。违约时将优先级提高为“高”。",
    vip_1h: "VIP 客户：1 个工作小时内首次回复",
    vip_1h_body: "排在最前。下次回复在 4 个工作小时内；违约时提高为“紧急”。",
    tier_escalation: "标准目标，违约升级到二线",
    tier_escalation_body: "按优先级设定工作时间目标；违约的工单转到名为“二线支持”（或“Tier 2”）的分组（新工作区都自带该分组）。",
  },
});

const PRESETS: readonly PresetKey[] = ["email_24h", "complaint_48h", "vip_1h", "tier_escalation"];

/** The one-click presets, each with what it does; errors (e.g. a missing group) next to the preset. */
export function SlaPresets(props: { onAdded: () => void }) {
  const t = text();
  const [state, setState] = useState<Partial<Record<PresetKey, { busy?: boolean; error?: string; added?: boolean }>>>({});
  const apply = async (preset: PresetKey) => {
    setState((s) => ({ ...s, [preset]: { busy: true } }));
    try {
      await data(api["sla-policies"].presets.$post({ json: { preset } }));
      setState((s) => ({ ...s, [preset]: { added: true } }));
      props.onAdded();
    } catch (e) {
      setState((s) => ({ ...s, [preset]: { error: e instanceof ApiError || e instanceof Error ? e.message : String(e) } }));
    }
  };
  return (
    <section class="panel presets" aria-labelledby="presets-title">
      <h2 id="presets-title">{t.title}</h2>
      <ul>
        {PRESETS.map((preset) => {
          const s = state[preset] ?? {};
          return (
            <li key={preset}>
              <div>
                <strong>{t[preset]}</strong>
                <p class="muted">{t[`${preset}_body`]}</p>
              </div>
              <div class="row">
                <button type="button" disabled={s.busy} onClick={() => void apply(preset)}>
                  {t.apply}
                </button>
                {s.added && (
                  <span class="notice ok" role="status">
                    {t.added}
                  </span>
                )}
                {s.error && (
                  <span class="field-error" role="alert">
                    {s.error}
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
