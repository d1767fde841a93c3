/**
 * What every view receives from the app: the plan's index, where we are, how to go elsewhere,
 * who is looking, and the update slot the update dialog (a later piece) plugs into.
 */
import type { UpdateSlot } from '../components/milestone-table.tsx';
import type { PlanIndex } from '../model/plan-index.ts';
import type { NavigateOptions } from '../router.ts';
import type { Route } from '../routing.ts';

/** The signed-in person (or the chosen demo persona). */
export interface TabUser {
  upn: string;
  displayName?: string;
}

export interface ViewProps extends UpdateSlot {
  index: PlanIndex;
  route: Route;
  navigate: (route: Route, options?: NavigateOptions) => void;
  user?: TabUser;
  /** The directorate a channel tab was configured for, or the person's own. */
  homeDirectorate?: string;
}
