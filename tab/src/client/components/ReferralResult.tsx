import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { navigate } from '../router.js';
import { KIND_NAMES, type ReferralOutcome } from '../types.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  stack: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '760px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM },
});

const outcome = { heard: 'heard', deferred: 'deferred', 'referred-to-plus': 'referred to MARAC Plus' };

/** What saving a referral found: its reference, where it is listed, repeats and the two-week rule. */
export function ReferralResult({ result, onAnother }: { result: ReferralOutcome; onAnother: () => void }) {
  const s = useStyles();
  const { case: c, repeat, twoWeekConflict, placedIn } = result;
  return (
    <section className={s.stack} aria-labelledby="saved-title" data-testid="referral-result">
      <MessageBar layout="multiline" intent="success">
        <MessageBarBody>
          <MessageBarTitle id="saved-title">Referral saved as {c.reference}</MessageBarTitle>
          {placedIn
            ? `Listed at the ${KIND_NAMES[placedIn.kind]}${placedIn.kind === 'closed' ? '' : ' meeting'} on ${ukDate(placedIn.date)}${placedIn.createdClosedSession ? ' (closed session created after the main meeting)' : ''}.`
            : 'Not yet listed at a meeting.'}
        </MessageBarBody>
      </MessageBar>
      {repeat.repeat && (
        <MessageBar layout="multiline" intent="warning" data-testid="repeat-flag">
          <MessageBarBody>
            <MessageBarTitle>Repeat referral</MessageBarTitle>
            This victim and perpetrator were heard at MARAC within the last 12 months, so it is recorded as a
            repeat. Earlier hearings:
            <ul>
              {repeat.earlier.map((h) => (
                <li
                  key={`${h.meetingId}-${h.heardOn}`}
                >{`${ukDate(h.heardOn)}: ${h.caseReference ?? 'case'} ${outcome[h.outcome]}`}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {twoWeekConflict && (
        <MessageBar layout="multiline" intent="error" data-testid="two-week-flag">
          <MessageBarBody>
            <MessageBarTitle>Two-week rule</MessageBarTitle>
            {`${twoWeekConflict.caseReference ?? 'This case'} is heard or listed on ${ukDate(twoWeekConflict.heardOn)}, within two weeks of this meeting. A case should not be heard twice within two weeks: consider a later meeting, or send an update to the agencies instead.`}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={s.row}>
        {placedIn && (
          <Button appearance="primary" onClick={() => navigate(`/meetings/${placedIn.meetingId}`)}>
            Open the agenda
          </Button>
        )}
        <Button onClick={onAnother}>Add another referral</Button>
      </div>
    </section>
  );
}
