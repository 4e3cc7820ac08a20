/** Serialises one event as the SSE frame a server would have sent for it. */

/** The fields of a frame. */
export interface FrameFields {
  /** Event name; `message` (the default) is written without an `event:` line. */
  type: string;
  data: string;
  /** Written when not empty. */
  id: string;
}

/** `id:`, `event:` and one `data:` line per data line (CR, LF or CRLF), then a blank line. */
export function toSseFrame({ type, data, id }: FrameFields): string {
  let frame = '';
  if (id !== '') frame += `id: ${id}\n`;
  if (type !== 'message') frame += `event: ${type}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}
