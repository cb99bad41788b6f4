/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws `what`). */
type Maybe<T> = T | null | undefined | false;

export async function waitFor<T>(check: () => Maybe<T> | Promise<Maybe<T>>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
