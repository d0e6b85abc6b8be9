import { z } from 'zod';

// Pure validation for the sign-up and sign-in forms, shared by the server actions and the next-auth provider.
export const EmailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address.' }));

export const NewPasswordSchema = z
  .string({ error: 'Choose a password.' })
  .min(10, 'Use at least 10 characters.')
  .max(256, 'Use at most 256 characters.');

export const CredentialsSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'Enter your password.').max(256, 'That password is too long.'),
});
