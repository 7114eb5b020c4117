/** One line of the append-only audit trail: who did what, when, to what, and why. */
export interface AuditRecord {
  at: string;
  /** Person id, Entra object id, or "system". */
  actor: string;
  action: string;
  /** What it was done to, e.g. "meeting:abc" or "action:123". References only, never names. */
  subject: string;
  reason?: string;
  details?: Record<string, unknown>;
  outcome: 'done' | 'refused';
}

export interface AuditEntry extends AuditRecord {
  seq: number;
  prevHash: string;
  hash: string;
}
