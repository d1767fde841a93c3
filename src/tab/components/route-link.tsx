/**
 * A link to a route: a real address (open in a new window, copy link) that navigates in place on
 * a plain click.
 */
import { Link } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { hrefFor, navigate } from '../router.ts';
import type { Route } from '../routing.ts';

export interface RouteLinkProps {
  to: Route;
  children: ReactNode;
  className?: string;
  'aria-current'?: 'page' | 'true';
}

/** An anchor for `to` that keeps the tab's other address parameters. */
export function RouteLink({ to, children, ...rest }: RouteLinkProps) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <Link {...rest} href={hrefFor(to)} onClick={onClick}>
      {children}
    </Link>
  );
}
