import { render } from "preact";
import { App } from "./app";
import { locale } from "./i18n";
import { startLive } from "./live/live-client";
import { startTabTitle } from "./live/tab-title";
import "./style.css";

document.documentElement.lang = locale.value;
startLive();
startTabTitle();
render(<App />, document.getElementById("app")!);
