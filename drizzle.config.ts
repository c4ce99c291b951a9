import { defineConfig } from "drizzle-kit";

// drizzle-kit only GENERATES SQL here; wrangler applies it (`wrangler d1 migrations apply`).
export default defineConfig({
  dialect: "sqlite",
  schema: "./schema/index.ts",
  out: "./schema/migrations",
});
