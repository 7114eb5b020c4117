import { createContext, useContext } from 'react';
import { setAreaTimeZone } from './local-time.js';
import type { AreaSummary, Me } from './types.js';

export interface MeValue {
  me: Me;
  areas: AreaSummary[];
  isCoordinator: boolean;
  isAdmin: boolean;
  seesAllActions: boolean;
  /** Fetch the areas again after a set-up page changed them. */
  reloadAreas: () => void;
  agencyName: (id: string | undefined) => string;
}

export const MeContext = createContext<MeValue | undefined>(undefined);

export function useMe(): MeValue {
  const v = useContext(MeContext);
  if (!v) throw new Error('useMe outside the signed-in shell');
  return v;
}

export function meValue(me: Me, areas: AreaSummary[], reloadAreas: () => void = () => {}): MeValue {
  const names = new Map(areas.flatMap((a) => a.agencies).map((a) => [a.id, a.name]));
  // Every time the tab shows is on this person's area's clock.
  setAreaTimeZone(me.timeZone);
  return {
    me,
    areas,
    isCoordinator: me.roles.includes('coordinator') || me.roles.includes('admin'),
    isAdmin: me.roles.includes('admin'),
    reloadAreas,
    seesAllActions: me.roles.some((r) => ['coordinator', 'admin', 'chair', 'deputy-chair'].includes(r)),
    agencyName: (id) => (id ? (names.get(id) ?? id) : ''),
  };
}
