import { useEffect, useState } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { initHost, teamsJs } from '../teams.js';

/**
 * "Share to stage" in the meeting side panel (teams-js meeting.shareAppContentToStage, RSC
 * MeetingStage.Write.Chat): everyone in the meeting then sees the stage view of this meeting, large
 * enough to read across a room. Shown only inside Teams; a browser has no stage.
 */
export function ShareToStage({ meetingId }: { meetingId: string }) {
  const [inTeams, setInTeams] = useState(false);
  const [note, setNote] = useState('');
  useEffect(() => {
    void initHost().then((h) => setInTeams(h.inTeams));
  }, []);
  if (!inTeams) return null;
  const share = async () => {
    const { meeting } = await teamsJs();
    const url = `${location.origin}/live?meetingId=${encodeURIComponent(meetingId)}&view=stage`;
    meeting.shareAppContentToStage((err) => {
      setNote(
        err
          ? `Teams did not share it: ${err.message ?? 'not allowed here'}.`
          : 'Shared to the meeting stage.',
      );
    }, url);
  };
  return (
    <div>
      <Button appearance="primary" onClick={() => void share()} data-testid="share-to-stage">
        Share to stage
      </Button>
      {note && (
        <Text role="status" size={200}>
          {` ${note}`}
        </Text>
      )}
    </div>
  );
}
