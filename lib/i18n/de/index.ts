/** Der deutsche Katalog: jeder Abschnitt übersetzt den englischen gleichen Namens, Schlüssel für Schlüssel. */
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

export const de = { ...toolbar, ...streams, ...flags, ...migration, ...parity, ...events, ...dialogs, ...stats, ...trace, ...drive, ...shell, ...relay };
