// Writes src/skill/slot-values.json: every spoken form (value and synonym) of the English slot types, with its id,
// taken from the en-US and en-GB interaction models. The skill answers Alexa's CanFulfillIntentRequest with it when
// a slot arrives without entity resolution, as in Amazon's documented example of that request.
// `npx tsx scripts/slot-values.ts` writes it; `--check` exits 1 when the file differs from what it would write.
import { readCommandLine } from '../src/command-line';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, normalise } from '../src/console/matcher';

export const SLOT_VALUES_FILE = join(__dirname, '..', 'src', 'skill', 'slot-values.json');

/** The locales whose models feed the table: name-free routing and CanFulfillIntentRequest are English-only. */
export const NAME_FREE_LOCALES = ['en-US', 'en-GB'] as const;

/** Slot type name to value id to its spoken forms, over every English model; a spoken form with two ids is an error. */
export function slotValues(): Record<string, Record<string, string[]>> {
  const table = new Map<string, Map<string, string>>();
  for (const locale of NAME_FREE_LOCALES) {
    for (const type of loadModel(locale).interactionModel.languageModel.types ?? []) {
      const forms = table.get(type.name) ?? new Map<string, string>();
      table.set(type.name, forms);
      for (const value of type.values) {
        const id = value.id ?? value.name.value;
        for (const spoken of [value.name.value, ...(value.name.synonyms ?? [])].map(normalise)) {
          const known = forms.get(spoken);
          if (known !== undefined && known !== id) throw new Error(`"${spoken}" is both ${known} and ${id} in ${type.name}`);
          forms.set(spoken, id);
        }
      }
    }
  }
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const result: Record<string, Record<string, string[]>> = {};
  for (const [type, forms] of [...table].sort(([a], [b]) => byCode(a, b))) {
    const ids: Record<string, string[]> = {};
    for (const [spoken, id] of [...forms].sort(([a], [b]) => byCode(a, b))) (ids[id] ??= []).push(spoken);
    result[type] = Object.fromEntries(Object.entries(ids).sort(([a], [b]) => byCode(a, b)));
  }
  return result;
}

export const renderSlotValues = (): string => `${JSON.stringify({ en: slotValues() }, null, 2)}\n`;

const USAGE =
  'Usage: npm run slot-values [-- --check]\n\nWrites src/skill/slot-values.json from the interaction models; with --check, exits 1 when it is stale.\n';

if (require.main === module) {
  const text = renderSlotValues();
  if (readCommandLine(USAGE, { check: { type: 'boolean', default: false } }).values.check) {
    let current = '';
    try {
      current = readFileSync(SLOT_VALUES_FILE, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      process.stderr.write('src/skill/slot-values.json is stale: run `npx tsx scripts/slot-values.ts`.\n');
      process.exit(1);
    }
  } else {
    writeFileSync(SLOT_VALUES_FILE, text);
  }
}
