import { z } from 'zod';

/**
 * The minimum a Bot Framework activity must have before the adapter sees it: a bare botbuilder
 * adapter throws on a body without `type`, and one unhandled rejection would end the meeting.
 */
const activitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    serviceUrl: z.string().url().max(2048),
    channelId: z.string().min(1).max(64),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
    from: z
      .object({ id: z.string().max(512) })
      .passthrough()
      .optional(),
    text: z.string().max(28_000).optional(),
  })
  .passthrough();

export type ActivityCheck = { ok: true } | { ok: false; error: string };

export function checkActivity(body: unknown): ActivityCheck {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, error: 'The body must be a Bot Framework activity (a JSON object).' };
  const r = activitySchema.safeParse(body);
  if (!r.success)
    return {
      ok: false,
      error: `Not a valid activity: ${r.error.issues.map((i) => i.path.join('.') || 'body').join(', ')}`,
    };
  return { ok: true };
}
