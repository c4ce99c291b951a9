import { useEffect, useState } from "preact/hooks";
import { mergeHolidayDates, type HolidayDates } from "../../../../workers/core/sla/holiday-merge";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";

const text = messages({
  en: {
    legend: "Import holidays",
    hint: "Imported dates are added to the lists above; save the calendar to keep them.",
    importSchedule: (year: number) => `Import China public holidays ${year}`,
    notPublished: (year: number) => `China ${year}: not published yet (the State Council usually announces it in November or December).`,
    source: "Source",
    importFile: "Import .ics",
    url: "Link to an .ics file",
    importUrl: "Import from link",
    added: (holidays: number, workdays: number) => `Imported ${holidays} holiday ${holidays === 1 ? "entry" : "entries"} and ${workdays} make-up working ${workdays === 1 ? "day" : "days"}. Save to keep them.`,
  },
  "zh-CN": {
    legend: "导入节假日",
    hint: "导入的日期会加入上面的列表；保存日历后生效。",
    importSchedule: (year: number) => `导入 ${year} 年中国法定节假日`,
    notPublished: (year: number) => `中国 ${year} 年：尚未公布（国务院通常在前一年 11 月或 12 月发布）。`,
    source: "来源",
    importFile: "导入 .ics",
    url: ".ics 文件链接",
    importUrl: "从链接导入",
    added: (holidays: number, workdays: number) => `已导入 ${holidays} 项节假日和 ${workdays} 个调休上班日。保存后生效。`,
  },
});

type Schedule = Awaited<ReturnType<typeof loadSchedules>>[number];
const loadSchedules = async () => (await data(api["public-holiday-schedules"].$get())).items;

/** Buttons that merge official public holidays or an .ics file's holidays into the calendar being edited. */
export function HolidayImport(props: { value: HolidayDates; onImport: (next: HolidayDates) => void }) {
  const t = text();
  const [schedules, setSchedules] = useState<Schedule[]>([]);
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    loadSchedules().then(setSchedules, () => setSchedules([]));
  }, []);

  const run = async (read: () => Promise<HolidayDates>) => {
    setBusy(true);
    setStatus(null);
    try {
      const imported = await read();
      props.onImport(mergeHolidayDates(props.value, imported));
      setStatus({ ok: true, text: t.added(imported.holidays.length, imported.workdays.length) });
    } catch (error) {
      setStatus({ ok: false, text: error instanceof ApiError ? (Object.values(error.fields)[0] ?? error.message) : String(error) });
    } finally {
      setBusy(false);
    }
  };
  const fromIcs = (body: { ics: string } | { url: string }) => run(() => data(api["holiday-imports"].$post({ json: body })));

  return (
    <fieldset class="dates-editor holiday-import">
      <legend>{t.legend}</legend>
      <small class="hint">{t.hint}</small>
      <div class="row">
        {schedules.map((s) =>
          s.published ? (
            <button key={s.id} type="button" disabled={busy} onClick={() => run(async () => s)} title={s.source ? `${t.source}: ${s.source.title}` : undefined}>
              {t.importSchedule(s.year)}
            </button>
          ) : (
            <small key={s.id} class="muted">
              {t.notPublished(s.year)}
            </small>
          ),
        )}
      </div>
      <div class="row">
        <label class="inline-label">
          {t.importFile}{" "}
          <input
            type="file"
            accept=".ics,text/calendar"
            disabled={busy}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = "";
              if (file) void file.text().then((ics) => fromIcs({ ics }));
            }}
          />
        </label>
      </div>
      <div class="row">
        <input type="url" aria-label={t.url} placeholder="https://…/holidays.ics" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <button type="button" disabled={busy || !url} onClick={() => fromIcs({ url })}>
          {t.importUrl}
        </button>
      </div>
      {status && (
        <p class={status.ok ? "import-status" : "field-error"} role={status.ok ? "status" : "alert"}>
          {status.text}
        </p>
      )}
    </fieldset>
  );
}
