"""Red Lamp: an adult creators' community with three age gates, of the kinds real gate code taught.

Exhibits (the shapes real gate code taught the age_gate probe, issue 13):

* **A modal injected by script over content that is already in the page.**  Every feed, post
  and creator page is served whole (captions, comments, placeholder pictures); the site's app
  bundle asks the server for its settings, then lays a full-screen "date of birth" modal over
  the page.  With scripting off there is no modal and the content is plainly readable.
* **Date of birth in digit boxes**: eight transparent one-digit fields (D D / M M / Y Y Y Y)
  drawn by boxes that show their letter; typing a digit moves to the next box.
* **An under-age answer remembered**: the answer is checked in the browser; under 18 sets a
  year-long cookie and every later page of the feed is answered with a "sorry" page (the date
  itself is never sent).  An adult answer lasts for the browser session only.
* **A third-party provider hand-off for the vault**: a creator's vault page is covered by a
  server-drawn "Verify your age" box whose button starts an age-assurance provider's in-context
  SDK.  The SDK comes in the site's vendor bundle (a path that names no provider); what names it
  is the global the SDK defines, which the providers table lists.  The bundle here is a
  stand-in: it defines that global and, when the button is pressed, opens the SDK's frame on a
  local page saying no provider is reachable from the demo web.  Nothing leaves 127.0.0.1.
* **A year-of-birth question alone** on the shop (``shop.redlamp.test``, a hosted shop with
  its own age-gate app): an alertdialog with one "Year of birth" select, markup in the page,
  shown by script; an under-age year gets a message and the question stays.

Terms, privacy, help, report and contact pages are not gated (the gate script leaves them
out, as such scripts usually do).  ALL EXPLICIT MATERIAL IS REPRESENTED BY GREY PLACEHOLDERS.
"""

from __future__ import annotations

import json

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    TODAY,
    Service,
    Site,
    doc,
    esc,
    form_value,
    html,
    new_ref,
    redirect,
    robots_txt,
    sitemap_xml,
)

HOST = "www.redlamp.test"
SHOP = "shop.redlamp.test"
U = f"http://{HOST}"
S = f"http://{SHOP}"
AGE_COOKIE = "rl_age"
APP_JS = "/assets/app.7c41e9b2.js"
VENDOR_JS = "/assets/vendor.3f9a1d60.js"
VAULT_JS = "/assets/vault.b81c04e5.js"

CSS = """
html.rl-locked,html.rl-locked body{overflow:hidden}
body{margin:0;background:#1b1214;color:#f2e9e9;font:15px/1.45 "Helvetica Neue",Arial,sans-serif}
a{color:#ff9aa8}
.rl-hdr{display:flex;align-items:center;justify-content:space-between;padding:10px 22px;
 background:#2a181c;border-bottom:1px solid #3d2328}
.rl-hdr .rl-logo{font-size:22px;font-weight:700;letter-spacing:.5px;color:#ff5c70;
 text-decoration:none}
.rl-hdr nav a{margin-left:16px;color:#f2e9e9;text-decoration:none}
.rl-main{max-width:1040px;margin:0 auto;padding:20px 22px}
.rl-feed{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:18px}
.rl-card{background:#26191c;border-radius:10px;overflow:hidden}
.rl-card .rl-cap{padding:8px 12px 12px}
.rl-card .rl-by{font-size:13px;color:#c9aeb2}
.rl-ph{display:block;width:100%;height:auto;background:#8a8a8a}
.rl-meta{font-size:13px;color:#c9aeb2}
.rl-comments li{margin:6px 0}
.rl-ftr{margin-top:30px;padding:18px 22px;border-top:1px solid #3d2328;font-size:13px;
 color:#b79da1}
.rl-ftr a{margin-right:14px;color:#d9bfc3}
.rl-btn{display:inline-block;background:#c8243d;color:#fff;border:0;border-radius:22px;
 padding:11px 26px;font-size:16px;cursor:pointer;text-decoration:none}
.rl-gate{position:fixed;inset:0;z-index:2147483000;background:rgba(24,8,12,.94);display:flex;
 align-items:center;justify-content:center}
.rl-gate__box{background:#2f1c20;border-radius:14px;padding:30px 34px;max-width:460px;
 text-align:center;box-shadow:0 10px 40px rgba(0,0,0,.6)}
.rl-dob{display:flex;justify-content:center;gap:14px;margin:18px 0 6px}
.rl-dob__grp{display:flex;gap:5px}
.rl-digit{position:relative;width:34px;height:46px;border:2px solid #c98992;border-radius:7px;
 display:inline-flex;align-items:center;justify-content:center;font-size:22px}
.rl-digit i{font-style:normal;opacity:.45}
.rl-digit.is-set i{opacity:1}
.rl-digit input{position:absolute;inset:0;width:100%;height:100%;opacity:0;border:0;padding:0;
 font-size:22px}
.rl-err{color:#ffb3bd;min-height:20px;font-size:14px}
.rl-lock{position:fixed;inset:0;z-index:500;background:rgba(27,18,20,.97);display:flex;
 align-items:center;justify-content:center}
.rl-lock__box{background:#2f1c20;border-radius:14px;padding:28px 32px;max-width:480px;
 text-align:center}
.rl-tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:10px}
.rl-tile{height:90px;border-radius:8px;background:#3a2a2d;display:flex;align-items:center;
 justify-content:center;color:#9c8084}
"""

