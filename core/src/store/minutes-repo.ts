import type { MinutesDraft } from '../app/minutes/model.js';
import type { Repos } from '../ports/repositories.js';
import { putVersioned, type RepoContext } from './rows.js';

type DraftRow = { data: string; version: number };

/** Minutes drafts: what was said is quoted there, so the whole draft is sealed like case details. */
export function minutesRepo({ sql, cipher }: RepoContext): Repos['minutes'] {
  return {
    async get(meetingId) {
      const row = await sql.get<DraftRow>('SELECT data, version FROM minutes_drafts WHERE id = ?', [
        meetingId,
      ]);
      return row && { ...cipher.open<Omit<MinutesDraft, 'version'>>(row.data), version: Number(row.version) };
    },
    async put(draft, expectedVersion) {
      const { version: _ignored, ...content } = draft;
      const version = await putVersioned(
        sql,
        'minutes draft',
        'minutes_drafts',
        draft.meetingId,
        expectedVersion,
        {
          updated_at: draft.updatedAt ?? '',
          data: cipher.seal(content),
        },
      );
      return { ...draft, version };
    },
    async delete(meetingId) {
      await sql.run('DELETE FROM minutes_drafts WHERE id = ?', [meetingId]);
    },
  };
}
