import { rules } from '../rules';

/**
 * The names an error message might carry that would tell what the listener answered or was told: every question,
 * cause and description id. Hidden from the log (src/skill/error-report.ts); none if the rules cannot load.
 */
export function ruleNames(): string[] {
  try {
    return [...rules.questions.map((q) => q.id), ...rules.causes.map((c) => c.id), ...rules.descriptionIds];
  } catch {
    return [];
  }
}
