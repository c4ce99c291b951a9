import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Field, FormFooter, useSubmit } from "../../ui/form";
import { formError } from "./field-errors";

const METHODS = ["off", "round_robin", "least_open"] as const;
const SKILL_MODES = ["none", "tags", "languages", "tags_and_languages"] as const;
type Method = (typeof METHODS)[number];
type Skills = (typeof SKILL_MODES)[number];
interface Settings {
  method: Method;
  cap: number | null;
  skills: Skills;
  calendarId: string | null;
  returnToPoolMinutes: number | null;
}

const text = messages({
  en: {
    title: "Automatic assignment",
    method: "Method",
    methodName: (m: Method) => ({ off: "Off", round_robin: "Round-robin (each available member in turn)", least_open: "Fewest open tickets" })[m],
    cap: "Most new and open tickets per agent",
    capHint: "Empty: no limit. A ticket waits until an agent has room.",
    skills: "Match skills",
    skillName: (m: Skills) => ({ none: "No", tags: "Tags", languages: "Customer language", tags_and_languages: "Tags and customer language" })[m],
    calendar: "Business hours",
    roundTheClock: "Round the clock",
    returnAfter: "Return an away agent's unanswered tickets after (minutes)",
    returnHint: "Empty: never.",
    save: "Save assignment",
    saved: "Saved.",
  },
  "zh-CN": {
    title: "自动分配",
    method: "方式",
    methodName: (m: Method) => ({ off: "关闭", round_robin: "轮流分配（在线成员依次接单）", least_open: "未结工单最少者优先" })[m],
    cap: "每位客服最多的新建和处理中工单数",
    capHint: "留空表示不限。没有客服有空位时，工单排队等待。",
    skills: "按技能匹配",
    skillName: (m: Skills) => ({ none: "不匹配", tags: "标签", languages: "客户语言", tags_and_languages: "标签和客户语言" })[m],
    calendar: "工作时间",
    roundTheClock: "全天候",
    returnAfter: "客服离开多久后退回其未答复的工单（分钟）",
    returnHint: "留空表示从不退回。",
    save: "保存分配设置",
    saved: "已保存。",
  },
});

/** A select of fixed values, each shown by its name. */
function Choice<T extends string>(props: { id: string; "aria-label"?: string; values: readonly T[]; name: (value: T) => string; value: T; onChange: (value: T) => void }) {
  return (
    <select id={props.id} aria-label={props["aria-label"]} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
      {props.values.map((v) => (
        <option key={v} value={v}>
          {props.name(v)}
        </option>
      ))}
    </select>
  );
}

const numberOrNull = (value: string) => (value.trim() === "" ? null : Number(value));

/** A group's automatic assignment (GET/PUT /groups/{id}/assignment), on the group's card. */
export function GroupAssignmentForm(props: { groupId: string; groupName: string }) {
  const t = text();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [calendars, setCalendars] = useState<{ id: string; name: string }[]>([]);
  const [cap, setCap] = useState("");
  const [returnAfter, setReturnAfter] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    Promise.all([data(api.groups[":id"].assignment.$get({ param: { id: props.groupId } })), data(api["business-calendars"].$get())]).then(([s, c]) => {
      setSettings(s);
      setCap(s.cap === null ? "" : String(s.cap));
      setReturnAfter(s.returnToPoolMinutes === null ? "" : String(s.returnToPoolMinutes));
      setCalendars(c.items);
    });
  }, [props.groupId]);
  const save = useSubmit(
    () => data(api.groups[":id"].assignment.$put({ param: { id: props.groupId }, json: { ...settings!, cap: numberOrNull(cap), returnToPoolMinutes: numberOrNull(returnAfter) } })),
    () => setSaved(true),
  );
  if (!settings) return null;
  const change = (patch: Partial<Settings>) => {
    setSaved(false);
    setSettings({ ...settings, ...patch });
  };
  const label = (what: string) => `${what}: ${props.groupName}`;
  return (
    <form class="group-assignment" onSubmit={save.submit} noValidate>
      <h4>{t.title}</h4>
      <Field label={t.method} error={save.fields.method}>
        {(id) => (
          <Choice id={id} aria-label={label(t.method)} values={METHODS} name={t.methodName} value={settings.method} onChange={(method) => change({ method })} />
        )}
      </Field>
      {settings.method !== "off" && (
        <>
          <Field label={t.cap} hint={t.capHint} error={save.fields.cap}>
            {(id, describedBy) => <input id={id} type="number" min={1} aria-describedby={describedBy} value={cap} onInput={(e) => (setSaved(false), setCap(e.currentTarget.value))} />}
          </Field>
          <Field label={t.skills} error={save.fields.skills}>
            {(id) => (
              <Choice id={id} values={SKILL_MODES} name={t.skillName} value={settings.skills} onChange={(skills) => change({ skills })} />
            )}
          </Field>
          <Field label={t.calendar} error={save.fields.calendarId}>
            {(id) => (
              <select id={id} value={settings.calendarId ?? ""} onChange={(e) => change({ calendarId: e.currentTarget.value || null })}>
                <option value="">{t.roundTheClock}</option>
                {calendars.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t.returnAfter} hint={t.returnHint} error={save.fields.returnToPoolMinutes}>
            {(id, describedBy) => <input id={id} type="number" min={1} aria-describedby={describedBy} value={returnAfter} onInput={(e) => (setSaved(false), setReturnAfter(e.currentTarget.value))} />}
          </Field>
        </>
      )}
      <FormFooter busy={save.busy} error={formError(save)} label={t.save}>
        {saved && <span role="status">{t.saved}</span>}
      </FormFooter>
    </form>
  );
}
