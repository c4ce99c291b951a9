import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import { ifMatchOf } from "../../versioning";
import type { Trigger } from "./admin-types";
import { loadRuleChoices } from "./rule-choices";
import { RuleList } from "./rule-list";
import { SettingsPage } from "./settings-layout";
import { TriggerForm } from "./trigger-form";
import { conditionsText } from "./trigger-summary";
import { ruleLabels } from "./trigger-words";
import "./triggers.css";

const text = messages({
  en: {
    intro: "Triggers run from the top whenever a ticket event they listen to happens: each one whose conditions hold acts on the ticket, once per event, and the ticket's history names it.",
    title: "Triggers, in order",
    add: "New trigger",
    fired: (count: number, when: string) => `Fired ${count} ${count === 1 ? "time" : "times"}, last ${when}`,
    never: "Never fired",
    empty: "No triggers yet. Create one to route, prioritise or answer tickets as they arrive.",
    limit: "At most 100 triggers per workspace.",
  },
  "zh-CN": {
    intro: "发生触发器所监听的工单事件时，按从上到下的顺序运行：条件满足的触发器会对工单执行动作（每个事件一次），并在工单历史中注明触发器名称。",
    title: "触发器（按顺序）",
    add: "新建触发器",
    fired: (count: number, when: string) => `已触发 ${count} 次，最近一次 ${when}`,
    never: "从未触发",
    empty: "还没有触发器。创建一个，在工单到达时自动分派、设置优先级或回复。",
    limit: "每个工作区最多 100 个触发器。",
  },
});

async function loadTriggers() {
  const [triggers, choices] = await Promise.all([data(api.triggers.$get()), loadRuleChoices()]);
  return { triggers: triggers.items, choices };
}

/** /settings/triggers: the shared rule list (on/off, order, fired counts) with each trigger's events and conditions, and the trigger form. */
export function TriggersPage() {
  const t = text();
  const resource = useResource(loadTriggers);
  return (
    <SettingsPage section="triggers" intro={t.intro}>
      <Loaded resource={resource}>
        {({ triggers, choices }) => (
          <RuleList<Trigger>
            kind="trigger"
            rules={triggers}
            max={100}
            words={t}
            lines={(trigger) => (
              <>
                <p class="muted">{trigger.events.map((e) => ruleLabels().event[e]).join(" · ")}</p>
                <p class="muted rule-summary">{conditionsText(trigger.conditions, choices)}</p>
              </>
            )}
            form={(trigger, done) => <TriggerForm key={trigger?.updatedAt} trigger={trigger} choices={choices} {...done} />}
            setActive={(trigger, active) => data(api.triggers[":id"].$patch({ param: { id: trigger.id }, header: { "if-match": ifMatchOf(trigger) }, json: { active } }))}
            order={(ids) => data(api.triggers.order.$put({ json: { ids } }))}
            remove={(trigger) => data(api.triggers[":id"].$delete({ param: { id: trigger.id } }))}
            reload={resource.reload}
          />
        )}
      </Loaded>
    </SettingsPage>
  );
}
