/**
 * The functions through which a driven page and its driver (drivePage) talk,
 * by name; each passes one string. Page and driver import the same names.
 */
export interface BridgeNames {
  /** Defined by the page on `globalThis`; the driver calls it once, with the input. */
  start: string;
  /** Called by the page once, with its answer. */
  result: string;
  /** Called by the page when it cannot finish, with the reason. */
  fail: string;
}

/** What a page's work may tell its driver as it goes: one of the driver's listeners, by name. */
export type Tell = (listener: string, text: string) => void;

/**
 * The page's half of drivePage: defines the start function. `work` gets the
 * driver's input; what it resolves with goes to the result function, what it
 * throws to the fail function ("Name: message"). Every call reaches the
 * driver after the ones before it, so progress stays in order.
 */
export function answerDriver(names: BridgeNames, work: (input: string, tell: Tell) => Promise<string>): void {
  const scope = globalThis as unknown as Record<string, (text: string) => Promise<void>>;
  let outbox: Promise<unknown> = Promise.resolve();
  const send = (name: string, text: string) => {
    const call = () => scope[name]!(text);
    return (outbox = outbox.then(call, call));
  };
  (scope as unknown as Record<string, (input: string) => void>)[names.start] = (input: string) => {
    void (async () => {
      try {
        await send(names.result, await work(input, (listener, text) => void send(listener, text)));
      } catch (error) {
        await send(names.fail, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    })();
  };
}
