import type { Clock, PersonalDataCipher, Store } from '@marac/core';
import type { Config } from '../../../src/config.js';
import type { Graph } from '@marac/graph';

export interface Log {
  info: (...args: any[]) => void;
  warn: (...args: any[]) => void;
  error: (...args: any[]) => void;
}

export interface TabDeps {
  store: Store;
  cipher: PersonalDataCipher;
  clock: Clock;
  config: Config;
  log: Log;
  /** Where the built client is (default tab/dist); tests build to a temporary folder. */
  clientDir?: string;
  /** Microsoft Graph (Teams meetings, attendance reports); absent without Graph configuration. */
  graph?: Graph;
}
