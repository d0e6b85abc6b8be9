'use client';

import { startTransition, useActionState, useContext, useEffect, useRef, type FormEvent } from 'react';
import { ReauthContext } from './reauth-context';

/**
 * useActionState for a form's onSubmit. Unlike `<form action>`, React does not reset the form after each
 * submission, so after an error every field (selects included) keeps what the user chose. Forms that should start
 * fresh after a success remount with a new `key`.
 *
 * When a sensitive action answers `reauth: true`, the dashboard's password dialog opens and, once confirmed, the
 * same form data is submitted again.
 */
export function useFormAction<Result>(
  action: (previous: Result | null, formData: FormData) => Promise<Result>,
  initial: Result | null = null,
) {
  // Results are plain objects, never promises, so Awaited<Result> is Result; TypeScript cannot see that for a generic.
  const [state, dispatch, pending] = useActionState<Result | null, FormData>(action, initial as Awaited<Result | null>);
  const requestReauth = useContext(ReauthContext);
  const lastSubmitted = useRef<FormData | null>(null);

  useEffect(() => {
    const submitted = lastSubmitted.current;
    if (!requestReauth || !submitted || (state as { reauth?: unknown } | null)?.reauth !== true) return;
    requestReauth(() => startTransition(() => dispatch(submitted)));
  }, [state, requestReauth, dispatch]);

  function submit(formData: FormData) {
    lastSubmitted.current = formData;
    startTransition(() => dispatch(formData));
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit(new FormData(event.currentTarget));
  }
  // `submit` sends form data read earlier: for a form that asks a question before it submits.
  return [state, onSubmit, pending, submit] as const;
}
