/**
 * Which Microsoft Graph permission each call this app makes needs, least privileged first.
 * Used to name the missing permission when Graph answers 403 without saying (directory and
 * calendar calls do not; Teams calls usually do: "API requires one of '...'").
 */
export type GraphOperation =
  | 'events.create'
  | 'events.read'
  | 'events.update'
  | 'events.cancel'
  | 'onlineMeetings.findByJoinUrl'
  | 'chats.installApp'
  | 'users.read'
  | 'me.read'
  | 'attendanceReports.list'
  | 'attendanceReports.get'
  | 'activity.send';

export interface OperationPermissions {
  /** Application permissions (app-only token `roles`), least privileged first. */
  application: string[];
  /** Delegated permissions (user token `scp`), least privileged first. */
  delegated: string[];
  /** Something besides the permission that Graph also insists on. */
  note?: string;
}

const ACCESS_POLICY =
  'App-only access to online meetings also needs a Teams application access policy granted to the organiser ' +
  '(New-CsApplicationAccessPolicy / Grant-CsApplicationAccessPolicy).';

export const PERMISSIONS: Record<GraphOperation, OperationPermissions> = {
  'events.create': { application: ['Calendars.ReadWrite'], delegated: ['Calendars.ReadWrite'] },
  'events.read': {
    application: ['Calendars.ReadBasic.All', 'Calendars.Read', 'Calendars.ReadWrite'],
    delegated: ['Calendars.ReadBasic', 'Calendars.Read'],
  },
  'events.update': { application: ['Calendars.ReadWrite'], delegated: ['Calendars.ReadWrite'] },
  'events.cancel': { application: ['Calendars.ReadWrite'], delegated: ['Calendars.ReadWrite'] },
  'onlineMeetings.findByJoinUrl': {
    application: ['OnlineMeetings.Read.All', 'OnlineMeetings.ReadWrite.All'],
    delegated: ['OnlineMeetings.Read', 'OnlineMeetings.ReadWrite'],
    note: ACCESS_POLICY,
  },
  'chats.installApp': {
    application: [
      'TeamsAppInstallation.ReadWriteSelfForChat.All',
      'TeamsAppInstallation.ReadWriteForChat.All',
    ],
    delegated: ['TeamsAppInstallation.ReadWriteSelfForChat', 'TeamsAppInstallation.ReadWriteForChat'],
  },
  'users.read': { application: ['User.Read.All'], delegated: ['User.ReadBasic.All', 'User.Read.All'] },
  'me.read': { application: [], delegated: ['User.Read'] },
  'attendanceReports.list': {
    application: ['OnlineMeetingArtifact.Read.All'],
    delegated: ['OnlineMeetingArtifact.Read.All'],
    note: ACCESS_POLICY,
  },
  'attendanceReports.get': {
    application: ['OnlineMeetingArtifact.Read.All'],
    delegated: ['OnlineMeetingArtifact.Read.All'],
    note: ACCESS_POLICY,
  },
  'activity.send': {
    application: ['TeamsActivity.Send'],
    delegated: ['TeamsActivity.Send'],
    note: 'The Teams app must also be installed for the recipient, and the activity type declared in the manifest.',
  },
};

/** Permissions a Graph 403 body names, e.g. "API requires one of 'A, B'. Roles on the request 'C'." */
export function permissionsNamedIn(message: string | undefined): string[] {
  if (!message) return [];
  const m =
    /requires one of '([^']+)'/i.exec(message) ??
    /required (?:permissions?|scopes?|roles?)[^:']*[:']\s*'?([A-Za-z0-9.,\s]+)'?/i.exec(message);
  return m
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** The permission to tell the coordinator about: the least privileged one that would do. */
export function missingPermission(
  op: GraphOperation,
  mode: 'application' | 'delegated',
  message?: string,
): { permission: string; anyOf: string[]; note?: string } {
  const table = PERMISSIONS[op][mode];
  const named = permissionsNamedIn(message);
  const anyOf = named.length ? named : table;
  const permission = table.find((p) => anyOf.includes(p)) ?? anyOf[0] ?? table[0] ?? 'unknown';
  const policy = message && /application access policy/i.test(message);
  return { permission, anyOf, note: policy ? ACCESS_POLICY : PERMISSIONS[op].note };
}
