// Evaluated in a page before its screenshot (auditor/redaction.py): a short reason when the
// page looks adult, else "".
() => {
  const strong = /\b(nsfw|xxx|porn\w*|sexually explicit|explicit (?:content|material|images?|videos?)|adults? only|adult (?:content|board|section|videos?|site)|18\+ only|over 18s? only)\b/i;
  const button = /\b(i am|i'm|i am over|yes,? i am)\s*(?:at least\s*)?(18|21)\b|\b(18|21) or older\s*[-\u2013\u2014:]*\s*enter\b|\benter\b[^.]{0,20}\b(18|21)\+/i;
  const rating = document.querySelector('meta[name="rating" i], meta[name="RATING"]');
  if (rating && /adult|mature|rta-5042/i.test(rating.content || "")) return "adult rating label";
  const html = document.documentElement ? document.documentElement.innerHTML.slice(0, 400000) : "";
  if (/RTA-5042-1996-1400-1577-RTA/.test(html)) return "RTA adult label";
  // only what a visitor can see: a gate library's hidden overlay is no gate
  const shown = (e) => e.checkVisibility ? e.checkVisibility({checkOpacity: true,
      checkVisibilityCSS: true}) : !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const pick = (sel) => Array.from(document.querySelectorAll(sel)).filter(shown).slice(0, 60)
      .map(e => (e.innerText || "").slice(0, 300)).join(" \n ");
  const prominent = [document.title || "",
      pick("h1, [role=banner], [role=dialog], [role=alertdialog], [role=alert], dialog, " +
           "[class*=nsfw i], [class*=adult i], [class*=age-gate i], [class*=agegate i], " +
           "[class*=age_gate i], [id*=age-gate i], [id*=agegate i], [class*=warning i]")].join(" \n ");
  const m = prominent.match(strong);
  if (m) return "adult cue on the page: " + m[0].toLowerCase();
  const b = pick("button, [role=button], a, input[type=submit]").match(button);
  if (b) return "age-gate button on the page: " + b[0].toLowerCase();
  return "";
}
