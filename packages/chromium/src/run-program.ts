const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof SIGNAL_CODES;

export interface Program<I> {
  /** Names the program in its one-line errors ("threadlab chromium runner: ..."). */
  name: string;
  /** Reads the program's last argument; a throw is a usage error (exit code 2). */
  parse(arg: string | undefined): I;
  /** Does the work; its answer is printed on stdout as one JSON line. Must end soon after `signal` aborts. */
  run(input: I, signal: AbortSignal): Promise<unknown>;
}

/**
 * The body of a Node program that drives a browser: `main` gets the last
 * argument and a signal, and returns the exit code. The first
 * SIGINT/SIGTERM/SIGHUP aborts the signal so the run closes its browser, and
 * a failure after that exits with 128+n; a second one exits at once. Stdout
 * is flushed before the exit. Never returns.
 */
export async function runUntilSignal(main: (arg: string | undefined, signal: AbortSignal) => Promise<number>): Promise<never> {
  const controller = new AbortController();
  let received: Signal | undefined;
  for (const sig of Object.keys(SIGNAL_CODES) as Signal[]) {
    process.on(sig, () => {
      if (received) process.exit(SIGNAL_CODES[sig]);
      received = sig;
      controller.abort(new Error(`received ${sig}`));
    });
  }
  const code = await main(process.argv.length > 2 ? process.argv.at(-1) : undefined, controller.signal);
  await new Promise<void>((ok) => process.stdout.write("", () => ok()));
  // Nothing may keep the process alive once the browser and the server are closed.
  process.exit(code !== 0 && received ? SIGNAL_CODES[received] : code);
}

/**
 * A runUntilSignal program with one JSON line on stdout and exit code 0, or
 * one line on stderr and exit code 2 (bad input), 1 (failure) or 128+n after
 * signal n.
 */
export function runProgram<I>(program: Program<I>): Promise<never> {
  const say = (error: unknown) => process.stderr.write(`${program.name}: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}\n`);
  return runUntilSignal(async (arg, signal) => {
    let input: I;
    try {
      input = program.parse(arg);
    } catch (error) {
      say(error);
      return 2;
    }
    try {
      process.stdout.write(`${JSON.stringify(await program.run(input, signal))}\n`);
      return 0;
    } catch (error) {
      say(error);
      return 1;
    }
  });
}
