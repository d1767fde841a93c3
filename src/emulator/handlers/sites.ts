/** `GET /sites/root` and `GET /sites/{site-id}`. */
import { json } from '../middleware/graph-context.ts';
import type { GraphResponse } from '../middleware/graph-context.ts';
import { SITE_PROPERTIES, applySelect, checkExpand, projection, resolveSite, siteResource } from './resources.ts';
import type { HandlerContext } from './resources.ts';

export function getSite(context: HandlerContext): GraphResponse {
  const site = resolveSite(context);
  const { select, expand } = projection(context);
  checkExpand(expand, [], 'microsoft.graph.site');
  const isRoot = context.store.site('root') === site;
  const resource = applySelect(siteResource(site, isRoot), select, SITE_PROPERTIES, 'microsoft.graph.site');
  return json(200, { '@odata.context': `${context.request.graphBase}/$metadata#sites/$entity`, ...resource });
}
