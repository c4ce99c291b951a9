import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import type { Calendar } from "./admin-types";
import { CalendarEditor } from "./calendar-editor";
import { calendarText } from "./calendar-words";
import { SettingsPage } from "./settings-layout";
import { weeklySummary } from "./weekly-editor";

const text = messages({
  en: {
    intro: "Deadlines count business minutes in a calendar: the one a policy names, else the workspace default. Without a default, the clock runs round the clock.",
    add: "New calendar",
    edit: "Edit",
    makeDefault: "Make workspace default",
    isDefault: "Workspace default",
    noDefault: "No default calendar: deadlines count round the clock.",
    clearDefault: "Count round the clock instead",
    defaultSet: "Default calendar set. Open tickets' deadlines are being recomputed.",
    firstIsDefault: "Saved. As your first calendar it is now the workspace default: deadlines count its hours.",
    empty: "No business calendars yet. Create one with your office hours.",
    holidays: (n: number) => `${n} holidays`,
    workdays: (n: number) => `${n} make-up days`,
  },
  "zh-CN": {
    intro: "截止时间按工作日历计算工作分钟：优先使用策略指定的日历，否则使用工作区默认日历。没有默认日历时按全天候计时。",
    add: "新建日历",
    edit: "编辑",
    makeDefault: "设为工作区默认",
    isDefault: "工作区默认",
    noDefault: "未设置默认日历：截止时间按全天候计算。",
    clearDefault: "改为全天候计时",
    defaultSet: "默认日历已设置。正在重新计算未结工单的截止时间。",
    firstIsDefault: "已保存。这是您的第一个日历，已自动设为工作区默认：截止时间按它的工作时间计算。",
    empty: "还没有工作日历。请用您的办公时间创建一个。",
    holidays: (n: number) => `${n} 个节假日`,
    workdays: (n: number) => `${n} 个调休上班日`,
  },
});

async function loadCalendars() {
  const [calendars, settings] = await Promise.all([data(api["business-calendars"].$get()), data(api["sla-settings"].$get())]);
  return { calendars: calendars.items, settings };
}

export function CalendarsPage() {
  const t = text();
  const c = calendarText();
  const ui = uiText();
  const resource = useResource(loadCalendars);
  const [editing, setEditing] = useState<Calendar | "new" | null>(null);
  const flash = useFlash(6000);
  const [defaultError, setDefaultError] = useState<string | null>(null);
  const setDefault = async (id: string | null) => {
    const settings = resource.data?.settings;
    if (!settings) return;
    setDefaultError(null);
    try {
      await data(api["sla-settings"].$put({ json: { ...settings, defaultCalendarId: id } }));
      flash.show(t.defaultSet);
      resource.reload();
    } catch (e) {
      setDefaultError((e as Error).message);
    }
  };
  // The API makes the workspace's first calendar its default and says so.
  const saved = (calendar: Calendar & { becameDefault?: boolean }) => {
    setEditing(null);
    flash.show(calendar.becameDefault ? t.firstIsDefault : ui.saved);
    resource.reload();
  };
  return (
    <SettingsPage section="calendars" intro={t.intro}>
      <div class="row page-actions">
        <button type="button" class="primary" onClick={() => setEditing("new")} disabled={editing === "new"}>
          + {t.add}
        </button>
        <Flash message={flash.message} />
        {defaultError && (
          <span class="field-error" role="alert">
            {defaultError}
          </span>
        )}
      </div>
      {editing === "new" && <CalendarEditor calendar={null} onSaved={saved} onCancel={() => setEditing(null)} />}
      <Loaded resource={resource}>
        {({ calendars, settings }) => (
          <>
            {settings.defaultCalendarId === null && <p class="notice">{t.noDefault}</p>}
            {calendars.length === 0 && <p class="empty">{t.empty}</p>}
            {calendars.map((cal) =>
              editing !== "new" && editing?.id === cal.id ? (
                <CalendarEditor key={cal.id} calendar={cal} onSaved={saved} onCancel={() => setEditing(null)} />
              ) : (
                <article key={cal.id} class="panel">
                  <header class="card-head">
                    <h2>{cal.name}</h2>
                    {settings.defaultCalendarId === cal.id && <span class="badge ok">{t.isDefault}</span>}
                  </header>
                  <p class="muted">
                    {cal.timeZone.replace(/_/g, " ")} · {t.holidays(cal.holidays.length)} · {t.workdays(cal.workdays.length)}
                  </p>
                  <p class="weekly-summary">{weeklySummary(cal.weekly, c.closed)}</p>
                  <div class="row">
                    <button type="button" onClick={() => setEditing(cal)}>
                      {t.edit}
                    </button>
                    {settings.defaultCalendarId === cal.id ? (
                      <button type="button" onClick={() => void setDefault(null)}>
                        {t.clearDefault}
                      </button>
                    ) : (
                      <button type="button" onClick={() => void setDefault(cal.id)}>
                        {t.makeDefault}
                      </button>
                    )}
                    <ConfirmButton label={ui.delete} onConfirm={() => data(api["business-calendars"][":id"].$delete({ param: { id: cal.id } })).then(resource.reload)} />
                  </div>
                </article>
              ),
            )}
          </>
        )}
      </Loaded>
    </SettingsPage>
  );
}
