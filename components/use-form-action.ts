'use client';

import { startTransition, useActionState, type FormEvent } from 'react';

/**
 * useActionState for a form's onSubmit. Unlike `<form action>`, React does not reset the form after each
 * submission, so after an error every field (selects included) keeps what the user chose. Forms that should start
 * fresh after a success remount with a new `key`.
 */
export function useFormAction<Result>(
  action: (previous: Result | null, formData: FormData) => Promise<Result>,
  initial: Result | null = null,
) {
  // Results are plain objects, never promises, so Awaited<Result> is Result; TypeScript cannot see that for a generic.
  const [state, dispatch, pending] = useActionState<Result | null, FormData>(action, initial as Awaited<Result | null>);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  }
  return [state, onSubmit, pending] as const;
}
