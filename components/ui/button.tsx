import type { ComponentProps } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-slate-900 text-white hover:bg-slate-700 focus-visible:outline-slate-900',
  secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 focus-visible:outline-slate-500',
  danger: 'bg-red-600 text-white hover:bg-red-700 focus-visible:outline-red-600',
  ghost: 'text-slate-700 hover:bg-slate-100 focus-visible:outline-slate-500',
};

export function buttonClasses(variant: ButtonVariant = 'primary', extra = '') {
  return `inline-flex items-center justify-center gap-2 rounded-md whitespace-nowrap px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-wait aria-disabled:opacity-60 ${VARIANTS[variant]} ${extra}`;
}

export function Button({
  variant = 'primary',
  pending = false,
  className = '',
  children,
  disabled,
  ...props
}: ComponentProps<'button'> & { variant?: ButtonVariant; pending?: boolean }) {
  // While pending the button keeps its accessible name, a spinner beside the label, and the focus: it is marked
  // aria-disabled and ignores clicks rather than becoming disabled, which would drop the focus to <body>.
  return (
    <button
      type="button"
      {...props}
      // Only while pending (a client state), so server-rendered buttons carry no handler.
      onClick={pending ? (event) => event.preventDefault() : props.onClick}
      disabled={disabled}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      className={buttonClasses(variant, className)}
    >
      {pending && (
        <span
          aria-hidden="true"
          className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent"
        />
      )}
      {children}
    </button>
  );
}
