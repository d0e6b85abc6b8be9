import type { KeyActionHandlers } from '@/components/keys/key-actions';
import { regenerateKey, revokeKey, setKeyEnabled } from './actions';

// The key actions every table of keys uses (Security, Keys, Service accounts), in the shape the shared table takes.
export const KEY_ACTIONS: KeyActionHandlers = {
  revoke: revokeKey,
  regenerate: regenerateKey,
  setEnabled: setKeyEnabled,
};
