/**
 * Loading, empty and error states in words a person can act on: what happened, what to do next,
 * and a Retry button where trying again can help. The request id is shown for a support call.
 */
import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { PlanSourceError, PlanSourceErrorReason } from '../data/plan-source.ts';
import { SignInError } from '../auth/sign-in.ts';
import { LOADING_STATE_ATTRIBUTE } from '../view-snapshot.ts';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalXXL,
    paddingInline: tokens.spacingHorizontalL,
    maxWidth: '42rem',
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  detail: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** Where signing in opens a window of its own, which only the person's click may open. */
export const SIGN_IN_WITH_CLICK = 'Select Sign in to sign in with your Microsoft work account in a new window. The plan loads once you are signed in.';

/** What went wrong and what to do, for each reason a plan could not be loaded. */
export const ERROR_TEXT: Record<PlanSourceErrorReason, { title: string; action: string; retry: boolean }> = {
  'not-configured': {
    title: 'Waymark is not set up yet',
    action: 'The tab does not know which SharePoint site holds the plan. Ask the performance team to finish setting up Waymark.',
    retry: false,
  },
  'signed-out': {
    title: 'You are not signed in',
    action: 'Your sign-in has expired or did not complete. Sign in again, then select Retry.',
    retry: true,
  },
  forbidden: {
    title: 'You do not have access to the plan',
    action: 'Your account cannot read the Waymark SharePoint site. Ask the performance team to give you access.',
    retry: true,
  },
  'not-found': {
    title: 'The plan could not be found',
    action: 'The plan or its lists are missing from the SharePoint site. Check the plan name with the performance team.',
    retry: true,
  },
  throttled: {
    title: 'SharePoint is busy',
    action: 'Too many requests reached SharePoint at once. Wait a minute, then select Retry.',
    retry: true,
  },
  offline: {
    title: 'No connection',
    action: 'Waymark could not reach the network. Check your connection, then select Retry.',
    retry: true,
  },
  service: {
    title: 'SharePoint had a problem',
    action: 'The service failed to answer. Select Retry; if it keeps failing, tell the performance team.',
    retry: true,
  },
  unknown: {
    title: 'The plan could not be loaded',
    action: 'Something unexpected went wrong. Select Retry; if it keeps failing, tell the performance team.',
    retry: true,
  },
};

/** A spinner with words, announced politely to screen readers. */
export function LoadingState({ label = 'Loading the plan…' }: { label?: string }) {
  const styles = useStyles();
  return (
    <div className={styles.panel} role="status" {...{ [LOADING_STATE_ATTRIBUTE]: '' }}>
      <Spinner label={label} labelPosition="after" />
    </div>
  );
}

/** Nothing to show, said plainly, with what to try instead. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.panel}>
      <h2 className={styles.heading}>{title}</h2>
      {children ? <Text as="p">{children}</Text> : null}
      {action}
    </div>
  );
}

/** What the person can do about the error: for a signed-out tab that signs in with a click, that click. */
function remedyFor(error: PlanSourceError, onSignIn: (() => Promise<void>) | undefined): { action: string; signIn?: () => Promise<void>; retry?: boolean } {
  if (error.reason === 'signed-out' && onSignIn) return { action: SIGN_IN_WITH_CLICK, signIn: onSignIn };
  // The local demo's address named a persona there is not: its own words say which, and what to do.
  // Retrying cannot help; choosing a persona loads the plan by itself.
  if (error.details instanceof SignInError && error.details.reason === 'unknown-persona') return { action: error.details.message, retry: false };
  return { action: ERROR_TEXT[error.reason].action };
}

/** A load that failed with nothing to show: the problem, the remedy, and Retry (or Sign in). */
export function ErrorState({ error, onRetry, onSignIn }: { error: PlanSourceError; onRetry?: () => void; onSignIn?: () => Promise<void> }) {
  const styles = useStyles();
  const text = ERROR_TEXT[error.reason];
  const { action, signIn, retry = text.retry } = remedyFor(error, onSignIn);
  return (
    <div className={styles.panel} role="alert">
      <h2 className={styles.heading}>{text.title}</h2>
      <Text as="p">{action}</Text>
      {signIn ? (
        <Button appearance="primary" onClick={() => void signIn()}>
          Sign in
        </Button>
      ) : retry && onRetry ? (
        <Button appearance="primary" onClick={onRetry}>
          Retry
        </Button>
      ) : null}
      {error.requestId ? <Text className={styles.detail}>Reference for support: {error.requestId}</Text> : null}
    </div>
  );
}

/** A refresh that failed while older data stays on screen. */
export function StaleBanner({ error, loadedAt, onRetry, onSignIn }: { error: PlanSourceError; loadedAt: string; onRetry?: () => void; onSignIn?: () => Promise<void> }) {
  const text = ERROR_TEXT[error.reason];
  const { action, signIn } = remedyFor(error, onSignIn);
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Showing the plan as it was at {loadedAt}.</MessageBarTitle>
        {text.title}. {action}
      </MessageBarBody>
      {signIn ? (
        <MessageBarActions>
          <Button onClick={() => void signIn()}>Sign in</Button>
        </MessageBarActions>
      ) : onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>Retry</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
