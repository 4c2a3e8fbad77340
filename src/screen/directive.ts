import type { RequestEnvelope, interfaces } from 'ask-sdk-model';
import type Document from './document.json';
import { once } from '../once';
import { readJsonBeside } from '../read-json';
import type { ScreenView } from './view';

export const APL_INTERFACE = 'Alexa.Presentation.APL';
export const RENDER_DOCUMENT = 'Alexa.Presentation.APL.RenderDocument';
export const USER_EVENT = 'Alexa.Presentation.APL.UserEvent';

/** An emergency stays on screen: the device does not fall back to its home screen for ten minutes. */
const EMERGENCY_IDLE_MS = 600_000;
/** The APL document, read when a device with a screen first asks: a speaker never needs it. */
const documents = once(() => {
  const document = readJsonBeside(__dirname, 'document.json') as typeof Document;
  return { document, emergency: { ...document, settings: { ...document.settings, idleTimeout: EMERGENCY_IDLE_MS } } };
});

/** True only when the device says it has a screen that runs APL; speakers get no screen directive at all. */
export function supportsScreen(envelope: RequestEnvelope): boolean {
  const interfaces: unknown = envelope?.context?.System?.device?.supportedInterfaces;
  return typeof interfaces === 'object' && interfaces !== null && APL_INTERFACE in interfaces;
}

export function renderDirective(view: ScreenView, token: string): interfaces.alexa.presentation.apl.RenderDocumentDirective {
  return {
    type: RENDER_DOCUMENT,
    token,
    document: view.kind === 'emergency' ? documents().emergency : documents().document,
    datasources: { screen: { ...view } },
  };
}
