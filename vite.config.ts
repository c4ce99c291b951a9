import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The web app: built from web/ into dist/web, which the Worker serves as static assets.
// `npm run dev:web` serves it with hot reload on :5173, passing the API and the survey pages
// through to `npm run dev` on :8787 (or on $PORT: `PORT=8790 npm run dev:web` beside
// `PORT=8790 npm run dev`).
const worker = `http://localhost:${process.env.PORT ?? 8787}`;

export default defineConfig({
  root: "web",
  plugins: [preact()],
  build: { outDir: "../dist/web", emptyOutDir: true, target: "es2022", sourcemap: true },
  server: {
    port: 5173,
    proxy: { "/api": worker, "/survey": worker },
  },
});
