const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and attribute values; the `html` tag (template.ts) applies it to every interpolated value. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** Escapes our own text for HTML content (never an attribute): `&`, `<` and `>`, its quotes left as written. */
export function escText(value: string): string {
  return value.replace(/[&<>]/g, (c) => HTML[c]!);
}

/** JSON safe to embed in a <script> element: no `</script>`, no `<!--`, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A stable id fragment for anchors. */
export function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "x";
}
