/** The command line of `node dist/server.js`, and what it says when SKILL_ID is missing. */
export const INSECURE_FLAG = '--insecure-skip-verification';
export const ANY_SKILL_FLAG = '--any-skill-id';
/** Keeps Amazon's signing chains in this file across restarts (docs/certificate-cache.md). */
export const CERT_CACHE_FLAG = '--cert-cache';
export const NO_SKILL_ID =
  `SKILL_ID is not set: this server would answer Amazon-signed requests meant for any other skill. ` +
  `Set SKILL_ID to your skill's id (amzn1.ask.skill.…), or pass ${ANY_SKILL_FLAG} to accept every skill id on purpose.`;
