import { esc } from "./escape.ts";

/**
 * Markup that is already safe: made by the `html` tag (whose interpolations
 * were escaped) or by `raw()` for trusted markup of our own.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A value the `html` tag accepts: text (escaped), safe markup (kept), or a list of either (concatenated). */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined) return "";
  return esc(value);
}

/**
 * HTML with every interpolated value escaped unless it is SafeHtml, so a
 * string from a result file cannot become markup by someone forgetting a call.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Trusted markup as is: our own scripts, stylesheets and JSON islands (through scriptJson), never text from results. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Safe parts joined by a separator that is itself markup. */
export function joinHtml(parts: readonly SafeHtml[], separator: SafeHtml): SafeHtml {
  return new SafeHtml(parts.map((p) => p.value).join(separator.value));
}
