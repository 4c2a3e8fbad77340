// The parts of nlp.js (https://github.com/axa-group/nlp.js) the console's intent classifier uses; the packages ship
// no types of their own.
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
  }
  export function containerBootstrap(): Promise<Container>;
}

declare module '@nlpjs/nlu' {
  import type { Container } from '@nlpjs/core';
  export interface Classification {
    intent: string;
    score: number;
  }
  export class NluNeural {
    constructor(settings: { container: Container; locale: string; log: boolean });
    train(corpus: readonly { utterance: string; intent: string }[], settings?: { deltaErrorThresh?: number }): Promise<unknown>;
    process(utterance: string): Promise<{ classifications: Classification[] }>;
  }
}

declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-de' {
  export const LangDe: unknown;
}
declare module '@nlpjs/lang-es' {
  export const LangEs: unknown;
}
declare module '@nlpjs/lang-fr' {
  export const LangFr: unknown;
}
declare module '@nlpjs/lang-it' {
  export const LangIt: unknown;
}
declare module '@nlpjs/lang-pt' {
  export const LangPt: unknown;
}
declare module '@nlpjs/lang-nl' {
  export const LangNl: unknown;
}
declare module '@nlpjs/lang-ja' {
  export const LangJa: unknown;
}
declare module '@nlpjs/lang-hi' {
  export const LangHi: unknown;
}
declare module '@nlpjs/lang-ar' {
  export const LangAr: unknown;
}
