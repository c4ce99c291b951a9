import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import type { Conditions } from "../../../../workers/core/rules/rule-schema";
import type { TriggerPreview } from "./admin-types";
import { labels } from "./admin-words";
import { errorsUnder } from "./field-errors";
import type { RuleChoices } from "./trigger-condition-row";
import { conditionText } from "./trigger-summary";

const text = messages({
  en: {
    title: "Test this trigger",
    intro: "Checks the conditions against the 50 most recent tickets as they are now (nothing changes).",
    run: "Test against recent tickets",
    running: "Testing…",
    summary: (matched: number, total: number) => `Would match ${matched} of the ${total} most recent tickets.`,
    none: "The workspace has no tickets yet.",
    match: "Matches",
    noMatch: "No match",
    why: "Why",
    fix: "Correct the conditions first.",
  },
  "zh-CN": {
    title: "测试此触发器",
    intro: "用最近的 50 个工单的当前状态检验条件（不会修改任何内容）。",
    run: "用最近的工单测试",
    running: "测试中……",
    summary: (matched: number, total: number) => `最近的 ${total} 个工单中有 ${matched} 个会匹配。`,
    none: "工作区还没有工单。",
    match: "匹配",
    noMatch: "不匹配",
    why: "原因",
    fix: "请先修改条件。",
  },
});

/** "Test this trigger": the conditions as they are in the editor (saved or not) against the recent tickets, each with why it matches or not. */
export function TriggerPreviewPanel(props: { conditions: Conditions; choices: RuleChoices }) {
  const t = text();
  const words = labels();
  const [result, setResult] = useState<{ preview: TriggerPreview; tested: Conditions } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const tested = props.conditions;
      setResult({ preview: await data(api.triggers.preview.$post({ json: { conditions: tested } })), tested });
    } catch (e) {
      const fields = (e as { fields?: Record<string, string> }).fields ?? {};
      setError(errorsUnder(fields, "conditions") ? `${t.fix} ${errorsUnder(fields, "conditions")}` : (e as Error).message);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="trigger-preview" aria-labelledby="trigger-preview-title">
      <h3 id="trigger-preview-title">{t.title}</h3>
      <p class="muted">{t.intro}</p>
      <button type="button" onClick={run} disabled={busy}>
        {busy ? t.running : t.run}
      </button>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <p role="status">{result.preview.items.length ? t.summary(result.preview.matchedCount, result.preview.items.length) : t.none}</p>
          <ul class="preview-tickets">
            {result.preview.items.map((item) => (
              <li key={item.ticket.id} class={item.matched ? "matched" : "unmatched"} data-ticket={item.ticket.number}>
                <span class={`badge ${item.matched ? "ok" : ""}`}>{item.matched ? t.match : t.noMatch}</span>{" "}
                <a href={`/tickets/${item.ticket.id}`}>
                  #{item.ticket.number} {item.ticket.subject}
                </a>{" "}
                <small class="muted">
                  {words.status[item.ticket.status]} · {words.priority[item.ticket.priority]} · {formatDateTime(item.ticket.createdAt)}
                </small>
                {item.reasons.length > 0 && (
                  <details>
                    <summary>{t.why}</summary>
                    <ul class="preview-reasons">
                      {item.reasons.map((reason, i) => {
                        // One line per condition, `all` then `any` (as tested): the condition in the user's words, the API's English line as its title.
                        const condition = [...result.tested.all, ...result.tested.any][i];
                        return (
                          <li key={i} title={reason}>
                            {condition ? `${reason.slice(0, 1)} ${conditionText(condition, props.choices)}` : reason}
                          </li>
                        );
                      })}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
