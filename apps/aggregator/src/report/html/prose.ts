import { html, raw, type SafeHtml } from "./template.ts";

/** Our own prose (concept texts, table notes): escaped, with its `code` spans as <code>. */
export function prose(text: string): SafeHtml {
  return raw(html`${text}`.value.replace(/`([^`]+)`/g, "<code>$1</code>"));
}
