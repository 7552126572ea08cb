import { liveConnectionsFromEnvironment, livePusherFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestComingDown } from '#shared/events/guest-events';
import { passOnComingDown } from '#shared/use-cases/live-notices';

const dependencies = { connections: liveConnectionsFromEnvironment(), pusher: livePusherFromEnvironment() };

export const handler = eventHandler(guestComingDown, (notice) => passOnComingDown(dependencies, notice));
