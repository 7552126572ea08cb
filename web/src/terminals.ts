/**
 * The terminals that exist, and who may open each. The chooser lists only these; a new terminal is one more entry
 * here and one more screen.
 */
import type { MessageKey } from './i18n.ts';

export interface Terminal {
  readonly id: string;
  readonly path: string;
  readonly roles: readonly string[];
  readonly label: MessageKey;
  readonly hint: MessageKey;
}

export const terminals: readonly Terminal[] = [
  { id: 'desk', path: '/desk/check-in', roles: ['frontdesk', 'admin'], label: 'terminal_desk', hint: 'terminal_deskHint' },
  { id: 'restaurant', path: '/restaurant', roles: ['restaurant', 'admin'], label: 'terminal_restaurant', hint: 'terminal_restaurantHint' },
  { id: 'floor', path: '/floor', roles: ['floor', 'admin'], label: 'terminal_floor', hint: 'terminal_floorHint' },
];

export function terminalsFor(role: string): readonly Terminal[] {
  return terminals.filter((terminal) => terminal.roles.includes(role));
}