SHOP_CSS = """
body{margin:0;background:#fbf7f4;color:#2b2320;font:16px/1.5 Georgia,"Times New Roman",serif}
a{color:#8c2f39}
.sf-top{background:#8c2f39;color:#fff;padding:14px 24px;display:flex;justify-content:space-between}
.sf-top a{color:#fff;text-decoration:none;margin-left:14px}
.sf-wrap{max-width:980px;margin:0 auto;padding:22px}
.sf-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:20px}
.sf-item img{width:100%;height:auto;background:#bbb}
.sf-price{font-weight:bold}
.sf-foot{font-size:13px;color:#776;padding:20px 24px;border-top:1px solid #e5dcd6}
#age-check{position:fixed;inset:0;background:rgba(43,35,32,.88);display:flex;align-items:center;
 justify-content:center;z-index:50}
#age-check[hidden]{display:none}
#age-check .sf-box{background:#fff;padding:26px 30px;max-width:400px;border-radius:4px}
"""

CREATORS = {
    "ivy-rose": {"name": "Ivy Rose", "bio": "Boudoir photographer and model based in Leeds. "
                 "New sets every Friday; the vault has the full-length shoots.", "vault": 14,
                 "price": "8.99"},
    "mara-lux": {"name": "Mara Lux", "bio": "Latex, lights and long exposures. Commissions "
                 "open in the summer.", "vault": 9, "price": "6.50"},
    "sol-and-june": {"name": "Sol & June", "bio": "A couple sharing our photo diaries. Be "
                     "kind in the comments.", "vault": 22, "price": "10.00"},
}
POSTS = {
    1040 + i: {"creator": c, "title": t, "caption": cap, "likes": 120 + 37 * i,
               "comments": com}
    for i, (c, t, cap, com) in enumerate([
        ("ivy-rose", "Golden hour, part two", "Shot in the last ten minutes of light on the "
         "old mill stairs. Full set in the vault.", ["Stunning light.", "That staircase!"]),
        ("mara-lux", "Neon study #4", "Three gels, one long exposure and a very patient "
         "assistant.", ["How long was the exposure?", "Love the pink."]),
        ("sol-and-june", "Sunday morning", "Coffee, rain on the skylight and nowhere to be.",
         ["Cosy.", "More of these please."]),
        ("ivy-rose", "Behind the scenes", "The lighting setup for Friday's set, for the "
         "photographers who asked.", ["Thanks for sharing the setup!"]),
        ("mara-lux", "Mirror, mirror", "Playing with reflections in a hotel room in Brighton.",
         ["Clever framing."]),
        ("sol-and-june", "Anniversary", "Five years today. Thank you for being here with us.",
         ["Congratulations!", "Happy anniversary."]),
    ])
}

