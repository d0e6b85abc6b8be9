/** One audit row as the dashboard and the CSV export see it: `detail` parsed, the target key's name joined in. */
export interface AuditRecord {
  id: number;
  createdAt: number;
  action: string;
  actorUserId: string | null;
  actorKeyId: string | null;
  actorLabel: string | null;
  targetKeyId: string | null;
  /** The target key's current name, when the key still exists in the same account. */
  targetKeyName: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
}
