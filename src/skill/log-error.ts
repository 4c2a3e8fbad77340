import type { RequestEnvelope } from 'ask-sdk-model';
import { reportError } from './error-report';
import { describeRequest, logRequest } from './log';
import { emitMetrics } from './metrics';
import { ruleNames } from './rule-names';

/** A request that failed: its log line with the error report, and the error counted for the operator. */
export function logError(error: unknown, envelope: RequestEnvelope): void {
  const report = reportError(error, envelope, ruleNames());
  logRequest({ ...describeRequest(envelope, ruleNames), ...report });
  emitMetrics(envelope.request?.locale, { error: report.error });
}