# -- the site's app bundle: likes filled in late, then the age gate -----------------------
APP_JS_BODY = r"""/*! redlamp web 4.12.0 | (c) Red Lamp Social Ltd */
(function () {
  "use strict";
  var SKIP = /^\/(terms|privacy|help|report|contact|sorry)(\/|$)/;
  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function likes() {
    var els = document.querySelectorAll("[data-likes]");
    for (var i = 0; i < els.length; i++) {
      els[i].textContent = "\u2665 " + els[i].getAttribute("data-likes");
    }
  }
  function h(tag, attrs, html) {
    var el = document.createElement(tag);
    for (var k in attrs) el.setAttribute(k, attrs[k]);
    if (html) el.innerHTML = html;
    return el;
  }
  function digits(part, letter, n) {
    var grp = h("div", {"class": "rl-dob__grp", "data-part": part});
    for (var i = 0; i < n; i++) {
      var box = h("span", {"class": "rl-digit"}, "<i>" + letter + "</i>");
      box.appendChild(h("input", {type: "text", inputmode: "numeric", maxlength: "1",
                                  autocomplete: "off", "data-part": part}));
      grp.appendChild(box);
    }
    return grp;
  }
  function age(y, m, d, today) {
    var a = today.y - y;
    if (today.m < m || (today.m === m && today.d < d)) a--;
    return a;
  }
  function gate(cfg) {
    var t = String(cfg.today || "").split("-").map(Number);
    var today = t.length === 3 ? {y: t[0], m: t[1], d: t[2]}
      : {y: new Date().getFullYear(), m: new Date().getMonth() + 1, d: new Date().getDate()};
    var wrap = h("div", {"class": "rl-gate", id: "rl-gate", role: "dialog",
                         "aria-modal": "true", "aria-labelledby": "rl-gate-t"});
    var box = h("div", {"class": "rl-gate__box"},
      '<div class="rl-logo" style="font-size:26px;color:#ff5c70;font-weight:700">Red Lamp</div>' +
      '<h2 id="rl-gate-t">Before you come in</h2>' +
      "<p>Red Lamp is a community for adults and contains sexually explicit material. To " +
      "continue, please enter your date of birth.</p>");
    var form = h("form", {novalidate: "", autocomplete: "off"});
    var row = h("div", {"class": "rl-dob"});
    row.appendChild(digits("day", "D", 2));
    row.appendChild(digits("month", "M", 2));
    row.appendChild(digits("year", "Y", 4));
    form.appendChild(row);
    var err = h("p", {"class": "rl-err", role: "alert"});
    form.appendChild(err);
    form.appendChild(h("button", {type: "submit", "class": "rl-btn"}, "Enter"));
    box.appendChild(form);
    box.appendChild(h("p", {style: "font-size:12px;color:#b79da1"},
      'By entering you agree to our <a href="/terms">terms</a>. We keep your answer in a ' +
      "cookie; we do not store your date of birth."));
    wrap.appendChild(box);
    document.body.appendChild(wrap);
    document.documentElement.classList.add("rl-locked");
    var inputs = wrap.querySelectorAll("input");
    Array.prototype.forEach.call(inputs, function (inp, i) {
      inp.addEventListener("input", function () {
        var v = inp.value.replace(/\D/g, "").slice(-1);
        inp.value = v;
        var shown = inp.parentNode.querySelector("i");
        shown.textContent = v || shown.getAttribute("data-l") || shown.textContent;
        inp.parentNode.classList.toggle("is-set", !!v);
        if (v && inputs[i + 1]) inputs[i + 1].focus();
      });
      inp.addEventListener("keydown", function (ev) {
        if (ev.key === "Backspace" && !inp.value && inputs[i - 1]) inputs[i - 1].focus();
      });
      var i0 = inp.parentNode.querySelector("i");
      i0.setAttribute("data-l", i0.textContent);
    });
    inputs[0].focus();
    function read(part) {
      var s = "";
      wrap.querySelectorAll('input[data-part="' + part + '"]').forEach(function (x) {
        s += x.value;
      });
      return s;
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var d = Number(read("day")), m = Number(read("month")), y = read("year");
      var when = new Date(Number(y), m - 1, d);
      if (y.length !== 4 || !d || !m || when.getMonth() !== m - 1 || when.getDate() !== d) {
        err.textContent = "Please enter a real date of birth.";
        return;
      }
      if (age(Number(y), m, d, today) < (cfg.min_age || 18)) {
        document.cookie = "rl_age=minor; max-age=31536000; path=/; SameSite=Lax";
        location.replace("/sorry");
        return;
      }
      document.cookie = "rl_age=adult; path=/; SameSite=Lax";
      wrap.parentNode.removeChild(wrap);
      document.documentElement.classList.remove("rl-locked");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    likes();
    if (SKIP.test(location.pathname) || document.getElementById("vault-check")) return;
    if (cookie("rl_age") === "adult") return;
    fetch("/api/site-config", {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (cfg) { setTimeout(function () { gate(cfg); }, 150); })
      .catch(function () { gate({min_age: 18}); });
  });
})();
"""

