// What a picture of the page would show, as one short string ("" when it cannot be told from
// the DOM): two hashes of the document's markup, the values of its form fields, which images
// have loaded, which element has the focus, the scroll and the window.  Two pictures of a page
// with the same look show the same thing, so the second is not taken.  Pages whose look the
// DOM does not hold (frames, canvases, videos, open shadow roots) or that are too big to hash
// cheaply have none.  The marks our own scans leave on elements (data-osa-*) are not part of it.
() => {
  const de = document.documentElement;
  if (!de) return "";
  let html = de.outerHTML;
  if (typeof html !== "string" || html.length > 3000000) return "";
  html = html.replace(/ data-osa-[a-z0-9-]*="[^"]*"/g, "");
  const all = document.getElementsByTagName("*");
  if (all.length > 30000) return "";
  const parts = [innerWidth, innerHeight, scrollX, scrollY];
  const active = document.activeElement;
  for (let i = 0; i < all.length; i++) {
    const el = all[i];
    const tag = el.tagName;
    if (el.shadowRoot || tag === "IFRAME" || tag === "FRAME" || tag === "OBJECT" ||
        tag === "EMBED" || tag === "CANVAS" || tag === "VIDEO") return "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      parts.push(i, String(el.value), el.checked ? 1 : 0);
    } else if (tag === "IMG") {
      parts.push(i, el.complete ? 1 : 0);
    }
    if (el === active) parts.push("focus", i);
  }
  const text = html + "\u0000" + parts.join("\u0001");
  let a = 0x811c9dc5, b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = (Math.imul(b, 31) + c) | 0;
  }
  return (a >>> 0).toString(16) + "." + (b >>> 0).toString(16) + "." + text.length;
}
