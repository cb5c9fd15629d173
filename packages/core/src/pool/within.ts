/** Resolves when `promise` settles or after `ms`, whichever comes first. */
export function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise.then(ignore, ignore), late]).finally(() => clearTimeout(timer));
}

function ignore(): void {}