# A stand-in for an age-assurance provider's in-context SDK as a bundler ships it: the path
# names no provider; the global is the one that provider's real UMD build defines (the providers
# table, probes/age_providers.toml, lists it).  No provider code is bundled, and nothing is
# fetched from the provider: the frame opens on a local page.
VENDOR_JS_BODY = r"""/*! vendor bundle | chunks: core-js, dayjs, in-context age verification */
(function (w) {
  "use strict";
  function createVeriffFrame(opts) {
    opts = opts || {};
    var f = document.createElement("iframe");
    f.id = "veriffFrame";
    f.src = opts.url;
    f.title = "Age verification";
    f.allow = "camera; microphone";
    f.style.cssText = "position:fixed;inset:5% 10%;width:80%;height:90%;border:0;" +
      "border-radius:12px;background:#fff;z-index:2147483001";
    document.body.appendChild(f);
    return {close: function () { if (f.parentNode) f.parentNode.removeChild(f); }};
  }
  w.veriffSDK = {createVeriffFrame: createVeriffFrame};
})(window);
"""

VAULT_JS_BODY = r"""(function () {
  "use strict";
  var btn = document.getElementById("vc-start");
  if (!btn) return;
  btn.addEventListener("click", function () {
    btn.disabled = true;
    fetch("/api/age-check/session", {method: "POST", credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (s) { window.veriffSDK.createVeriffFrame({url: s.url}); })
      .catch(function () { btn.disabled = false; });
  });
})();
"""

# -- the shop's age-gate app (a different platform, a different gate) ------------------------
SHOP_GATE = """
<div id="age-check" role="alertdialog" aria-modal="true" aria-labelledby="ac-title" hidden>
 <div class="sf-box">
  <h2 id="ac-title">Just checking</h2>
  <p>Some of our products are only for adults aged 18 and over. Please tell us the year you
  were born.</p>
  <label for="ac-year">Year of birth</label>
  <select id="ac-year" name="year"><option value="">Select</option></select>
  <button type="button" id="ac-go">Continue</button>
  <p id="ac-msg" role="status"></p>
 </div>
</div>
"""

SHOP_JS = """
(function () {
  var box = document.getElementById('age-check');
  if (!box || localStorage.getItem('sf_age_ok') === '1') return;
  var sel = document.getElementById('ac-year'), now = %(year)d;
  for (var y = now; y >= now - 100; y--) sel.add(new Option(String(y), String(y)));
  box.hidden = false;
  document.getElementById('ac-go').onclick = function () {
    var y = Number(sel.value);
    if (!y) return;
    if (now - y > 18) { localStorage.setItem('sf_age_ok', '1'); box.hidden = true; }
    else document.getElementById('ac-msg').textContent =
      'Sorry, you must be 18 or over to shop with us.';
  };
})();
"""

PRODUCTS = {
    "lace-blindfold": ("Lace blindfold", "18.00"),
    "red-silk-robe": ("Red silk robe", "64.00"),
    "ivy-rose-print-a3": ("Ivy Rose signed print (A3)", "35.00"),
    "massage-candle": ("Massage candle, fig and amber", "22.00"),
}

