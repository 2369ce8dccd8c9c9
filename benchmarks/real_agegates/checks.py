"""Browser checks that decide the labels of the real-age-gate benchmark.

Independent of the project's probes (nothing from /work/main/probes is imported or run): every
observation comes from headless Chromium driven here, one FRESH browser context per check.

For each site it records raw observations in ``cache/checks/SITE.json`` with screenshots
``cache/checks/SITE-*.png``:

* ``landing``   JS on, landing page: what is visible (age-prompt text, date inputs, yes/no
  buttons, password field, frames, off-site requests);
* ``deep``      JS on, deep page, fresh context: same, plus whether the deep page's content
  (its first heading, taken from the site's own file) is in the served HTML, in the DOM, and
  visible and usable (hit-test at its centre, no blur);
* ``handoff``   JS on, deep page: click any 'verify' button and record off-site requests/frames;
* ``nojs``      deep page with ``java_script_enabled=False``;
* ``dismiss``   deep page: Escape, then a close/dismiss button, then a click on the backdrop;
* ``adult``     pass the gate as an adult (DOB 1980-01-01, allowed country, or 'yes'), reload in
  the same context, then open the deep page in a new fresh context;
* ``minor``     answer as a 12-year-old (or 'no'), then reload/revisit the deep page in the same
  context and see whether the refusal is remembered.

Site-specific form filling lives in ``DRIVERS`` (how to answer each gate's form); everything
else is generic.  Off-site requests are aborted (offline) but recorded.

    .venv/bin/python benchmarks/real_agegates/checks.py [--only a,b] [--jobs 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import server  # noqa: E402

OUT = HERE / "cache" / "checks"
CHROMIUM = "/usr/bin/chromium"
WAIT = 2500

# Provider hosts (first domain is the name used in labels.csv).  Written out here on purpose:
# the labels must not depend on the project's own code.
PROVIDERS = {
    "veriff.com": ["veriff.com", "veriff.me"],
    "jumio.com": ["jumio.com", "jumio.ai", "netverify.com"],
    "sumsub.com": ["sumsub.com"],
    "didit.me": ["didit.me"],
    "withpersona.com": ["withpersona.com"],
    "onfido.com": ["onfido.com"],
    "yoti.com": ["yoti.com", "yoti.world"],
}
PROVIDER_WORDS = {
    "veriff.com": "Veriff",
    "jumio.com": "Jumio",
    "sumsub.com": "Sumsub",
    "didit.me": "Didit",
    "withpersona.com": "Persona",
    "onfido.com": "Onfido",
    "yoti.com": "Yoti",
}

AGE_RE = (
    r"(?:date|year|day|month) of (?:your )?birth|age verification|verify (?:your|my) age"
    r"|verify you'?re 1[89]"
    r"|identity and age|are you (?:of legal|1[89]|21)|legal (?:drinking|gambling) age"
    r"|confirm your age|(?:1[89]|21) (?:or older|or over|years or older)|must be (?:1[89]|21)"
    r"|members must be|must be logged in|only for adults|adults only|for adults of legal"
)

# JS run in the page: walks the light DOM, open shadow roots and same-origin frames.
#: What one look at a page records (gate shape, content marker); kept as its own file.
SNAPSHOT_JS = (HERE / "checks_snapshot.js").read_text(encoding="utf-8")


def provider_of(host: str) -> str | None:
    host = (host or "").lower()
    for name, doms in PROVIDERS.items():
        if any(host == d or host.endswith("." + d) for d in doms):
            return name
    return None


def deep_marker(site: str, conf: dict) -> tuple[str, str]:
    """First h1/h2 inside the deep page's main block, from the site's own file: (raw, text)."""
    rel = conf["deep"].lstrip("/")
    d = server.SITES / site
    for cand in (d / (rel + ".html"), d / rel / "index.html"):
        if cand.is_file():
            src = cand.read_text("utf-8")
            main = src.split('class="wrap main"', 1)[-1]
            m = re.search(r"<h1[^>]*>(.*?)</h1>", main, re.S) or re.search(
                r"<h2[^>]*>(.*?)</h2>", main, re.S
            )
            if m:
                raw = m.group(1)
                return raw, html.unescape(re.sub(r"<[^>]+>", "", raw)).strip()
    return "", ""


class Run:
    """One fresh context + page, recording requests."""

    def __init__(self, browser, js=True):
        self.ctx = browser.new_context(
            viewport={"width": 1280, "height": 800}, java_script_enabled=js
        )
        self.offsite: list[str] = []
        self.navs: list[str] = []
        self.errors: list[str] = []

        def route(r):
            host = urlsplit(r.request.url).hostname or ""
            if host in ("127.0.0.1", "localhost") or r.request.url.startswith(("data:", "blob:")):
                return r.continue_()
            self.offsite.append(r.request.url[:200])
            return r.abort("internetdisconnected")

        self.ctx.route("**/*", route)
        self.page = self.ctx.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)[:160]))
        self.page.on(
            "framenavigated",
            lambda f: self.navs.append(f.url[:200]) if f == self.page.main_frame else None,
        )

    def goto(self, url, wait=WAIT):
        resp = None
        try:
            resp = self.page.goto(url, wait_until="load", timeout=20000)
        except Exception as e:  # noqa: BLE001
            self.errors.append(f"goto: {str(e)[:160]}")
        self.page.wait_for_timeout(wait)
        return resp

    def snap(self, marker):
        try:
            return self.page.evaluate(SNAPSHOT_JS, [marker, AGE_RE])
        except Exception as e:  # noqa: BLE001
            return {"error": str(e)[:200]}

    def shot(self, path):
        try:
            self.page.screenshot(path=str(path))
        except Exception as e:  # noqa: BLE001
            self.errors.append(f"screenshot: {str(e)[:120]}")

    def close(self):
        self.ctx.close()


def classify(s: dict, offsite: list[str]) -> dict:
    """Gate shape from one snapshot (+ off-site requests of that context)."""
    if "error" in s:
        return {"shown": None, "type": "unknown"}
    provs = sorted(
        {
            p
            for u in offsite + [f["src"] for f in s.get("frames", [])]
            if (p := provider_of(urlsplit(u).hostname or ""))
        }
    )
    path = urlsplit(s["url"]).path
    login = s["password"] > 0 and (
        "/login" in path or re.search(r"logged in|members only", s["visible_text"], re.I)
    )
    dob = s["date_inputs"] > 0 or s["year_selects"] > 0
    age = bool(s["age_texts"])
    if login:
        t = "login_wall"
    elif provs and age:
        t = "third_party"
    elif dob and age:
        t = "dob_entry"
    elif age and s["yes_no_buttons"]:
        t = "self_declaration"
    elif age and s["content"].get("exists") and not s["content"].get("usable"):
        t = "blocking_age_text"  # e.g. a provider box that did not render
    elif age:
        t = "age_text_only"
    else:
        t = "none"
    return {"shown": t not in ("none", "age_text_only"), "type": t, "providers": provs}


# --- how to answer each gate -------------------------------------------------------------
YEAR = dt.date.today().year
MINOR = dt.date.today().replace(year=YEAR - 12)


def _age_check(page_or_frame, dob: dt.date):
    f = page_or_frame
    f.locator(".ac-container .month").select_option(str(dob.month - 1))
    f.locator(".ac-container .day").fill(str(dob.day))
    f.locator(".ac-container .year").fill(str(dob.year))
    f.locator(".ac-container button").click()


def _dmy_selects(page, dob, country, names=("d", "m", "y", "c")):
    d, m, y, c = names
    page.locator(f"select[name={d}]").select_option(str(dob.day))
    page.locator(f"select[name={m}]").select_option(str(dob.month - 1))
    page.locator(f"select[name={y}]").select_option(str(dob.year))
    page.locator(f"select[name={c}]").select_option(country)


def _pwag(page, dob):
    # pegasus-web/age-gate 'birthday': accept terms, then type YYYYMMDD into the digit boxes
    # (the year boxes come pre-filled with '19').
    page.locator(".pwag-checkbox__label").click()
    box = page.locator(".pwag-date-box--2 .pwag-date-box__input")
    box.focus()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.wait_for_timeout(200)
    page.keyboard.type(dob.strftime("%Y%m%d"), delay=120)


DRIVERS = {
    "afterdark-forum": {
        "adult": lambda p: (
            p.fill("input[name=username]", "adult_member"),
            p.fill("input[name=password]", "x"),
            p.click("button[type=submit]"),
        ),
    },
    "barrelhouse-spirits": {
        "adult": lambda p: (
            _dmy_selects(p, dt.date(1980, 1, 1), "GB"),
            p.click("age-verification button"),
        ),
        "adult_remember": lambda p: (
            _dmy_selects(p, dt.date(1980, 1, 1), "GB"),
            p.check("input[name=r]"),
            p.click("age-verification button"),
        ),
        "minor": lambda p: (_dmy_selects(p, MINOR, "GB"), p.click("age-verification button")),
    },
    "cellar-door-wines": {
        "adult": lambda p: _age_check(p, dt.date(1980, 1, 1)),
        "minor": lambda p: _age_check(p, MINOR),
    },
    "cloudnine-vapes": {
        "adult": lambda p: p.click(".swal2-confirm"),
        "minor": lambda p: p.click(".swal2-deny"),
    },
    "corner-bottle-shop": {
        "adult": lambda p: p.click(".popup-agree"),
        "minor": lambda p: p.click(".popup-cancel"),
    },
    "ember-cbd": {
        "adult": lambda p: (p.select_option("#yob", "1980"), p.click("#age-form button")),
        "minor": lambda p: (p.select_option("#yob", str(MINOR.year)), p.click("#age-form button")),
    },
    "fjord-aquavit": {
        "adult": lambda p: _pwag(p, dt.date(1980, 1, 1)),
        "minor": lambda p: _pwag(p, MINOR),
    },
    "greenleaf-dispensary": {
        "adult": lambda p: (p.select_option(".swal2-select", "1980"), p.click(".swal2-confirm")),
        "minor": lambda p: (
            p.select_option(".swal2-select", str(MINOR.year)),
            p.click(".swal2-confirm"),
        ),
    },
    "hopsandhollow": {
        "adult": lambda p: (
            p.fill("#hh-gate input[name=dob]", "1980-01-01"),
            p.select_option("#hh-gate select[name=country]", "US"),
            p.click("#hh-gate button"),
        ),
        "adult_remember": lambda p: (
            p.fill("#hh-gate input[name=dob]", "1980-01-01"),
            p.select_option("#hh-gate select[name=country]", "US"),
            p.check("#hh-gate input[name=remember]"),
            p.click("#hh-gate button"),
        ),
        "minor": lambda p: (
            p.fill("#hh-gate input[name=dob]", MINOR.isoformat()),
            p.select_option("#hh-gate select[name=country]", "US"),
            p.click("#hh-gate button"),
        ),
    },
    "nightowl-dating": {
        "adult": lambda p: _age_check(p.frame_locator("#age-frame"), dt.date(1980, 1, 1)),
        "minor": lambda p: _age_check(p.frame_locator("#age-frame"), MINOR),
    },
    "smokehouse-cigars": {
        "adult": lambda p: (
            p.fill("#sh-age input[name=dob]", "1980-01-01"),
            p.click("#sh-age button"),
        ),
        "minor": lambda p: (
            p.fill("#sh-age input[name=dob]", MINOR.isoformat()),
            p.click("#sh-age button"),
        ),
    },
    "spinroyale": {
        "adult": lambda p: (
            _dmy_selects(p, dt.date(1980, 1, 1), "GB", ("day", "month", "year", "country")),
            p.click("#ageform button"),
        ),
        "minor": lambda p: (
            _dmy_selects(p, MINOR, "GB", ("day", "month", "year", "country")),
            p.click("#ageform button"),
        ),
    },
    "vaporhaus": {
        "adult": lambda p: p.click("#age-yes"),
        "minor": lambda p: p.click("#age-no"),
    },
    "velvetclips": {
        "adult": lambda p: _age_check(p, dt.date(1980, 1, 1)),
        "minor": lambda p: _age_check(p, MINOR),
    },
}

CLOSE_RE = re.compile(
    r"^\s*(×|✕|✖|x|close|dismiss|not now|later|maybe later|skip|no thanks|cancel)\s*$", re.I
)


def check_site(site: str, base: str, browser) -> dict:
    conf = tomllib.loads((server.SITES / site / "site.toml").read_text("utf-8"))
    raw_marker, marker = deep_marker(site, conf)
    landing, deep = urljoin(base, conf.get("landing", "/")), urljoin(base, conf["deep"])
    rec = {"site": site, "kind_declared": conf.get("kind"), "marker": marker, "checks": {}}
    C = rec["checks"]

    def observe(name, url, js=True, shot=True):
        r = Run(browser, js)
        resp = r.goto(url)
        served = ""
        try:
            served = resp.text() if resp else ""
        except Exception:  # noqa: BLE001
            pass
        s = r.snap(marker)
        if shot:
            r.shot(OUT / f"{site}-{name}.png")
        out = {
            "url": url,
            "js": js,
            "status": resp.status if resp else None,
            "snapshot": s,
            "served_html_has_content": bool(raw_marker) and raw_marker in served,
            "served_final_url": resp.url if resp else None,
            "offsite_requests": r.offsite,
            "navigations": r.navs,
            "errors": r.errors,
            "gate": classify(s, r.offsite) if js else None,
        }
        if not js:
            # without scripts: is the content visible? anything in its way?
            c = s.get("content", {}) if isinstance(s, dict) else {}
            out["content_visible_nojs"] = bool(c.get("usable"))
            out["age_text_nojs"] = s.get("age_texts") if isinstance(s, dict) else None
        r.close()
        return out

    C["landing"] = observe("landing", landing)
    C["deep"] = observe("deep", deep)
    C["nojs"] = observe("nojs", deep, js=False)

    # hand-off: click a 'verify' button on the deep page and record what it calls
    r = Run(browser)
    r.goto(deep)
    clicked = []
    btns = r.page.locator("button, input[type=submit], a").filter(
        has_text=re.compile(r"verif", re.I)
    )
    for i in range(min(btns.count(), 2)):
        try:
            t = btns.nth(i).inner_text(timeout=1000)[:40]
            btns.nth(i).click(timeout=2000)
            clicked.append(t)
            r.page.wait_for_timeout(2000)
        except Exception as e:  # noqa: BLE001
            clicked.append(f"fail: {str(e)[:80]}")
    s = r.snap(marker)
    r.shot(OUT / f"{site}-handoff.png")
    hosts = sorted({urlsplit(u).hostname for u in r.offsite})
    C["handoff"] = {
        "clicked": clicked,
        "offsite_hosts": hosts,
        "offsite_requests": r.offsite[:20],
        "frames": s.get("frames") if isinstance(s, dict) else None,
        "providers": sorted(
            {p for h in hosts if (p := provider_of(h))}
            | {
                p
                for f in (s.get("frames") or [])
                if (p := provider_of(urlsplit(f["src"]).hostname or ""))
            }
        ),
        "provider_named_in_text": sorted(
            {
                d
                for d, w in PROVIDER_WORDS.items()
                if w.lower() in (s.get("visible_text", "") or "").lower()
            }
        ),
        "final_url": r.page.url,
    }
    r.close()

    # dismissible: Escape, close button, backdrop
    r = Run(browser)
    r.goto(deep)
    before = r.snap(marker)
    steps = []
    if before.get("content") and not before["content"].get("usable"):
        r.page.keyboard.press("Escape")
        r.page.wait_for_timeout(800)
        s = r.snap(marker)
        steps.append(
            {"action": "Escape", "content_usable": s["content"]["usable"], "url": s["url"]}
        )
        if not s["content"]["usable"]:
            cands = r.page.locator("button, [role=button], a, [aria-label]")
            n = cands.count()
            done = False
            for i in range(min(n, 200)):
                el = cands.nth(i)
                try:
                    label = (el.get_attribute("aria-label") or "") or el.inner_text(timeout=300)
                except Exception:  # noqa: BLE001
                    continue
                if CLOSE_RE.match(label or "") or re.search(
                    r"\bclose\b", el.get_attribute("aria-label") or "", re.I
                ):
                    try:
                        if not el.is_visible():
                            continue
                        el.click(timeout=1500)
                        r.page.wait_for_timeout(800)
                        s = r.snap(marker)
                        steps.append(
                            {
                                "action": f"click close '{label[:30]}'",
                                "content_usable": s["content"]["usable"],
                                "url": s["url"],
                            }
                        )
                        done = True
                        break
                    except Exception as e:  # noqa: BLE001
                        steps.append({"action": f"close '{label[:30]}' failed: {str(e)[:60]}"})
            if not done:
                steps.append({"action": "no close control found"})
        s = r.snap(marker)
        if not s["content"]["usable"]:
            # click a backdrop point that is not a control
            for x, y in ((8, 790), (1270, 400), (8, 400)):
                tag = r.page.evaluate(
                    "([x,y]) => { const e = document.elementFromPoint(x,y); if (!e) return null;"
                    " return e.closest('a,button,input,select,label,iframe') ? 'control'"
                    " : e.tagName }",
                    [x, y],
                )
                if tag and tag != "control":
                    r.page.mouse.click(x, y)
                    r.page.wait_for_timeout(800)
                    s = r.snap(marker)
                    steps.append(
                        {
                            "action": f"click backdrop ({x},{y}) on {tag}",
                            "content_usable": s["content"]["usable"],
                            "url": s["url"],
                        }
                    )
                    break
        after = r.snap(marker)
        r.shot(OUT / f"{site}-dismiss.png")
        C["dismiss"] = {
            "blocked_before": True,
            "steps": steps,
            "content_usable_after": after["content"]["usable"],
            "gate_after": classify(after, r.offsite),
        }
    else:
        C["dismiss"] = {
            "blocked_before": False,
            "note": "content already usable on arrival (nothing to dismiss)",
        }
    r.close()

    drv = DRIVERS.get(site, {})
    # adult pass
    if "adult" in drv:
        for variant in [v for v in ("adult", "adult_remember") if v in drv]:
            r = Run(browser)
            r.goto(deep)
            res = {}
            try:
                drv[variant](r.page)
                res["answered"] = True
            except Exception as e:  # noqa: BLE001
                res["answered"] = False
                res["error"] = str(e)[:200]
            r.page.wait_for_timeout(4500)
            s = r.snap(marker)
            r.shot(OUT / f"{site}-{variant}-passed.png")
            res["after_answer"] = {
                "url": s["url"],
                "content_usable": s["content"]["usable"],
                "gate": classify(s, r.offsite),
            }
            r.goto(deep)
            s = r.snap(marker)
            res["same_context_reload"] = {
                "url": s["url"],
                "content_usable": s["content"]["usable"],
                "gate": classify(s, r.offsite),
            }
            res["storage"] = {
                "cookies": [c["name"] for c in r.ctx.cookies()],
                "local": r.page.evaluate("() => Object.keys(localStorage)"),
                "session": r.page.evaluate("() => Object.keys(sessionStorage)"),
            }
            r.close()
            r = Run(browser)
            r.goto(deep)
            s = r.snap(marker)
            res["new_context"] = {
                "url": s["url"],
                "content_usable": s["content"]["usable"],
                "gate": classify(s, r.offsite),
            }
            r.close()
            C[variant] = res
    if "minor" in drv:
        r = Run(browser)
        r.goto(deep)
        res = {}
        try:
            drv["minor"](r.page)
            res["answered"] = True
        except Exception as e:  # noqa: BLE001
            res["answered"] = False
            res["error"] = str(e)[:200]
        r.page.wait_for_timeout(4500)
        s = r.snap(marker)
        r.shot(OUT / f"{site}-minor-answered.png")
        res["after_answer"] = {
            "url": s["url"],
            "content_usable": s["content"]["usable"],
            "age_texts": s.get("age_texts"),
            "text": s.get("visible_text", "")[:200],
            "navigations": list(r.navs),
        }
        r.goto(deep)
        s = r.snap(marker)
        r.shot(OUT / f"{site}-minor-retry.png")
        # a fresh, answerable form again = not remembered
        form_again = bool(
            s.get("date_inputs")
            or s.get("year_selects")
            or [b for b in s.get("yes_no_buttons", []) if re.match(r"yes|i am|i'm|enter", b, re.I)]
        )
        res["same_context_retry"] = {
            "url": s["url"],
            "content_usable": s["content"]["usable"],
            "answerable_form_again": form_again,
            "age_texts": s.get("age_texts"),
            "text": s.get("visible_text", "")[:200],
        }
        res["storage"] = {
            "cookies": [c["name"] for c in r.ctx.cookies()],
            "local": r.page.evaluate("() => Object.keys(localStorage)"),
            "session": r.page.evaluate("() => Object.keys(sessionStorage)"),
        }
        r.close()
        C["minor"] = res
    return rec


def _worker(sites: list[str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    servers, urls = server.start(sites)
    done = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for site, base in urls.items():
                try:
                    rec = check_site(site, base, browser)
                except Exception as e:  # noqa: BLE001
                    rec = {"site": site, "fatal": str(e)[:400]}
                rec["run_at"] = dt.datetime.now().isoformat(timespec="seconds")
                (OUT / f"{site}.json").write_text(json.dumps(rec, indent=1), "utf-8")
                done.append(site)
                print(f"done {site}", flush=True)
            browser.close()
    finally:
        server.stop(servers)
    return done


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="")
    ap.add_argument("--jobs", type=int, default=4)
    a = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    sites = [x.strip() for x in a.only.split(",") if x.strip()] or sorted(server.load_sites())
    chunks = [sites[i :: a.jobs] for i in range(a.jobs) if sites[i :: a.jobs]]
    with ProcessPoolExecutor(len(chunks)) as ex:
        for _done in ex.map(_worker, chunks):
            pass
    print(f"{len(sites)} sites checked; results in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
