/**
 * The live channel of one outlet: a WebSocket to `live.url` from /config.json, opened with the terminal's own token,
 * property and outlet. It reconnects by itself, with backoff, whenever it drops, and at once when the token is
 * replaced (a new sign-in); until it is open again the terminal says it is offline.
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { parseLiveMessage, reconnectDelayMs, type Arrival } from './arrivals.ts';
import { accessToken, signInRequired, staff } from './session.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline';

export interface LiveChannel {
  readonly status: ReadonlySignal<LiveStatus>;
  close(): void;
}

export function openLiveChannel(options: { url: string; propertyId: string; outlet: string; onArrival: (arrival: Arrival) => void }): LiveChannel {
  const status = signal<LiveStatus>('connecting');
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;

  const connect = (token: string) => {
    clearTimeout(retry);
    const query = new URLSearchParams({ token, propertyId: options.propertyId, outlet: options.outlet });
    let opened = false;
    let current: WebSocket;
    try {
      current = new WebSocket(`${options.url.replace(/\/$/, '')}/?${query}`);
    } catch {
      // A URL the browser refuses (a bad config, or a policy that blocks it): offline, and try again later.
      status.value = 'offline';
      retry = setTimeout(() => connect(accessToken.peek() ?? token), reconnectDelayMs(attempt++, Math.random()));
      return;
    }
    socket = current;
    current.onopen = () => {
      opened = true;
      attempt = 0;
      status.value = 'live';
    };
    current.onmessage = (event) => {
      const arrival = parseLiveMessage(event.data);
      if (arrival) options.onArrival(arrival);
    };
    current.onclose = () => {
      if (socket !== current || closed) return;
      status.value = 'offline';
      // Refused before opening with an expired token: only a new sign-in helps, and a new token reconnects at once.
      if (!opened && (staff.peek()?.expiresAt ?? 0) <= Date.now()) {
        signInRequired.value = true;
        return;
      }
      retry = setTimeout(() => connect(accessToken.peek() ?? token), reconnectDelayMs(attempt++, Math.random()));
    };
  };

  // Runs now, and again whenever the token changes.
  const stopWatchingToken = effect(() => {
    const token = accessToken.value;
    if (closed || !token) return;
    const previous = socket;
    socket = undefined;
    previous?.close();
    attempt = 0;
    status.value = 'connecting';
    connect(token);
  });

  return {
    status,
    close() {
      closed = true;
      stopWatchingToken();
      clearTimeout(retry);
      socket?.close();
    },
  };
}
