import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The web app: built from web/ into dist/web, which the Worker serves as static assets.
export default defineConfig({
  root: "web",
  plugins: [preact()],
  build: { outDir: "../dist/web", emptyOutDir: true, target: "es2022", sourcemap: true },
});
