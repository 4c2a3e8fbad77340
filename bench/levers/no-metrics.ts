import type * as Metrics from '../../src/skill/metrics';

/** src/skill/metrics.ts with nothing counted or written: the bundle without the operator's metric lines. */
export const countTurn: typeof Metrics.countTurn = () => ({});
export const countSessionEnd: typeof Metrics.countSessionEnd = () => ({});
export const countExchange: typeof Metrics.countExchange = () => ({});
export const emitMetrics: typeof Metrics.emitMetrics = () => undefined;
export const keepCounts: typeof Metrics.keepCounts = () => undefined;
export const keptCounts: typeof Metrics.keptCounts = () => ({});
