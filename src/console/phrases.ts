import type { Language } from '../i18n/locales';
import ar from './phrases/ar.json';
import de from './phrases/de.json';
import en from './phrases/en.json';
import es from './phrases/es.json';
import fr from './phrases/fr.json';
import hi from './phrases/hi.json';
import it from './phrases/it.json';
import ja from './phrases/ja.json';
import nl from './phrases/nl.json';
import pt from './phrases/pt.json';

/** What the console hears in a language besides the model: wake word, launch and ask templates, everyday words. */
export interface Phrases {
  wake: string[];
  /** "open {name}", "{name}を開いて". */
  launch: string[];
  /** "ask {name} {request}", "{name}で{request}". */
  ask: string[];
  /** Words between the skill's name and the request: "ask leg pain guide *about* …". */
  connectors: string[];
  /** Samples Alexa's built-in intents know without the model listing them. */
  builtIn: Record<string, string[]>;
  fillers: string[];
}

export const phrases: Record<Language, Phrases> = { ar, de, en, es, fr, hi, it, ja, nl, pt };
