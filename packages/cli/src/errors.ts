/** An error the CLI reports as one line on stderr, with its exit code (2: usage, or input that cannot come). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
