import type { Host } from '../teams.js';

/** Which live layout: `?view=stage|sidepanel`, else what Teams says the frame is. */
export function liveViewOf(query: URLSearchParams, host: Host): 'stage' | 'sidepanel' {
  const v = query.get('view');
  if (v === 'stage' || v === 'sidepanel') return v;
  return host.context?.page?.frameContext === 'meetingStage' ? 'stage' : 'sidepanel';
}
