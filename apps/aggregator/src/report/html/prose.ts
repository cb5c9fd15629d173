import type { PlainSpan } from "../format/how-to-read.ts";
import { escText } from "./escape.ts";
import { html, raw, type SafeHtml } from "./template.ts";

/** Our own prose (concept texts, table notes): escaped, with its `code` spans as <code>. */
export function prose(text: string): SafeHtml {
  return raw(html`${text}`.value.replace(/`([^`]+)`/g, "<code>$1</code>"));
}

/** A span of our own structured text (format/how-to-read.ts). */
export function proseSpan(s: PlainSpan): SafeHtml {
  if (typeof s === "string") return raw(escText(s));
  if ("strong" in s) return html`<b>${s.strong}</b>`;
  if ("code" in s) return html`<code>${s.code}</code>`;
  return html`<span class="${s.status === "failed" ? "failed-text" : "suspect"}">${s.text}</span>`;
}
