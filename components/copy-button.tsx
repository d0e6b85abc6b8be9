'use client';

import { useState } from 'react';
import { Button } from './ui/button';

/** Copies `value` to the clipboard and says so; falls back to selecting the text where the clipboard is denied. */
export function CopyButton({ value, label = 'Copy', targetId }: { value: string; label?: string; targetId?: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      const target = targetId ? document.getElementById(targetId) : null;
      if (target) window.getSelection()?.selectAllChildren(target);
      setStatus('failed');
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" onClick={() => void copy()}>
        {label}
      </Button>
      <span aria-live="polite" className="text-xs text-slate-600">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Press Ctrl+C to copy the selected text' : ''}
      </span>
    </span>
  );
}
