/**
 * The one error of the write API's boundary (docs/api.md): a reason the tab branches on, the HTTP
 * status it stands for, a sentence for the person, and what else the answer carries.
 */
import type { FieldProblem } from '../../domain/milestone-update.ts';

export type ApiErrorReason = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'precondition-required' | 'throttled' | 'unavailable' | 'internal';

/** The HTTP status of each reason. */
export const API_ERROR_STATUS: Record<ApiErrorReason, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-required': 428,
  throttled: 429,
  unavailable: 503,
  internal: 500,
};

export interface ApiErrorOptions {
  fields?: FieldProblem[];
  retryAfterSeconds?: number;
  /** The WWW-Authenticate header of a 401 or 403. */
  authenticate?: string;
  /** Extra properties of the body beside `error` (a conflict's `current` and `lastUpdate`). */
  extra?: Record<string, unknown>;
  /** The underlying failure, for the log. */
  details?: string;
}

/** A refusal or failure of the write API, as it goes on the wire. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly reason: ApiErrorReason,
    message: string,
    readonly options: ApiErrorOptions = {},
  ) {
    super(message);
  }

  get status(): number {
    return API_ERROR_STATUS[this.reason];
  }

  /** The JSON body: `{ error: { code, message, fields? }, …extra }`. */
  body(): Record<string, unknown> {
    return {
      error: { code: this.reason, message: this.message, ...(this.options.fields ? { fields: this.options.fields } : {}) },
      ...(this.options.extra ?? {}),
    };
  }
}
