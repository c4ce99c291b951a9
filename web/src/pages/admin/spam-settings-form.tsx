import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import type { SpamSettings } from "./admin-types";
import { errorsUnder, formError } from "./field-errors";

const text = messages({
  en: {
    rules: "Spam score",
    threshold: "Spam score threshold",
    thresholdHint: "Mail scoring at or above this goes to the spam view. Empty: no score check.",
    header: "Score header",
    headerHint: "The header your mail route writes the score into.",
    blockList: "Block list",
    blockHint: "Mail from these addresses or @domains always goes to the spam view.",
    entry: "Address or @domain",
    add: "Block",
    remove: (entry: string) => `Unblock ${entry}`,
    none: "Nobody is blocked.",
  },
  "zh-CN": {
    rules: "垃圾邮件评分",
    threshold: "垃圾邮件分数阈值",
    thresholdHint: "分数达到或超过此值的邮件进入垃圾邮件视图。留空则不检查分数。",
    header: "分数所在的邮件头",
    headerHint: "您的邮件路由写入分数的邮件头。",
    blockList: "黑名单",
    blockHint: "来自这些地址或 @域名 的邮件总是进入垃圾邮件视图。",
    entry: "地址或 @域名",
    add: "加入黑名单",
    remove: (entry: string) => `移出黑名单 ${entry}`,
    none: "黑名单为空。",
  },
});

const put = (json: SpamSettings) => data(api["spam-settings"].$put({ json }));

/** The score threshold and header (saved together), and the block list (each change saved at once). */
export function SpamSettingsForm(props: { settings: SpamSettings; onSaved: () => void }) {
  const t = text();
  const ui = uiText();
  const s = props.settings;
  const [threshold, setThreshold] = useState(s.scoreThreshold === null ? "" : String(s.scoreThreshold));
  const [header, setHeader] = useState(s.scoreHeader);
  const [entry, setEntry] = useState("");
  const flash = useFlash();
  const rules = useSubmit(
    () => put({ ...s, scoreThreshold: threshold.trim() === "" ? null : Number(threshold), scoreHeader: header }),
    () => {
      flash.show(ui.saved);
      props.onSaved();
    },
  );
  const block = useSubmit(
    () => put({ ...s, blockList: [...s.blockList, entry.trim()] }),
    () => {
      setEntry("");
      props.onSaved();
    },
  );
  const [unblockError, setUnblockError] = useState<string | null>(null);
  return (
    <>
      <form class="panel" onSubmit={rules.submit} noValidate>
        <h2>{t.rules}</h2>
        <div class="inline-form">
          <TextField label={t.threshold} hint={t.thresholdHint} type="number" value={threshold} onInput={setThreshold} error={rules.fields.scoreThreshold} />
          <TextField label={t.header} hint={t.headerHint} value={header} onInput={setHeader} error={rules.fields.scoreHeader} />
        </div>
        <FormFooter busy={rules.busy} error={formError(rules)}>
          <Flash message={flash.message} />
        </FormFooter>
      </form>
      <section class="panel">
        <h2>{t.blockList}</h2>
        <p class="muted">{t.blockHint}</p>
        {s.blockList.length === 0 ? (
          <p class="muted">{t.none}</p>
        ) : (
          <ul class="date-list">
            {s.blockList.map((item) => (
              <li key={item}>
                <span>{item}</span>
                <button type="button" aria-label={t.remove(item)} onClick={() => void put({ ...s, blockList: s.blockList.filter((b) => b !== item) }).then(props.onSaved, (e: Error) => setUnblockError(e.message))}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        {unblockError && (
          <p class="field-error" role="alert">
            {unblockError}
          </p>
        )}
        <form class="inline-form" onSubmit={block.submit} noValidate>
          <TextField label={t.entry} value={entry} onInput={setEntry} placeholder="spammer@example.com / @example.com" error={errorsUnder(block.fields, "blockList")} />
          <FormFooter busy={block.busy} error={formError(block)} label={t.add} />
        </form>
      </section>
    </>
  );
}
