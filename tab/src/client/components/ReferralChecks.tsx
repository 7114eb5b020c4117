import { useEffect, useState } from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api } from '../api.js';
import { ukDate } from '../../shared/uk-date.js';
import type { ReferralBody } from '../../shared/schemas.js';

/** What the server's checks found for the form so far (nothing stored). */
export interface CheckResult {
  score: number;
  threshold: number;
  repeat: { repeat: boolean; earlier: { heardOn: string; caseReference?: string; outcome: string }[] };
  twoWeekConflict?: { heardOn: string; caseReference?: string };
  possibleMatches: { caseId: string; reference: string; receivedAt: string; status: string }[];
}

/** The coordinator's answers to what the checks asked: a reason, and a decision on each possible match. */
export interface CheckDecisions {
  twoWeekReason: string;
  confirmed: string[];
  dismissed: string[];
}
export const noDecisions = (): CheckDecisions => ({ twoWeekReason: '', confirmed: [], dismissed: [] });

const useStyles = makeStyles({
  stack: { display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '760px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

/** Runs the repeat, two-week and possible-match checks as the coordinator types, before saving. */
export function ReferralChecks({
  body,
  decisions,
  setDecisions,
}: {
  body: ReferralBody;
  decisions: CheckDecisions;
  setDecisions: (d: CheckDecisions) => void;
}) {
  const s = useStyles();
  const [result, setResult] = useState<CheckResult>();
  const [pending, setPending] = useState(false);
  const ready =
    body.victim.name.trim().length >= 2 && body.perpetrators.some((p) => p.name.trim().length >= 2);
  const draft = JSON.stringify({
    areaId: body.areaId,
    meetingId: body.meetingId || undefined,
    referringAgencyId: body.referringAgencyId || undefined,
    victim: { name: body.victim.name, dateOfBirth: body.victim.dateOfBirth || undefined },
    perpetrators: body.perpetrators.map((p) => ({ name: p.name, dateOfBirth: p.dateOfBirth || undefined })),
    dash: body.dash.filter(Boolean),
    daraLevel: body.daraLevel,
    criteria: body.criteria,
    confirmedMatchIds: decisions.confirmed,
  });
  useEffect(() => {
    if (!ready) return setResult(undefined);
    let live = true;
    setPending(true);
    const t = setTimeout(() => {
      api
        .post<CheckResult>('/api/referrals/check', JSON.parse(draft))
        .then((r) => live && setResult(r))
        .catch(() => live && setResult(undefined))
        .finally(() => live && setPending(false));
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [draft, ready]);
  if (!result) return ready ? <span hidden data-testid="referral-checks" data-pending={pending} /> : null;
  const decide = (caseId: string, confirm: boolean) =>
    setDecisions({
      ...decisions,
      confirmed: confirm
        ? [...new Set([...decisions.confirmed, caseId])]
        : decisions.confirmed.filter((x) => x !== caseId),
      dismissed: confirm
        ? decisions.dismissed.filter((x) => x !== caseId)
        : [...new Set([...decisions.dismissed, caseId])],
    });
  return (
    <section
      className={s.stack}
      aria-label="Checks before saving"
      data-testid="referral-checks"
      data-pending={pending}
    >
      {result.possibleMatches.length > 0 && (
        <MessageBar layout="multiline" intent="warning" data-testid="possible-matches">
          <MessageBarBody>
            <MessageBarTitle>Possible earlier cases</MessageBarTitle>A date of birth is missing, and these
            cases have the same names. Confirm each that is this victim, or dismiss it.
            {result.possibleMatches.map((m) => (
              <div key={m.caseId} className={s.row}>
                <span>{`${m.reference}, referred ${ukDate(m.receivedAt)}`}</span>
                <Button
                  size="small"
                  appearance={decisions.confirmed.includes(m.caseId) ? 'primary' : 'secondary'}
                  onClick={() => decide(m.caseId, true)}
                >{`Same victim: ${m.reference}`}</Button>
                <Button
                  size="small"
                  appearance={decisions.dismissed.includes(m.caseId) ? 'primary' : 'secondary'}
                  onClick={() => decide(m.caseId, false)}
                >{`Not the same: ${m.reference}`}</Button>
              </div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      {result.repeat.repeat && (
        <MessageBar layout="multiline" intent="warning" data-testid="repeat-check">
          <MessageBarBody>
            <MessageBarTitle>Repeat referral</MessageBarTitle>
            {`Heard within the repeat window: ${result.repeat.earlier.map((h) => `${ukDate(h.heardOn)} (${h.caseReference ?? 'case'})`).join(', ')}. It will be recorded as a repeat.`}
          </MessageBarBody>
        </MessageBar>
      )}
      {result.twoWeekConflict && (
        <MessageBar layout="multiline" intent="error" data-testid="two-week-check">
          <MessageBarBody>
            <MessageBarTitle>Two-week rule</MessageBarTitle>
            {`${result.twoWeekConflict.caseReference ?? 'This victim and perpetrator'} is heard or listed on ${ukDate(result.twoWeekConflict.heardOn)}, within two weeks of this meeting. Choose a later meeting, or give the reason to list it anyway.`}
            <Field label="Reason to list it within two weeks" required>
              <Textarea
                value={decisions.twoWeekReason}
                onChange={(_, d) => setDecisions({ ...decisions, twoWeekReason: d.value })}
                rows={2}
              />
            </Field>
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
