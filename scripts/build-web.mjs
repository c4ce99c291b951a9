// Builds the static assets the Worker serves (wrangler.toml [assets] → dist/web):
// the files in web/public plus Swagger UI for the API reference page.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = "dist/web";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/vendor/swagger-ui`, { recursive: true });
cpSync("web/public", out, { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) cpSync(`node_modules/swagger-ui-dist/${file}`, `${out}/vendor/swagger-ui/${file}`);
console.log(`built ${out}`);
