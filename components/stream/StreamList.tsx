/** The tab's streams: URL, transport, state, event count, reconnects. */
import { shortUrl } from '../format';
import { usePanel } from '../use-panel';

/** Streams table. */
export function StreamList() {
  const streams = usePanel((s) => s.streams);
  if (streams.length === 0) {
    return <div className="empty" data-testid="streams-empty">No SSE streams in this tab yet. Streams appear when the page opens an EventSource or a fetch returns text/event-stream.</div>;
  }
  return (
    <table className="streams" data-testid="streams">
      <thead>
        <tr>
          <th>URL</th>
          <th>Transport</th>
          <th>State</th>
          <th className="num">Events</th>
          <th className="num">Reconnects</th>
          <th>Last-Event-ID</th>
        </tr>
      </thead>
      <tbody>
        {streams.map((stream) => (
          <tr key={stream.id} data-testid="stream-row" data-transport={stream.transport} data-state={stream.state}>
            <td className="url" title={stream.url}>{shortUrl(stream.url) || '(unknown)'}</td>
            <td data-testid="stream-transport">{stream.transport}</td>
            <td><span className={`state ${stream.state}`} data-testid="stream-state">{stream.state}</span></td>
            <td className="num" data-testid="stream-events">{stream.events}</td>
            <td className="num" data-testid="stream-reconnects">{stream.reconnects}</td>
            <td className="mono">{stream.lastEventId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
