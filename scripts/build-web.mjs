// Builds the static assets the Worker serves (wrangler.toml [assets] → dist/web): the web app
// (Vite, from web/) plus Swagger UI for the API reference page.
import { cpSync, mkdirSync } from "node:fs";
import { build } from "vite";

const out = "dist/web";
await build({ logLevel: "warn" });
mkdirSync(`${out}/vendor/swagger-ui`, { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) cpSync(`node_modules/swagger-ui-dist/${file}`, `${out}/vendor/swagger-ui/${file}`);
console.log(`built ${out}`);
