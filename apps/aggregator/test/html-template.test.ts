import { describe, expect, it } from "vitest";
import { html, joinHtml, raw } from "../src/report/html/template.ts";

describe("the html tag escapes by default", () => {
  it("escapes a value interpolated without any helper", () => {
    const fromResults = `<script>alert("x")</script> & 'y'`;
    expect(html`<td title="${fromResults}">${fromResults}</td>`.value).toBe(
      `<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</td>`,
    );
  });

  it("escapes every item of a list, keeps markup made by the tag or raw(), and drops null and undefined", () => {
    const items = ["<b>", "a&b"].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe("<ul><li>&lt;b&gt;</li><li>a&amp;b</li></ul>");
    expect(html`${["<i>", raw("<i>")]}`.value).toBe("&lt;i&gt;<i>");
    expect(html`[${undefined}${null}${0}${false}]`.value).toBe("[0false]");
    expect(joinHtml([html`${"<"}`, html`b`], html`<br>`).value).toBe("&lt;<br>b");
  });
});
