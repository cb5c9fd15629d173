/** Waits until `ready()` holds, e.g. until a worker has really taken a call; fails after 5 s. Shared by every runtime's pool tests. */
export async function until(ready: () => boolean): Promise<void> {
  const end = Date.now() + 5_000;
  while (!ready()) {
    if (Date.now() > end) throw new Error("condition not met within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
