/**
 * The English catalog, the source of every UI string: one section per panel area, each
 * key prefixed by its area. A new string goes here first; `lib/i18n/de` then does not
 * compile until it has its translation.
 */
import { dialogs } from './dialogs';
import { drive } from './drive';
import { events } from './events';
import { flags } from './flags';
import { migration } from './migration';
import { parity } from './parity';
import { relay } from './relay';
import { shell } from './shell';
import { stats } from './stats';
import { streams } from './streams';
import { toolbar } from './toolbar';
import { trace } from './trace';

export const en = { ...toolbar, ...streams, ...flags, ...migration, ...parity, ...events, ...dialogs, ...stats, ...trace, ...drive, ...shell, ...relay } as const;
