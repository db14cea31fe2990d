/**
 * The lifecycle every local command shares (seed, import, alerts): run `main`, then always run `cleanup` (stop the
 * DynamoDB Local a command started, the mail emulator), also on Ctrl-C or SIGTERM, and exit with `main`'s code.
 * Errors that already say everything to a person print their message alone; anything else prints with its stack.
 */

/** Start-up problems whose message is the whole story, from any command. */
const PLAIN_ERRORS = ['JavaUnavailableError', 'DataDirInUseError', 'SesPortUnavailableError'];

export function runCommand(options: {
  main: () => Promise<number>;
  cleanup: () => Promise<void>;
  /** True for the command's own errors whose message says everything. */
  plain: (error: unknown) => boolean;
  /** Printed before an unexpected error, e.g. 'Seed failed:'. */
  failure: string;
  /** Printed before an error while cleaning up. */
  stopFailure: string;
}): void {
  let finishing = false;
  const finish = async (code: number): Promise<never> => {
    if (finishing) process.exit(code || 130);
    finishing = true;
    try {
      await options.cleanup();
    } catch (error) {
      console.error(options.stopFailure, error);
      code = code || 1;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void finish(130));
  process.on('SIGTERM', () => void finish(143));
  options.main().then(
    (code) => finish(code),
    (error: unknown) => {
      if (options.plain(error) || PLAIN_ERRORS.includes((error as Error)?.name)) console.error((error as Error).message);
      else console.error(options.failure, error);
      return finish(1);
    },
  );
}