TERMS = """
<h1>Terms of use</h1>
<p class="rl-meta">Last updated: 12 March 2025</p>
<p>Red Lamp (www.redlamp.test) is run by Red Lamp Social Ltd. These terms apply to everyone who
visits, follows or posts.</p>
<h2>1. You must be 18</h2>
<p>Red Lamp is for adults only: you must be at least 18 years old to use it. Creators post
sexually explicit material (pornography) for adults, and adult content is allowed only for users
aged 18 and over. We ask every visitor for their date of birth. Before you can open a creator's
vault, we verify your age through our verification partner, with an ID document and a
selfie.</p>
<h2>2. What you may not post</h2>
<p>We do not allow illegal content. We prohibit child sexual abuse material and anything that
sexualises anyone under 18, intimate images shared without the consent of everyone shown,
harassment and threats, and hate speech. Everyone shown in a post must be 18 or over and have
agreed to appear; creators keep proof of this.</p>
<h2>3. Reporting</h2>
<p>Use the Report link on any post, or our <a href="/report">report form</a>, to tell us about
content that breaks these terms. We may remove content and close accounts.</p>
<h2>4. Creators</h2>
<p>Creators are paid monthly. We may hold payouts while we look into a report.</p>
"""


def _svg(w: int, h: int, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
            f'<rect width="{w}" height="{h}" fill="#8a8a8a"/><text x="50%" y="50%" '
            'font-family="sans-serif" font-size="14" fill="#333" text-anchor="middle">'
            f"{esc(label)}</text></svg>")


def _page(title: str, inner: str, *, status: int = 200, extra: str = "") -> Response:
    top = ('<div class="rl-hdr"><a class="rl-logo" href="/">Red Lamp</a><nav>'
           '<a href="/">Feed</a><a href="/creators">Creators</a>'
           f'<a href="{S}/">Shop</a><a href="/help">Help</a></nav></div>')
    bottom = ('<div class="rl-ftr"><a href="/terms">Terms of use</a><a href="/privacy">Privacy'
              '</a><a href="/help">Help</a><a href="/report">Report content</a>'
              '<a href="/contact">Contact</a><div>&copy; 2025 Red Lamp Social Ltd. 18+ only. '
              "Everyone shown was 18 or over when photographed.</div></div>")
    head = f'<script src="{APP_JS}" defer></script>'
    body = f'{top}<div class="rl-main">{inner}</div>{bottom}{extra}'
    return html(doc(f"{title} | Red Lamp", body, css=CSS, head=head), status=status)


def _card(pid: int) -> str:
    p = POSTS[pid]
    c = CREATORS[p["creator"]]
    n = len(p["comments"])
    return (f'<div class="rl-card"><a href="/posts/{pid}"><img class="rl-ph" width="230" '
            f'height="150" src="/media/{pid}.svg" alt="placeholder image"></a>'
            f'<div class="rl-cap"><a href="/posts/{pid}"><b>{esc(p["title"])}</b></a>'
            f'<div class="rl-by">by <a href="/creators/{p["creator"]}">{esc(c["name"])}</a> '
            f'&middot; <span data-likes="{p["likes"]}"></span> &middot; {n} comment'
            f'{"" if n == 1 else "s"}</div><p>{esc(p["caption"])}</p>'
            f'<a class="rl-meta" href="/creators/{p["creator"]}/vault">&#128274; {c["vault"]} '
            "more in the vault</a></div></div>")


def _shop_page(title: str, inner: str) -> Response:
    body = ('<div class="sf-top"><b>Red Lamp Shop</b><span><a href="/">All products</a>'
            f'<a href="{U}/">Back to Red Lamp</a></span></div>'
            f'<div class="sf-wrap">{inner}</div>'
            '<div class="sf-foot">Red Lamp Shop &middot; Discreet UK delivery &middot; '
            "Powered by Shopfront</div>" + SHOP_GATE
            + f"<script>{SHOP_JS % {'year': TODAY.year}}</script>")
    return html(doc(f"{title} - Red Lamp Shop", body, css=SHOP_CSS))


