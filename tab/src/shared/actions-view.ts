/** The fields of an actions tracker row that its search and sort read. */
export interface TrackedAction {
  caseReference: string;
  ownerAgencyName: string;
  description: string;
  dueDate: string;
  status: string;
  lastUpdate?: { note?: string };
}

export const SORT_KEYS = ['caseReference', 'ownerAgencyName', 'dueDate', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'ascending' | 'descending';

/** What the search box matches: case reference, agency, the action's words, its last update. */
export const matchesSearch = (a: TrackedAction, q: string) =>
  !q.trim() ||
  [a.caseReference, a.ownerAgencyName, a.description, a.lastUpdate?.note ?? '']
    .join(' ')
    .toLowerCase()
    .includes(q.trim().toLowerCase());

/**
 * The tracker as shown: searched, then sorted (ties by due date). The page and its CSV export use
 * this one function, so the file holds exactly the rows on the screen, in the same order.
 */
export function trackerRows<T extends TrackedAction>(
  rows: T[],
  search: string,
  sort: { key: SortKey; dir: SortDir },
): T[] {
  return rows
    .filter((a) => matchesSearch(a, search))
    .sort((a, b) => {
      const by = String(a[sort.key]).localeCompare(String(b[sort.key])) || a.dueDate.localeCompare(b.dueDate);
      return sort.dir === 'ascending' ? by : -by;
    });
}
