/**
 * Where a Teams deep link (an activity-feed notification) opens the tab: its subEntityId names the
 * page, e.g. "research:m-1" or "minutes:m-1". Unknown values open the tab's home page.
 */
export function deepLinkPath(subEntityId: string | undefined): string | undefined {
  if (!subEntityId) return undefined;
  if (subEntityId === 'actions') return '/actions';
  const m = /^(research|minutes):([A-Za-z0-9_-]{1,100})$/.exec(subEntityId);
  return m ? `/meetings/${encodeURIComponent(m[2])}/${m[1]}` : undefined;
}
