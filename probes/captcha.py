"""Whether a CAPTCHA is *seen* on a page: a visible challenge widget, not a word in the markup.

The word "captcha" in a page's HTML proves little: a site loads a CAPTCHA script on every page
for its registration modal, names a setting, or keeps a hidden form for later.  A login or a
signup attempt counts as stopped by a CAPTCHA only when a challenge is visible: a widget's frame
(reCAPTCHA, hCaptcha, Turnstile, Friendly Captcha...), a widget container with a site key that
is shown (drawn or not), an image or an input that names itself a CAPTCHA, or an "I'm not a robot"
box.  An invisible score-only check (reCAPTCHA v3's badge) is not a challenge a person meets.
"""

from __future__ import annotations

import contextlib

CAPTCHA_SEEN_JS = r"""
() => {
  const WORD = /captcha|recaptcha|turnstile|are you (a )?human|not a robot/i;
  const FRAME = new RegExp(['recaptcha/api2/(anchor|bframe)', 'recaptcha/enterprise/anchor',
                            'hcaptcha\\.com', 'challenges\\.cloudflare\\.com',
                            'friendlycaptcha', 'captcha'].join('|'), 'i');
  const seen = (el, sized = true) => {
    const r = el.getBoundingClientRect();
    if (sized && (r.width < 8 || r.height < 8)) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
      if (Number(s.opacity) === 0) return false;
    }
    return true;
  };
  const badge = (el) => !!el.closest('.grecaptcha-badge');
  for (const f of document.querySelectorAll('iframe')) {
    const src = f.getAttribute('src') || '';
    if (FRAME.test(src) && !/size=invisible/.test(src) && !badge(f) && seen(f)) return true;
  }
  const sel = '.g-recaptcha, .h-captcha, .cf-turnstile, .frc-captcha, [data-sitekey], ' +
              '[class*=captcha i], [id*=captcha i]';
  for (const el of document.querySelectorAll(sel)) {
    if (badge(el) || (el.getAttribute('data-size') || '') === 'invisible') continue;
    if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE') continue;
    // a widget with a site key is a challenge where it is shown, even before (or without)
    // its script drawing the frame into it
    if (seen(el, !el.hasAttribute('data-sitekey'))) return true;
  }
  for (const el of document.querySelectorAll('img, input, label')) {
    const words = [el.getAttribute('src'), el.getAttribute('alt'), el.getAttribute('name'),
                   el.id, el.getAttribute('placeholder'), el.getAttribute('aria-label'),
                   el.tagName === 'LABEL' ? el.textContent : ''].join(' ');
    if (el.type === 'hidden') continue;
    if (WORD.test(words) && seen(el)) return true;
  }
  return false;
}
"""


async def captcha_seen(page) -> bool:
    """A visible CAPTCHA challenge on ``page`` (any frame of the main document)."""
    with contextlib.suppress(Exception):
        return bool(await page.evaluate(CAPTCHA_SEEN_JS))
    return False
