import { eq } from "drizzle-orm";
import { surveySettings } from "../../../schema";
import type { TenantScope } from "../tenancy/scope";

export type SurveySettings = Omit<typeof surveySettings.$inferSelect, "tenantId" | "updatedAt">;

/** A workspace that never saved its settings gets these: surveys on, a day after the solve. */
export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  enabled: true,
  delayMinutes: 24 * 60,
  scale: "good_bad",
  question: null,
  allowComment: true,
  language: "auto",
  resendAfterReopen: false,
};

export async function getSurveySettings(scope: TenantScope): Promise<SurveySettings> {
  const row = await scope.db.query.surveySettings.findFirst({ where: eq(surveySettings.tenantId, scope.tenantId) });
  if (!row) return DEFAULT_SURVEY_SETTINGS;
  const { tenantId: _tenant, updatedAt: _updated, ...settings } = row;
  return settings;
}

/** Changes apply to surveys not yet sent (a sent survey keeps its scale). */
export async function putSurveySettings(scope: TenantScope, settings: SurveySettings, now = new Date()): Promise<SurveySettings> {
  const row = { ...settings, updatedAt: now };
  await scope.db
    .insert(surveySettings)
    .values({ tenantId: scope.tenantId, ...row })
    .onConflictDoUpdate({ target: surveySettings.tenantId, set: row });
  return getSurveySettings(scope);
}
