import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import { QuarantinePanel } from "./quarantine-panel";
import { SettingsPage } from "./settings-layout";
import { SpamSettingsForm } from "./spam-settings-form";

const text = messages({
  en: { intro: "Keep junk out of the inbox, and recover mail Kefu could not process." },
  "zh-CN": { intro: "把垃圾邮件挡在收件箱之外，并找回 Kefu 无法处理的邮件。" },
});

const loadSpam = () => data(api["spam-settings"].$get());

export function SpamPage() {
  const resource = useResource(loadSpam);
  return (
    <SettingsPage section="spam" intro={text().intro}>
      <Loaded resource={resource}>{(settings) => <SpamSettingsForm settings={settings} onSaved={resource.reload} />}</Loaded>
      <QuarantinePanel />
    </SettingsPage>
  );
}
