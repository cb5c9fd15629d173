import * as v from "valibot";
import { STRATEGIES, describeIssues } from "../schema/plan.ts";
import { parseResult, type Result } from "../schema/result.ts";

/**
 * What a runner tells the aggregator: progress events while a plan runs (one
 * JSON line each, on stderr or from a page) and the result document at the
 * end (stdout). A progress line is the event with `"threadlab":"progress"`
 * first; a result is the bare `threadlab.result/v1` document, so the result
 * files a runner prints stay what they always were.
 */
export type RunnerMessage = { kind: "progress"; event: ProgressEvent } | { kind: "result"; result: Result };

const num = v.number();

/** What a runner streams while a plan runs (NDJSON on stderr, or page events); `ProgressEvent` is read off it. */
export const ProgressEventSchema = v.variant("type", [
  v.object({
    type: v.literal("scenario-start"),
    index: num,
    total: num,
    workload: v.string(),
    strategy: v.picklist(STRATEGIES),
    variant: v.optional(v.string()),
    threads: num,
    size: num,
    /** Estimated time left in this runtime (ms): the rest of the grid and the experiments. */
    etaMs: v.optional(num),
  }),
  v.object({
    type: v.literal("sample"),
    index: num,
    sample: num,
    /** The floor: samples taken whatever the interval says. */
    samples: num,
    ms: num,
    /** The median's CI half-width so far, as a fraction of the median (from the second sample). */
    halfWidth: v.optional(num),
  }),
  v.object({
    type: v.literal("scenario-end"),
    index: num,
    total: num,
    status: v.picklist(["ok", "failed", "skipped"]),
    medianMs: v.optional(num),
    n: v.optional(num),
    noisy: v.optional(v.boolean()),
    suspect: v.optional(v.string()),
    error: v.optional(v.string()),
  }),
  v.object({
    type: v.literal("experiment"),
    name: v.string(),
    status: v.picklist(["start", "ok", "failed"]),
    error: v.optional(v.string()),
    etaMs: v.optional(num),
  }),
]);

export type ProgressEvent = v.InferOutput<typeof ProgressEventSchema>;

export class RunnerProtocolError extends Error {
  override name = "RunnerProtocolError";
}

/** One line of JSON (no newline). A number JSON cannot hold (an infinite CI half-width) is left out rather than sent as null. */
export function encodeRunnerMessage(message: RunnerMessage): string {
  if (message.kind === "result") return JSON.stringify(message.result);
  return JSON.stringify({ threadlab: "progress", ...message.event }, (_key, value: unknown) =>
    typeof value === "number" && !Number.isFinite(value) ? undefined : value,
  );
}

/**
 * True when `line` claims to be a runner message rather than a runtime's own
 * output (a warning, a stack trace): only those go to decodeRunnerMessage, and
 * one that then fails to decode is an error, never a line passed over.
 */
export function isRunnerMessage(line: string): boolean {
  return line.trimStart().startsWith('{"threadlab":');
}

/**
 * Reads one message from `runtime`'s runner; throws a RunnerProtocolError
 * naming the runtime and what is wrong. Text that is not a progress message
 * is read as a result document. With `expected`, a message of the other kind
 * is an error too.
 */
export function decodeRunnerMessage<K extends RunnerMessage["kind"]>(text: string, runtime: string, expected: K): Extract<RunnerMessage, { kind: K }>;
export function decodeRunnerMessage(text: string, runtime: string): RunnerMessage;
export function decodeRunnerMessage(text: string, runtime: string, expected?: RunnerMessage["kind"]): RunnerMessage {
  const message = decode(text, `${runtime} runner`, expected);
  if (expected && message.kind !== expected) throw new RunnerProtocolError(`${runtime} runner: a ${message.kind} message where ${expected} was expected: ${excerpt(text)}`);
  return message;
}

/**
 * Reads a runner's progress messages one by one. The first that does not
 * decode is kept, not thrown: progress must not stop the run, but a runner
 * and a reader that disagree on the protocol must fail it once it is done.
 */
export class ProgressReader {
  #error: RunnerProtocolError | undefined;
  constructor(private readonly runtime: string) {}

  read(text: string): ProgressEvent | undefined {
    try {
      return decodeRunnerMessage(text, this.runtime, "progress").event;
    } catch (error) {
      this.#error ??= error instanceof RunnerProtocolError ? error : new RunnerProtocolError(String(error));
      return undefined;
    }
  }

  /** The first message that did not decode. */
  get error(): RunnerProtocolError | undefined {
    return this.#error;
  }
}

function decode(text: string, source: string, expected: RunnerMessage["kind"] | undefined): RunnerMessage {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RunnerProtocolError(`${source}: a message that is not JSON (${error instanceof Error ? error.message : String(error)}): ${excerpt(text)}`);
  }
  if (typeof data === "object" && data !== null && "threadlab" in data) {
    const { threadlab, ...event } = data;
    if (threadlab !== "progress") throw new RunnerProtocolError(`${source}: unknown message kind ${JSON.stringify(threadlab)}: ${excerpt(text)}`);
    const parsed = v.safeParse(ProgressEventSchema, event);
    if (!parsed.success) throw new RunnerProtocolError(`${source}: malformed progress message (${describeIssues(parsed.issues)}): ${excerpt(text)}`);
    return { kind: "progress", event: parsed.output };
  }
  if (expected === "progress") throw new RunnerProtocolError(`${source}: not a progress message: ${excerpt(text)}`);
  try {
    return { kind: "result", result: parseResult(data, `${source} output`) };
  } catch (error) {
    throw new RunnerProtocolError(error instanceof Error ? error.message : String(error));
  }
}

function excerpt(text: string): string {
  const line = text.trim().replace(/\s+/g, " ");
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}
