import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitWithUsage, readCommandLine } from '../src/command-line';
import { SUPPORTED_LOCALES } from '../src/i18n/locales';

export const MANIFEST_FILE = join(__dirname, '..', 'skill-package', 'skill.json');

interface Manifest {
  manifest: {
    privacyAndCompliance: { locales?: Record<string, { privacyPolicyUrl: string; termsOfUseUrl: string }> } & Record<string, unknown>;
  };
}

/** A public https address, as certification opens it: not a placeholder. */
export function documentUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`The ${what} address "${text}" is not a URL.`);
  }
  if (url.protocol !== 'https:') throw new Error(`The ${what} address must be https, not ${url.protocol}`);
  if (/(^|\.)(example\.(com|org|net)|localhost)$/.test(url.hostname))
    throw new Error(`The ${what} address is a placeholder: ${url.hostname}`);
  return url.href;
}

/** The manifest with the same two documents for every locale: the one place their addresses are set. */
export function withDocuments(manifest: Manifest, privacyPolicyUrl: string, termsOfUseUrl: string): Manifest {
  const locales = Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, { privacyPolicyUrl, termsOfUseUrl }]));
  return { ...manifest, manifest: { ...manifest.manifest, privacyAndCompliance: { ...manifest.manifest.privacyAndCompliance, locales } } };
}

const USAGE = `Usage: npm run documents -- --privacy <https://…> --terms <https://…>
       npm run documents -- --check

Sets the privacy policy and terms of use addresses for every locale in skill-package/skill.json: where you publish
docs/privacy-policy.md and docs/terms-of-use.md (for example their GitHub pages). Certification needs both.
With --check, exits 1 when they are not set.
`;

if (require.main === module) {
  const { values } = readCommandLine(USAGE, {
    privacy: { type: 'string' },
    terms: { type: 'string' },
    check: { type: 'boolean', default: false },
  });
  const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;
  if (values.check) {
    const set = SUPPORTED_LOCALES.every((locale) => manifest.manifest.privacyAndCompliance.locales?.[locale]);
    console.log(
      set
        ? 'Privacy policy and terms of use are set for every locale.'
        : 'Not set: run npm run documents -- --privacy <url> --terms <url>.',
    );
    process.exit(set ? 0 : 1);
  }
  if (!values.privacy || !values.terms) exitWithUsage(USAGE, 'Both --privacy and --terms are needed.');
  try {
    const next = withDocuments(manifest, documentUrl(values.privacy, 'privacy policy'), documentUrl(values.terms, 'terms of use'));
    writeFileSync(MANIFEST_FILE, `${JSON.stringify(next, null, 2)}\n`);
    console.log(`Set the privacy policy and terms of use for ${SUPPORTED_LOCALES.length} locales in skill-package/skill.json.`);
  } catch (error) {
    exitWithUsage(USAGE, (error as Error).message);
  }
}
