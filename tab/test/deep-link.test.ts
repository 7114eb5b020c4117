import { describe, expect, it } from 'vitest';
import { deepLinkPath } from '../src/shared/deep-link.js';

describe('activity-feed deep links open the page they name', () => {
  it('the agenda to research, the minutes to read, the actions tracker; anything else the home page', () => {
    expect(deepLinkPath('research:m-demo')).toBe('/meetings/m-demo/research');
    expect(deepLinkPath('minutes:m-demo')).toBe('/meetings/m-demo/minutes');
    expect(deepLinkPath('actions')).toBe('/actions');
    expect(deepLinkPath('minutes:../admin')).toBeUndefined();
    expect(deepLinkPath('https://elsewhere.example')).toBeUndefined();
    expect(deepLinkPath(undefined)).toBeUndefined();
  });
});
