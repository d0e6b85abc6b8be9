'use client';

import { createContext } from 'react';

/** Asks for the password, then runs `retry` (the refused submission, sent again). Null outside the dashboard. */
export const ReauthContext = createContext<((retry: () => void) => void) | null>(null);
