/**
 * The tab's client for Waymark's write API (docs/api.md): who am I, save an update, read a
 * milestone's history. Every failure is one ApiError whose `reason` the dialog branches on; a
 * conflict carries the milestone as it is now, so the person can re-apply their edit on top.
 */
import type { Milestone, MilestoneStatus, MilestoneUpdate } from '../../domain/records.ts';
import type { Stored } from '../model/plan-index.ts';

/** The caller and what they may do (`GET /api/me`). */
export interface Me {
  upn: string;
  name?: string;
  roles: string[];
  directorates: string[];
  canUpdateAny: boolean;
  /** A sentence saying what the person may update. */
  canUpdate: string;
}

/** What the person changes (the body of `POST /api/milestones/{id}/updates`). */
export interface UpdateRequest {
  status: MilestoneStatus;
  commentary?: string;
  dueDate?: string;
  reason?: { category: string; text: string };
  completedOn?: string;
}

/** A milestone as the API returns it: the record with its item id and eTag. */
export type ApiMilestone = Milestone & { id: string; eTag: string };
export type ApiMilestoneUpdate = MilestoneUpdate & { id?: string };

export interface FieldProblem {
  field: string;
  message: string;
}

export type ApiErrorReason = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'precondition-required' | 'throttled' | 'unavailable' | 'offline' | 'unknown';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly reason: ApiErrorReason,
    message: string,
    readonly extra: { status?: number; fields?: FieldProblem[]; current?: ApiMilestone; lastUpdate?: ApiMilestoneUpdate | null; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export interface ApiClient {
  me(): Promise<Me>;
  /** `update` is null in the rare case the milestone was saved but its history row could not be (the service logs it). */
  saveUpdate(milestoneId: string, eTag: string, update: UpdateRequest): Promise<{ milestone: Stored<Milestone>; update: ApiMilestoneUpdate | null }>;
  history(milestoneId: string): Promise<ApiMilestoneUpdate[]>;
}

const REASONS_BY_STATUS: Record<number, ApiErrorReason> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  428: 'precondition-required',
  429: 'throttled',
  503: 'unavailable',
};

/** A client for the API at `baseUrl`, sending the person's API token. */
export function createApiClient(baseUrl: string, getToken: () => Promise<string>, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const token = await getToken();
    let answer: Response;
    try {
      answer = await fetchImpl(`${baseUrl}${path}`, {
        ...init,
        headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
      });
    } catch {
      throw new ApiError('offline', 'Waymark’s service did not answer. Check your connection and try again.', { status: 0 });
    }
    const body = (await answer.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (answer.ok) return body as T;
    const error = (body?.error ?? {}) as { message?: string; fields?: FieldProblem[] };
    const retryAfter = Number(answer.headers.get('Retry-After'));
    throw new ApiError(REASONS_BY_STATUS[answer.status] ?? (answer.status >= 500 ? 'unavailable' : 'unknown'), error.message ?? `The service answered ${answer.status}.`, {
      status: answer.status,
      fields: error.fields,
      current: body?.current as ApiMilestone | undefined,
      lastUpdate: body?.lastUpdate as ApiMilestoneUpdate | null | undefined,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    });
  };

  return {
    me: () => call<Me>('/api/me'),
    async saveUpdate(milestoneId, eTag, update) {
      const answer = await call<{ milestone: ApiMilestone; update: ApiMilestoneUpdate | null }>(`/api/milestones/${encodeURIComponent(milestoneId)}/updates`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'If-Match': eTag },
        body: JSON.stringify(update),
      });
      return { milestone: toStored(answer.milestone), update: answer.update };
    },
    async history(milestoneId) {
      const answer = await call<{ updates: ApiMilestoneUpdate[] }>(`/api/milestones/${encodeURIComponent(milestoneId)}/history`);
      return answer.updates;
    },
  };
}

/** An API milestone in the shape the plan store holds. */
export function toStored(milestone: ApiMilestone): Stored<Milestone> {
  const { id, eTag, ...record } = milestone;
  return { id, eTag, record };
}
