import type { ComponentChildren } from "preact";
import { LanguageSwitch } from "../../ui/language-switch";
import { authText } from "./auth-text";

/** The frame around the sign-in pages: name, tagline, language. */
export function AuthFrame(props: { title: string; children: ComponentChildren }) {
  const t = authText();
  return (
    <main class="auth">
      <header>
        <p class="brand">Kefu 客服</p>
        <LanguageSwitch />
      </header>
      <p class="tagline">{t.tagline}</p>
      <h1>{props.title}</h1>
      {props.children}
    </main>
  );
}
