import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import { settingsPath, type SettingsSection } from "./settings-layout";
import "./admin.css";

const text = messages({
  en: {
    title: "Set up your helpdesk",
    intro: "A few steps and you are answering tickets. Each one shows as done once Kefu sees it in your settings.",
    progress: (done: number, all: number) => `${done} of ${all} done`,
    done: "Done",
    todo: "To do",
    open: "Open",
    addressTitle: "Add your support address",
    addressBody: "Add the address customers write to and forward its mail to Kefu. Your built-in address works right away.",
    hoursTitle: "Set your business hours",
    hoursBody: "Create a business calendar, so deadlines count working time. Your first calendar becomes the workspace default.",
    slaTitle: "Pick SLA targets",
    slaBody: "Start from a preset, e.g. every email answered within 24 hours.",
    surveyTitle: "Turn on satisfaction surveys",
    surveyBody: "Customers get a one-click question after their ticket is solved.",
    inviteTitle: "Invite an agent",
    inviteBody: "Bring a colleague into the workspace.",
    allDone: "All set. Your helpdesk is ready.",
  },
  "zh-CN": {
    title: "设置您的客服中心",
    intro: "完成几个步骤即可开始处理工单。Kefu 在设置中检测到某一步已完成时，会将其标记为完成。",
    progress: (done: number, all: number) => `已完成 ${done} / ${all}`,
    done: "已完成",
    todo: "待完成",
    open: "前往",
    addressTitle: "添加客服邮箱",
    addressBody: "添加客户来信的邮箱地址，并把它的邮件转发到 Kefu。内置地址可立即使用。",
    hoursTitle: "设置工作时间",
    hoursBody: "创建工作日历，截止时间将只计算工作时间。您的第一个日历会自动成为工作区默认日历。",
    slaTitle: "选择 SLA 目标",
    slaBody: "从预设开始，例如“每封邮件 24 小时内回复”。",
    surveyTitle: "开启满意度调查",
    surveyBody: "工单解决后，客户会收到一键评价的问卷。",
    inviteTitle: "邀请客服",
    inviteBody: "邀请同事加入工作区。",
    allDone: "全部完成，您的客服中心已就绪。",
  },
});

/** Reads what the checklist needs, all at once. */
async function loadSetup() {
  const [addresses, deliveries, calendars, slaSettings, policies, surveys, users, invitations] = await Promise.all([
    data(api["support-addresses"].$get()),
    data(api["mail-deliveries"].$get({ query: { limit: "50" } })),
    data(api["business-calendars"].$get()),
    data(api["sla-settings"].$get()),
    data(api["sla-policies"].$get()),
    data(api["survey-settings"].$get()),
    data(api.users.$get()),
    data(api.invitations.$get()),
  ]);
  const defaultCalendar = slaSettings.defaultCalendarId;
  return {
    // Your own address added, or mail has come in (a ticket made or joined; a test email counts).
    address: addresses.items.some((a) => !a.builtIn || a.lastReceivedAt !== null) || deliveries.items.some((d) => d.outcome === "ticket_created" || d.outcome === "appended"),
    hours: defaultCalendar !== null && calendars.items.some((c) => c.id === defaultCalendar),
    sla: policies.items.length > 0,
    surveys: surveys.enabled,
    invite: users.items.length > 1 || invitations.items.some((i) => !i.revokedAt),
  };
}

type Step = { key: keyof Awaited<ReturnType<typeof loadSetup>>; section: SettingsSection; title: "addressTitle" | "hoursTitle" | "slaTitle" | "surveyTitle" | "inviteTitle"; body: "addressBody" | "hoursBody" | "slaBody" | "surveyBody" | "inviteBody" };
const STEPS: Step[] = [
  { key: "address", section: "addresses", title: "addressTitle", body: "addressBody" },
  { key: "hours", section: "calendars", title: "hoursTitle", body: "hoursBody" },
  { key: "sla", section: "sla", title: "slaTitle", body: "slaBody" },
  { key: "surveys", section: "surveys", title: "surveyTitle", body: "surveyBody" },
  { key: "invite", section: "team", title: "inviteTitle", body: "inviteBody" },
];

/** The setup checklist: where sign-up lands; each step's state comes from the API. */
export function SetupPage() {
  const t = text();
  const resource = useResource(loadSetup);
  return (
    <div class="setup">
      <h1>{t.title}</h1>
      <p class="muted intro">{t.intro}</p>
      <Loaded resource={resource}>
        {(state) => {
          const done = STEPS.filter((s) => state[s.key]).length;
          return (
            <>
              <p>
                <progress max={STEPS.length} value={done} aria-label={t.progress(done, STEPS.length)} /> {t.progress(done, STEPS.length)}
              </p>
              {done === STEPS.length && <p class="notice ok">{t.allDone}</p>}
              <ol class="checklist">
                {STEPS.map((step) => (
                  <li key={step.key} class={`panel${state[step.key] ? " done" : ""}`}>
                    <div class="checklist-head">
                      <h2>{t[step.title]}</h2>
                      <span class={`badge ${state[step.key] ? "ok" : "warn"}`}>{state[step.key] ? `✓ ${t.done}` : t.todo}</span>
                    </div>
                    <p>{t[step.body]}</p>
                    <a class="button-link" href={settingsPath(step.section)}>
                      {t.open}: {t[step.title]}
                    </a>
                  </li>
                ))}
              </ol>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
