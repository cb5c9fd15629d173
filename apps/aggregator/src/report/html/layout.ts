import { html, type HtmlValue, type SafeHtml } from "./template.ts";

/**
 * A section that starts closed: its title is the summary line, so the page
 * opens at about two screens (it was 32 with everything open) and a reader
 * opens what they need. A link to its id opens it (see `openOnLink`).
 */
export function collapsible(id: string, title: HtmlValue, body: HtmlValue, level: 2 | 3 = 2, note?: HtmlValue): SafeHtml {
  const heading = level === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`;
  return html`<details class="section level-${level}" id="${id}"><summary>${heading}${note ? html`<span class="summary-note">${note}</span>` : ""}</summary><div class="section-body">${body}</div></details>`;
}

/** Opens every closed section around the element a link or the address points at, then shows it; and an "open all" switch. */
export function openOnLink(): SafeHtml {
  return html`<script>
(function () {
  function reveal(hash) {
    if (!hash || hash.length < 2) return;
    var el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!el) return;
    for (var d = el; d; d = d.parentElement) if (d.tagName === "DETAILS") d.open = true;
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", function () { reveal(location.hash); });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='#']");
    if (a) reveal(a.getAttribute("href"));
  });
  var all = document.getElementById("open-all");
  if (all) all.addEventListener("click", function () {
    var open = all.dataset.open !== "1";
    document.querySelectorAll("details.section").forEach(function (d) { d.open = open; });
    all.dataset.open = open ? "1" : "";
    all.textContent = open ? "close all sections" : "open all sections";
  });
  reveal(location.hash);
})();
</script>`;
}