def build() -> Site:
    site = Site([HOST, SHOP], cookie="rl_sid",
                not_found=lambda req, e: _page("Not found", "<h1>Page not found</h1>",
                                               status=404))
    site.state["reports"] = []

    def minor(req: Request) -> Response | None:
        """A visitor who said they were under 18 is sent to the sorry page."""
        if req.cookies.get(AGE_COOKIE) == "minor":
            return redirect("/sorry", status=302)
        return None

    @site.route("/")
    def home(req: Request):
        stop = minor(req)
        if stop:
            return stop
        cards = "".join(_card(p) for p in POSTS)
        return _page("Your feed", '<h1>New on Red Lamp</h1><p class="rl-meta">Photo sets and '
                                  "diaries from independent creators.</p>"
                                  f'<div class="rl-feed">{cards}</div>'
                                  '<div class="rl-card" style="margin-top:24px;padding:16px">'
                                  "<h2>Are you a creator?</h2><p>Share your photos with the fans "
                                  "who love them and get paid every month. Applications open "
                                  "again in the autumn.</p></div>")

    @site.route("/posts/<int:pid>")
    def post(req: Request, pid: int):
        if pid not in POSTS:
            raise NotFound()
        stop = minor(req)
        if stop:
            return stop
        p = POSTS[pid]
        c = CREATORS[p["creator"]]
        comments = "".join(f"<li><b>fan{pid % 97 + i}</b>: {esc(t)}</li>"
                           for i, t in enumerate(p["comments"]))
        inner = (f'<h1>{esc(p["title"])}</h1><div class="rl-meta">by '
                 f'<a href="/creators/{p["creator"]}">{esc(c["name"])}</a> &middot; '
                 f'<span data-likes="{p["likes"]}"></span> &middot; '
                 f'<a href="/report?post={pid}">Report</a></div>'
                 f'<img class="rl-ph" style="max-width:640px" width="640" height="420" '
                 f'src="/media/{pid}.svg" alt="placeholder image">'
                 f'<p>{esc(p["caption"])}</p>'
                 f'<h2>Comments</h2><ul class="rl-comments">{comments}</ul>'
                 f'<p><a href="/creators/{p["creator"]}/vault">See the full set in '
                 f'{esc(c["name"])}\'s vault</a></p>')
        return _page(p["title"], inner)

    @site.route("/creators")
    def creators(req: Request):
        stop = minor(req)
        if stop:
            return stop
        items = "".join(f'<li><a href="/creators/{k}">{esc(v["name"])}</a> &mdash; '
                        f'{esc(v["bio"])}</li>' for k, v in CREATORS.items())
        return _page("Creators", f"<h1>Creators</h1><ul>{items}</ul>")

    @site.route("/creators/<slug>")
    def creator(req: Request, slug: str):
        if slug not in CREATORS:
            raise NotFound()
        stop = minor(req)
        if stop:
            return stop
        c = CREATORS[slug]
        cards = "".join(_card(p) for p, d in POSTS.items() if d["creator"] == slug)
        inner = (f'<h1>{esc(c["name"])}</h1><p>{esc(c["bio"])}</p>'
                 f'<p>Subscribe for &pound;{c["price"]} a month. '
                 f'<a class="rl-btn" href="/creators/{slug}/vault">Open the vault '
                 f'({c["vault"]} posts)</a></p><div class="rl-feed">{cards}</div>')
        return _page(c["name"], inner)

    @site.route("/creators/<slug>/vault")
    def vault(req: Request, slug: str):
        if slug not in CREATORS:
            raise NotFound()
        stop = minor(req)
        if stop:
            return stop
        c = CREATORS[slug]
        tiles = "".join('<div class="rl-tile">&#128274; locked</div>'
                        for _ in range(min(c["vault"], 8)))
        lock = ('<div id="vault-check" class="rl-lock" role="dialog" aria-modal="true" '
                'aria-labelledby="vc-t"><div class="rl-lock__box">'
                f'<h2 id="vc-t">Verify your age to open {esc(c["name"])}\'s vault</h2>'
                "<p>Vault posts are sexually explicit. UK law requires us to check that you are "
                "18 or over before we show them. It takes about two minutes with an ID document "
                "and a selfie, through our verification partner.</p>"
                '<button type="button" id="vc-start" class="rl-btn">Verify my age</button>'
                '<p style="font-size:13px"><a href="/help#vault">Why do I need to do this?</a>'
                f'</p></div></div><script src="{VENDOR_JS}"></script>'
                f'<script src="{VAULT_JS}"></script>')
        inner = (f'<h1>{esc(c["name"])}\'s vault</h1><p class="rl-meta">{c["vault"]} posts'
                 f'</p><div class="rl-tiles">{tiles}</div>')
        return _page(f'{c["name"]}\'s vault', inner, extra=lock)

    @site.route("/sorry")
    def sorry(req: Request):
        return _page("Sorry", "<h1>Sorry, Red Lamp is only for adults</h1><p>You told us you "
                              "are under 18, so you cannot use Red Lamp. You must be 18 or over "
                              "to enter.</p><p>If you are worried about something you have "
                              'seen online, <a href="/help#support">find support here</a>.</p>')

    @site.route("/api/site-config")
    def site_config(req: Request):
        return Response(json.dumps({"min_age": 18, "today": TODAY.isoformat(),
                                    "features": {"likes": True, "vault": True}}),
                        content_type="application/json")

    @site.route("/api/age-check/session", methods=("POST",))
    def age_check_session(req: Request):
        return Response(json.dumps({"url": f"{U}/age-check/offline"}),
                        content_type="application/json")

    @site.route("/age-check/offline")
    def age_check_offline(req: Request):
        return html(doc("Age verification", "<h1>Age verification</h1><p>The verification "
                                            "partner is not part of the demo web: no check "
                                            "can be done here.</p>"))

    @site.route(APP_JS)
    def app_js(req: Request):
        return Response(APP_JS_BODY, content_type="application/javascript; charset=utf-8")

    @site.route(VENDOR_JS)
    def vendor_js(req: Request):
        return Response(VENDOR_JS_BODY, content_type="application/javascript; charset=utf-8")

    @site.route(VAULT_JS)
    def vault_js(req: Request):
        return Response(VAULT_JS_BODY, content_type="application/javascript; charset=utf-8")

    @site.route("/media/<int:pid>.svg")
    def media(req: Request, pid: int):
        return Response(_svg(640, 420, "placeholder image"), content_type="image/svg+xml")

    @site.route("/report", methods=("GET", "POST"))
    def report(req: Request):
        reasons = [("illegal", "Illegal content"), ("underage", "Someone may be under 18"),
                   ("consent", "Shared without consent (intimate image abuse)"),
                   ("harassment", "Harassment or threats"), ("hate", "Hate speech"),
                   ("spam", "Spam or scam"), ("other", "Something else")]
        if req.method == "POST":
            if form_value(req, "reason") in dict(reasons):
                ref = new_ref("RL")
                with site.lock:
                    site.state["reports"].append({"ref": ref, "post": form_value(req, "post")})
                return _page("Report sent", f"<h1>Thank you</h1><p>Your report {ref} has been "
                                            "sent to our safety team.</p>")
        opts = "".join(f'<option value="{k}">{esc(t)}</option>' for k, t in reasons)
        inner = ('<h1>Report content</h1><form method="post" action="/report">'
                 '<p><label for="post">Post link or number</label><br>'
                 f'<input id="post" name="post" value="{esc(form_value(req, "post"))}"></p>'
                 '<p><label for="reason">What is wrong?</label><br><select id="reason" '
                 f'name="reason"><option value="">Choose one</option>{opts}</select></p>'
                 '<p><label for="details">Tell us more</label><br><textarea id="details" '
                 'name="details" rows="5" cols="50"></textarea></p>'
                 '<p><button type="submit" class="rl-btn">Send report</button></p></form>')
        return _page("Report content", inner)

    @site.route("/terms")
    def terms(req: Request):
        return _page("Terms of use", TERMS)

    @site.route("/privacy")
    def privacy(req: Request):
        return _page("Privacy", "<h1>Privacy notice</h1><p>We keep a cookie that remembers "
                                "your answer to our age question (a year if you are under 18, "
                                "until you close your browser if you are not). We do not store "
                                "your date of birth. Our verification partner keeps ID images "
                                "for as long as the law requires.</p>")

    @site.route("/help")
    def help_page(req: Request):
        return _page("Help", '<h1>Help centre</h1><h2 id="vault">Why is the vault locked?</h2>'
                             "<p>Vault posts are sexually explicit. Before we open a vault we "
                             "check your age with an ID document and a selfie, through our "
                             "verification partner.</p>"
                             '<h2 id="support">Support</h2><p>If something online has upset '
                             "you, talk to someone you trust or contact a support service "
                             "such as Childline.</p>")

    @site.route("/contact")
    def contact(req: Request):
        return _page("Contact", "<h1>Contact us</h1><p>Email support@redlamp.test. Red Lamp "
                                "Social Ltd, Manchester.</p>")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/api/"], sitemap=f"{U}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        return sitemap_xml([f"{U}/", f"{U}/creators", f"{U}/terms", f"{U}/privacy",
                            f"{U}/help", f"{U}/report", f"{U}/contact"]
                           + [f"{U}/posts/{p}" for p in POSTS]
                           + [f"{U}/creators/{c}" for c in CREATORS])

    # -- the shop (a hosted shop platform with its own age-gate app) ------------------------
    @site.route("/", host=SHOP)
    def shop_home(req: Request):
        items = "".join(f'<div class="sf-item"><a href="/products/{k}"><img width="210" '
                        f'height="160" src="/img/{k}.svg" alt="{esc(n)}"></a>'
                        f'<div><a href="/products/{k}">{esc(n)}</a></div>'
                        f'<div class="sf-price">&pound;{p}</div></div>'
                        for k, (n, p) in PRODUCTS.items())
        return _shop_page("Shop", "<h1>New in</h1><p>Lingerie, gifts and signed prints from "
                                  "your favourite Red Lamp creators, delivered discreetly.</p>"
                                  f'<div class="sf-grid">{items}</div>')

    @site.route("/products/<slug>", host=SHOP)
    def shop_product(req: Request, slug: str):
        if slug not in PRODUCTS:
            raise NotFound()
        name, price = PRODUCTS[slug]
        return _shop_page(name, f'<h1>{esc(name)}</h1><img width="420" height="320" '
                                f'src="/img/{slug}.svg" alt="{esc(name)}">'
                                f'<p class="sf-price">&pound;{price}</p><p>Hand-finished in '
                                "small batches. Ships in plain packaging within two working "
                                "days.</p><p><button>Add to basket</button></p>")

    @site.route("/img/<slug>.svg", host=SHOP)
    def shop_img(req: Request, slug: str):
        return Response(_svg(420, 320, "product photo"), content_type="image/svg+xml")

    @site.route("/robots.txt", host=SHOP)
    def shop_robots(req: Request):
        return robots_txt(["/cart", "/checkout"], sitemap=f"{S}/sitemap.xml")

    @site.route("/sitemap.xml", host=SHOP)
    def shop_sitemap(req: Request):
        return sitemap_xml([f"{S}/"] + [f"{S}/products/{k}" for k in PRODUCTS])

    return site


SERVICE = Service(
    id="redlamp",
    name="Red Lamp",
    hosts=[HOST, SHOP],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "adult", "extra_domains": SHOP, "risk_levels": "pornography=high",
         "likely_accessed_by_children": "", "regime": "", "tags": "demo;adult;creators",
         "notes": "Demo: script-drawn date-of-birth gate over the feed; vault behind a "
                  "provider SDK; year-of-birth gate on the shop"},
    description="adult creators' community; script-drawn digit-box date-of-birth gate over "
                "content already in the page; under-age answers remembered; vault behind a "
                "provider SDK; year-of-birth gate on the shop",
)
