"""Hive: a social network whose whole interface is a single-page app built by JavaScript.

Every page on ``app.hive.test`` is the same small HTML shell; ``/static/app.js`` renders the UI
from a JSON API on the same host (``/api/...``), so a reader of the raw HTML sees no links and
no text.  Exhibits:

* accounts with sessions; signup with a date of birth (under-13s blocked, and remembered);
* public profiles with follow buttons, follower and following lists (an adult's are public, a
  child's are private), a location line for adults who chose to show it, no ages anywhere;
* "People you may know" suggestions, a "For you" recommender feed, photo posts, comments;
* "..." menus on posts, profiles and conversations holding Report, Mute and Block, and "Turn off
  comments" on one's own posts;
* direct messages: adults get messages from everyone by default; a child's default is "People
  you follow", so an unconnected adult's message lands in the child's *Message requests*, where
  a supportive prompt is shown before the child accepts; a child can also choose "No one";
* group chats: a child added to a group gets an invite to accept or decline;
* children are never suggested to others and never appear in others' search results;
* a help centre that describes messages, terms, privacy, guidelines, complaints and a report
  page; a UK company address and prices in pounds.

Visitors never see a Message button: only the help centre says the service has messages.
"""

from __future__ import annotations

import json
from datetime import date

from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    TODAY,
    Account,
    Persona,
    Service,
    Site,
    age_on,
    dob_for_age,
    doc,
    new_ref,
    robots_txt,
    sitemap_xml,
    text,
)

HOST = "app.hive.test"
U = f"http://{HOST}"

PERSONAS = {
    "adult": Persona("sam_hive_test", "sam.hive.test@example.org", "Hive-Adult-2025!", 35),
    "child": Persona("bee_hive_test", "bee.hive.test@example.org", "Hive-Teen-2025!", 14),
}

# username: (display name, age, bio, location or "")
MEMBERS = {
    "marlow_jones": ("Marlow Jones", 31, "Cyclist, coffee, bad puns.", "Leeds"),
    "priya.codes": ("Priya", 27, "Software by day, pottery by night.", "Bristol"),
    "fenwick_art": ("Fen Wick", 42, "Illustrator. Prints in my shop.", ""),
    "tomas_runs": ("Tomás", 38, "Marathons and muddy trails.", "Glasgow"),
    "ellie_b": ("Ellie", 15, "Art and netball.", "Bristol"),
    "sam_hive_test": ("Sam (test)", 35, "Test account of a safety audit.", "London"),
    "bee_hive_test": ("Bee (test)", 14, "Test account of a safety audit.", "Bath"),
}

FOLLOWS = [
    ("marlow_jones", "priya.codes"), ("marlow_jones", "fenwick_art"),
    ("priya.codes", "marlow_jones"), ("priya.codes", "tomas_runs"),
    ("fenwick_art", "priya.codes"), ("tomas_runs", "marlow_jones"),
    ("ellie_b", "priya.codes"), ("bee_hive_test", "ellie_b"), ("ellie_b", "bee_hive_test"),
    ("bee_hive_test", "fenwick_art"), ("sam_hive_test", "marlow_jones"),
]

POSTS = [
    (1, "marlow_jones", "Sunrise ride along the canal this morning.", True,
     [("priya.codes", "Gorgeous light!"), ("tomas_runs", "Which stretch is that?"),
      ("marlow_jones", "Kirkstall to Rodley.")]),
    (2, "priya.codes", "Fresh out of the kiln: three wonky mugs.", True,
     [("fenwick_art", "Wonky is the best kind."), ("marlow_jones", "I'll take the blue one.")]),
    (3, "fenwick_art", "New print series: birds of the Somerset Levels.", True,
     [("priya.codes", "The heron!")]),
    (4, "tomas_runs", "20 miles in the rain. Never again (until Sunday).", False,
     [("marlow_jones", "Legend.")]),
    (5, "ellie_b", "Netball finals tomorrow, wish us luck!", False, []),
    (6, "bee_hive_test", "Finished my art homework, a painting of our cat.", True,
     [("ellie_b", "Love it!")]),
    (7, "priya.codes", "Anyone tried the new ramen place on Park Street?", False, []),
]

CSS = """
body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d1d1f;
 background:#fdf8ec}
a{color:#9a5b00}
.topbar{display:flex;align-items:center;gap:1.5em;background:#ffc93c;padding:.5em 1.2em}
.topbar .brand{font-weight:800;font-size:1.3em;color:#1d1d1f;text-decoration:none}
.topbar nav ul{display:flex;gap:1em;list-style:none;margin:0;padding:0;align-items:center}
.topbar nav a,.topbar nav button{color:#1d1d1f}
.layout{display:flex;gap:2em;max-width:60em;margin:1.5em auto;padding:0 1em}
.layout main{flex:1;min-width:0}
.layout aside{width:16em}
.post{background:#fff;border:1px solid #eadfc4;border-radius:10px;padding:.8em 1em;
 margin-bottom:1em}
.post header{display:flex;justify-content:space-between;align-items:center}
.post img{display:block;max-width:100%;border-radius:8px;margin:.5em 0}
.post .reason{color:#7a6a48;font-size:.85em}
.comments{list-style:none;padding-left:.5em;border-left:3px solid #f3e6c4;font-size:.93em}
.menu-wrap{position:relative;display:inline-block}
.menu{position:absolute;right:0;z-index:10;background:#fff;border:1px solid #ccc;
 border-radius:8px;box-shadow:0 4px 14px rgba(0,0,0,.15);min-width:12em;padding:.3em 0}
.menu button{display:block;width:100%;text-align:left;border:0;background:none;padding:.45em 1em;
 font:inherit;cursor:pointer}
.menu button:hover,.menu button:focus{background:#fff3d1}
.icon{border:0;background:none;font-size:1.3em;cursor:pointer;padding:0 .3em}
.btn{display:inline-block;background:#1d1d1f;color:#fff;border:0;border-radius:999px;
 padding:.4em 1.1em;font:inherit;cursor:pointer;text-decoration:none}
.btn.light{background:#fff;color:#1d1d1f;border:1px solid #1d1d1f}
.dialog-back{position:fixed;inset:0;background:rgba(0,0,0,.35);display:flex;align-items:center;
 justify-content:center;z-index:50}
.dialog{background:#fff;border-radius:12px;padding:1.2em 1.5em;max-width:28em}
.prompt{background:#eef6ff;border-left:4px solid #2b6cb0;padding:.7em 1em;margin:1em 0}
.notice{background:#f1fbef;border-left:4px solid #2f855a;padding:.5em 1em}
.error{color:#b00020}
.messages{list-style:none;padding:0}
.messages li{margin:.4em 0}
label{display:block;margin:.6em 0 .2em}
fieldset{border:1px solid #e2d6b8;border-radius:8px;margin:1em 0}
footer.site{border-top:1px solid #eadfc4;margin-top:3em;padding:1em;font-size:.85em;
 text-align:center}
footer.site ul{list-style:none;display:flex;flex-wrap:wrap;justify-content:center;gap:1em;
 padding:0}
"""

SHELL = ('<div id="app"><p>Loading Hive&hellip;</p></div>'
         "<noscript>Hive needs JavaScript to run.</noscript>"
         '<script src="/static/app.js"></script>')

# -- the static pages (served as trusted HTML through /api/pages/<slug>) -------------------

TERMS = """
<h1>Terms of service</h1>
<p>These terms are an agreement between you and Hive Social Ltd, a company registered in England
and Wales (company number 09876543) at 5 Mill Lane, Bristol BS1 4QA, United Kingdom. By using
Hive you accept these terms and our <a href="/guidelines">community guidelines</a>.</p>
<h2 id="age">1. Who can use Hive</h2>
<p>You must be at least 13 years old to use Hive. We ask for your date of birth when you sign up.
Accounts of people under 18 get extra protections: they are not suggested to other people, they
do not appear in other people's search results, their followers and following lists are private,
and people they do not follow can only send them a message request.</p>
<h2 id="illegal">2. What is not allowed</h2>
<p>You must not use Hive for anything illegal. In particular you must not post or share:</p>
<ul>
<li>terrorist content or content that supports terrorism;</li>
<li>child sexual abuse material, or anything that sexualises a child, or try to groom a
child;</li>
<li>intimate images of someone shared without their consent;</li>
<li>hate speech against people because of their race, religion, disability, sexuality or
gender identity;</li>
<li>harassment, threats, stalking or bullying;</li>
<li>scams and fraud;</li>
<li>content that encourages suicide or self-harm;</li>
<li>nudity or pornography;</li>
<li>graphic violence.</li>
</ul>
<h2 id="protection">3. How we keep Hive safe</h2>
<p>Our safety team reviews reports around the clock. We also use automated tools (proactive
technology) that look for spam and for content that breaks these terms, and send what they find
to a person to check. We remove illegal content as soon as we know about it and may suspend or
close the accounts involved.</p>
<h2 id="reporting">4. Reporting</h2>
<p>Every post, profile and conversation has a menu (the "..." button) with a Report option. You
can also use our <a href="/report">report page</a>, even without an account. We review every
report and do not tell the person you reported who reported them.</p>
<h2 id="complaints">5. Complaints and appeals</h2>
<p>If you think we made the wrong decision about your content or account, or did not act on your
report, you can appeal or complain through our <a href="/complaints">complaints page</a>. We
reply within seven days.</p>
<h2 id="plus">6. Hive Plus</h2>
<p>Hive Plus costs &pound;2.99 a month and can be cancelled at any time.</p>
<p><small>Last updated: 2 April 2025</small></p>
"""

GUIDELINES = """
<h1>Community guidelines</h1>
<p>Hive is for sharing everyday life with the people you care about. Be kind, respect other
people's privacy, and do not post anything you would not want your grandmother to see.</p>
<ul>
<li>No bullying, harassment or hate.</li>
<li>No nudity, sexual content or graphic violence.</li>
<li>Never ask a younger member for photos, personal details or to move to another app.</li>
<li>Use the "..." menu to report, mute or block anyone who makes you uncomfortable.</li>
</ul>
"""

PRIVACY = """
<h1>Privacy notice</h1>
<p>Hive Social Ltd is the controller of your personal data. We collect your username, email
address and date of birth, what you post and send, and basic logs. We use your date of birth to
apply the right protections to your account.</p>
<p>Your location is only shown on your profile if you choose to show it; it is never shown for
members under 18. You can download or delete your data in Settings.</p>
<p><small>Last updated: 2 April 2025</small></p>
"""

HELP = """
<h1>Help centre</h1>
<h2 id="messages">Direct messages</h2>
<p>You can send a direct message to anyone on Hive from the <strong>Message</strong> button on
their profile, or start one from <strong>Messages</strong>. If the person does not follow you,
your message arrives as a <strong>message request</strong>, and they decide whether to accept it.
Members under 18 only get messages from people they follow; everyone else can send them a request.
In <a href="/settings">Settings</a> you choose who can message you: everyone, people you follow or
no one.</p>
<h2 id="groups">Group chats</h2>
<p>Start a group chat with up to 32 people from <strong>Messages</strong> &rsaquo; New group.
Anyone under 18 gets an invite they can accept or decline.</p>
<h2 id="people">People you may know</h2>
<p>Hive suggests accounts you may know, based on who you follow. Members under 18 are never
suggested to other people.</p>
<h2 id="feed">Your For You feed</h2>
<p>Your feed recommends posts from people you follow and posts we think you will like. Choose
"Not interested" in a post's menu to see fewer like it.</p>
<h2 id="photos">Photos and comments</h2>
<p>Share photos with your followers and comment on their posts. You can turn off comments on any
of your own posts from the post's "..." menu.</p>
<h2 id="safety">Blocking, muting and reporting</h2>
<p>Use the "..." menu on a profile, post or conversation to mute, block or report someone. A
blocked person can no longer message you or see your posts.</p>
<h2 id="plus">Hive Plus</h2>
<p>Hive Plus removes adverts and adds profile themes for &pound;2.99 a month.</p>
"""

COMPLAINTS = """
<h1>Complaints and appeals</h1>
<p>You can appeal a decision we made about your post or your account, tell us that we did not act
on a report, or complain about how we run Hive. Email appeals@hive.test with your username and
the reference of the decision, within 28 days. Someone who was not involved in the decision will
review it and reply within seven days.</p>
"""

CONTACT = """
<h1>Contact us</h1>
<p>To report a post, profile or conversation use its "..." menu or our
<a href="/report">report page</a>.</p>
<address>Hive Social Ltd<br>5 Mill Lane<br>Bristol<br>BS1 4QA<br>United Kingdom<br>
Email: hello@hive.test</address>
"""

SAFETY = """
<h1>Safety centre</h1>
<p>Members under 18 have the strongest protections on by default: private connections, message
requests from people they do not follow, no suggestions to strangers and no location on their
profile. If anything on Hive worries you, talk to an adult you trust or call Childline free on
0800 1111.</p>
"""

PAGES = {
    "terms": ("Terms of service", TERMS), "guidelines": ("Community guidelines", GUIDELINES),
    "privacy": ("Privacy notice", PRIVACY), "help": ("Help centre", HELP),
    "complaints": ("Complaints and appeals", COMPLAINTS), "contact": ("Contact us", CONTACT),
    "safety": ("Safety centre", SAFETY),
}

REPORT_CATEGORIES = [
    ("illegal", "Something illegal"),
    ("child_safety", "A child may be at risk"),
    ("intimate_image", "An intimate image shared without consent"),
    ("hate", "Hate speech"),
    ("harassment", "Bullying or harassment"),
    ("self_harm", "Suicide or self-harm"),
    ("spam", "Spam or a scam"),
    ("other", "Something else"),
]

APP_JS = r"""
(function () {
  'use strict';
  var app = document.getElementById('app');
  var me = null;
  var flash = '';
  var CATEGORIES = __CATEGORIES__;

  function add(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(el, x); }); return; }
    el.appendChild(typeof c === 'string' || typeof c === 'number'
      ? document.createTextNode(String(c)) : c);
  }
  function h(tag, attrs) {
    var el = document.createElement(tag);
    attrs = attrs || {};
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else if (k === 'html') el.innerHTML = v;          // trusted pages from our own API only
      else el.setAttribute(k, v === true ? '' : v);
    });
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function api(method, path, body) {
    var opts = {method: method, credentials: 'same-origin',
                headers: {'Accept': 'application/json'}};
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (d) {
        d._status = r.status; return d;
      });
    });
  }
  function go(path) { history.pushState({}, '', path); render(); }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href]');
    if (!a || a.target || a.origin !== location.origin || ev.metaKey || ev.ctrlKey) return;
    ev.preventDefault();
    go(a.pathname + a.search);
  });
  window.addEventListener('popstate', render);
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') closeMenus();
  });
  document.addEventListener('click', function (ev) {
    if (!ev.target.closest || !ev.target.closest('.menu-wrap')) closeMenus();
  }, true);

  function closeMenus() {
    document.querySelectorAll('.menu').forEach(function (m) { m.remove(); });
    document.querySelectorAll('[aria-haspopup=menu]').forEach(function (b) {
      b.setAttribute('aria-expanded', 'false');
    });
  }
  function menu(label, items) {
    var wrap = h('div', {'class': 'menu-wrap'});
    var btn = h('button', {'class': 'icon', type: 'button', 'aria-label': label,
                           'aria-haspopup': 'menu', 'aria-expanded': 'false'}, '\u22ef');
    btn.addEventListener('click', function (ev) {
      ev.stopPropagation();
      var open = btn.getAttribute('aria-expanded') === 'true';
      closeMenus();
      if (open) return;
      var m = h('div', {'class': 'menu', role: 'menu'});
      items.forEach(function (it) {
        m.appendChild(h('button', {role: 'menuitem', type: 'button', onclick: function () {
          closeMenus(); it[1]();
        }}, it[0]));
      });
      wrap.appendChild(m);
      btn.setAttribute('aria-expanded', 'true');
      var first = m.querySelector('button'); if (first) first.focus();
    });
    wrap.appendChild(btn);
    return wrap;
  }
  function dialog(title, body, buttons) {
    var back = h('div', {'class': 'dialog-back'});
    var box = h('div', {'class': 'dialog', role: 'dialog', 'aria-modal': 'true',
                        'aria-labelledby': 'dlg-title'}, h('h2', {id: 'dlg-title'}, title), body);
    var row = h('p');
    buttons.forEach(function (b) {
      row.appendChild(h('button', {type: 'button', 'class': b[2] || 'btn', onclick: function () {
        back.remove(); if (b[1]) b[1]();
      }}, b[0]));
      row.appendChild(document.createTextNode(' '));
    });
    box.appendChild(row);
    back.appendChild(box);
    document.body.appendChild(back);
    var f = box.querySelector('input,button'); if (f) f.focus();
    return back;
  }
  function toast(msg) {
    var n = h('p', {'class': 'notice', role: 'status'}, msg);
    var main = document.getElementById('content');
    if (main) main.insertBefore(n, main.firstChild);
  }
  function reportDialog(kind, id) {
    var form = h('form', {});
    var fs = h('fieldset', {}, h('legend', {}, 'What is wrong?'));
    CATEGORIES.forEach(function (c, i) {
      fs.appendChild(h('label', {}, h('input', {type: 'radio', name: 'category', value: c[0],
                                                checked: i === 0}), ' ' + c[1]));
    });
    form.appendChild(fs);
    form.appendChild(h('label', {'for': 'rep-details'},
                       'Anything else we should know? (optional)'));
    form.appendChild(h('textarea', {id: 'rep-details', name: 'details', rows: 3}));
    form.appendChild(h('p', {}, 'We review every report. The person you report is not told who ' +
                                'reported them.'));
    var extra = (me && me.minor) ? h('p', {'class': 'prompt'}, 'Thank you for telling us. If ' +
      'this is upsetting you, talk to an adult you trust or call Childline free on ' +
      '0800 1111.') : null;
    dialog('Report', [form, extra], [
      ['Send report', function () {
        var cat = form.querySelector('input[name=category]:checked');
        api('POST', '/api/reports', {kind: kind, id: id, category: cat ? cat.value : 'other',
                                     details: form.querySelector('textarea').value})
          .then(function (d) { toast('Thanks: your report ' + (d.ref || '') + ' was sent.'); });
      }],
      ['Cancel', null, 'btn light']]);
  }
  function blockDialog(name) {
    var body = [h('p', {}, 'They will not be able to message you, see your posts or find your ' +
                          'profile. They will not be told that you blocked them.')];
    if (me && me.minor) body.push(h('p', {'class': 'prompt'}, 'Blocking someone is always ok. ' +
      'If they have upset you, you can also report them, and talk to an adult you trust or ' +
      'call Childline free on 0800 1111.'));
    dialog('Block @' + name + '?', body, [
      ['Block', function () { api('POST', '/api/users/' + encodeURIComponent(name) + '/block')
        .then(function () { toast('You blocked @' + name + '.'); }); }],
      ['Cancel', null, 'btn light']]);
  }
  function mute(name) {
    api('POST', '/api/users/' + encodeURIComponent(name) + '/mute').then(function () {
      toast('Muted @' + name + '. You will not see their posts.');
    });
  }
  function userLink(u) {
    return h('a', {href: '/u/' + encodeURIComponent(u.username), 'class': 'user'},
             h('strong', {}, u.display), ' @' + u.username);
  }
  function postCard(p) {
    var items = [];
    if (p.own) {
      items.push([p.comments_off ? 'Turn on comments' : 'Turn off comments', function () {
        api('POST', '/api/posts/' + p.id + '/comments_off', {off: !p.comments_off})
          .then(function () { render(); });
      }]);
    } else {
      items.push(['Report post', function () { reportDialog('post', p.id); }]);
      if (me) {
        items.push(['Mute @' + p.author.username, function () { mute(p.author.username); }]);
        items.push(['Block @' + p.author.username, function () {
          blockDialog(p.author.username);
        }]);
        if (p.reason) items.push(['Not interested', function () {
          toast('Thanks. You will see fewer posts like this.');
        }]);
      }
    }
    var comments = h('ul', {'class': 'comments', 'aria-label': 'Comments'});
    (p.comments || []).forEach(function (c) {
      comments.appendChild(h('li', {}, h('a', {href: '/u/' + encodeURIComponent(c.author)},
                                              c.author), ': ' + c.text));
    });
    return h('article', {'class': 'post', 'data-post': p.id},
      h('header', {}, userLink(p.author), menu('Post options', items)),
      p.reason ? h('p', {'class': 'reason'}, p.reason) : null,
      h('p', {}, p.text),
      p.image ? h('img', {src: p.image, alt: 'Photo shared by ' + p.author.display,
                          width: 480, height: 270}) : null,
      h('footer', {}, h('a', {href: '/p/' + p.id}, p.comments_off ? 'Comments are turned off'
        : p.comments_count + (p.comments_count === 1 ? ' comment' : ' comments'))),
      p.comments_off ? null : comments);
  }
  function field(id, label, attrs) {
    attrs = attrs || {}; attrs.id = id; attrs.name = attrs.name || id;
    return [h('label', {'for': id}, label), h(attrs.rows ? 'textarea' : 'input', attrs)];
  }
  function needLogin(main, why) {
    main.appendChild(h('h1', {}, 'Log in to continue'));
    main.appendChild(h('p', {}, why + ' ',
      h('a', {href: '/login?next=' + encodeURIComponent(location.pathname + location.search)},
        'Log in'), ' or ', h('a', {href: '/signup'}, 'create an account'), '.'));
  }

  // -- pages ---------------------------------------------------------------------------------
  function home(main, m, aside) {
    if (!me) {
      document.title = 'Hive: share photos, follow friends, chat';
      main.appendChild(h('section', {'class': 'hero'},
        h('h1', {}, 'Welcome to Hive'),
        h('p', {}, 'Share photos, follow friends, comment on posts and chat in groups. ' +
                   'Hive is for everyone aged 13 and over.'),
        h('p', {}, h('a', {'class': 'btn', href: '/signup'}, 'Create an account'), ' ',
          h('a', {'class': 'btn light', href: '/login'}, 'Log in'))));
      main.appendChild(h('h2', {}, 'Popular on Hive'));
    } else {
      document.title = 'Home · Hive';
      main.appendChild(h('h1', {}, 'Home'));
      var form = h('form', {'class': 'composer', onsubmit: function (ev) {
        ev.preventDefault();
        var t = form.querySelector('textarea').value.trim();
        if (t) api('POST', '/api/posts', {text: t}).then(function () { render(); });
      }}, field('new-post', 'Write a post', {rows: 2, placeholder: "What's happening?"}),
        field('new-photo', 'Add a photo', {type: 'file', accept: 'image/*'}),
        h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Post')));
      main.appendChild(form);
      main.appendChild(h('h2', {}, 'For you'));
      api('GET', '/api/suggestions').then(function (d) {
        if (!d.users || !d.users.length) return;
        var ul = h('ul', {});
        d.users.slice(0, 3).forEach(function (u) { ul.appendChild(h('li', {}, userLink(u))); });
        aside.appendChild(h('section', {'aria-labelledby': 'pymk'},
          h('h2', {id: 'pymk'}, 'People you may know'), ul, h('a', {href: '/people'}, 'See all')));
      });
    }
    var list = h('div', {'class': 'feed'}, h('p', {}, 'Loading posts\u2026'));
    main.appendChild(list);
    api('GET', '/api/feed').then(function (d) {
      list.textContent = '';
      (d.posts || []).forEach(function (p) { list.appendChild(postCard(p)); });
    });
  }
  function login(main) {
    document.title = 'Log in · Hive';
    var next = new URLSearchParams(location.search).get('next') || '/';
    if (next.charAt(0) !== '/' || next.charAt(1) === '/') next = '/';
    var err = h('div', {});
    var form = h('form', {onsubmit: function (ev) {
      ev.preventDefault();
      api('POST', '/api/login', {login: form.elements.login.value,
                                 password: form.elements.password.value}).then(function (d) {
        if (d.ok) { go(next); return; }
        err.textContent = '';
        err.appendChild(h('p', {'class': 'error', role: 'alert'},
                          'That username or password is not right.'));
      });
    }}, field('login', 'Username or email', {autocomplete: 'username'}),
      field('password', 'Password', {type: 'password', autocomplete: 'current-password'}),
      h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Log in')));
    main.appendChild(h('h1', {}, 'Log in to Hive'));
    main.appendChild(err);
    main.appendChild(form);
    main.appendChild(h('p', {}, 'New to Hive? ', h('a', {href: '/signup'}, 'Create an account')));
  }
  function signup(main) {
    document.title = 'Sign up · Hive';
    main.appendChild(h('h1', {}, 'Create your Hive account'));
    var box = h('div', {});
    main.appendChild(box);
    api('GET', '/api/signup').then(function (d) {
      if (d.blocked) {
        box.appendChild(h('p', {}, "Sorry, you can't join Hive right now."));
        return;
      }
      var months = h('select', {id: 'dob-month', name: 'dob_month'}, h('option', {value: ''}, ''));
      ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
       'October', 'November', 'December'].forEach(function (mo, i) {
        months.appendChild(h('option', {value: String(i + 1)}, mo));
      });
      var err = h('div', {});
      var form = h('form', {onsubmit: function (ev) {
        ev.preventDefault();
        var e = form.elements;
        api('POST', '/api/signup', {username: e.username.value, email: e.email.value,
          password: e.password.value, dob_day: e.dob_day.value, dob_month: e.dob_month.value,
          dob_year: e.dob_year.value, accept_terms: e.accept_terms.checked}).then(function (r) {
          err.textContent = '';
          if (r.ok) { go('/'); return; }
          if (r.blocked) { box.textContent = ''; box.appendChild(h('p', {},
            "Sorry, you can't join Hive right now.")); return; }
          err.appendChild(h('ul', {'class': 'error', role: 'alert'},
            (r.errors || []).map(function (x) { return h('li', {}, x); })));
        });
      }}, field('username', 'Username', {autocomplete: 'username'}),
        field('email', 'Email', {type: 'email'}),
        field('password', 'Password', {type: 'password', autocomplete: 'new-password'}),
        h('fieldset', {}, h('legend', {}, 'Date of birth'),
          field('dob-day', 'Day', {name: 'dob_day', inputmode: 'numeric', size: 2}),
          h('label', {'for': 'dob-month'}, 'Month'), months,
          field('dob-year', 'Year', {name: 'dob_year', inputmode: 'numeric', size: 4})),
        h('label', {}, h('input', {type: 'checkbox', name: 'accept_terms', value: 'yes'}),
          ' I agree to the ', h('a', {href: '/terms'}, 'terms of service'), ' and ',
          h('a', {href: '/guidelines'}, 'community guidelines')),
        h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Sign up')));
      box.appendChild(err);
      box.appendChild(form);
    });
  }
  function profile(main, m) {
    var name = decodeURIComponent(m[1]);
    api('GET', '/api/users/' + encodeURIComponent(name)).then(function (u) {
      if (u._status !== 200) { notFound(main); return; }
      document.title = u.display + ' (@' + u.username + ') · Hive';
      var actions = h('p', {'class': 'actions'});
      if (!me) {
        actions.appendChild(h('a', {'class': 'btn', href: '/login?next=/u/' +
          encodeURIComponent(u.username)}, 'Follow'));
      } else if (!u.is_self) {
        actions.appendChild(h('button', {'class': 'btn', type: 'button', onclick: function () {
          api('POST', '/api/users/' + encodeURIComponent(u.username) +
              (u.following ? '/unfollow' : '/follow')).then(function () { render(); });
        }}, u.following ? 'Following' : 'Follow'));
        actions.appendChild(document.createTextNode(' '));
        actions.appendChild(h('button', {'class': 'btn light', type: 'button',
                                         onclick: function () {
          go('/messages/new?to=' + encodeURIComponent(u.username));
        }}, 'Message'));
        actions.appendChild(menu('More options', [
          ['Mute @' + u.username, function () { mute(u.username); }],
          ['Block @' + u.username, function () { blockDialog(u.username); }],
          ['Report account', function () { reportDialog('user', u.username); }]]));
      } else {
        actions.appendChild(h('a', {href: '/settings'}, 'Edit profile and settings'));
      }
      var counts = u.connections_visible
        ? h('p', {'class': 'counts'},
            h('a', {href: '/u/' + encodeURIComponent(u.username) + '/followers'},
              u.followers_count + ' followers'), ' \u00b7 ',
            h('a', {href: '/u/' + encodeURIComponent(u.username) + '/following'},
              u.following_count + ' following'))
        : h('p', {'class': 'counts'}, 'Followers and following are private.');
      var posts = h('div', {});
      u.posts.forEach(function (p) { posts.appendChild(postCard(p)); });
      main.appendChild(h('section', {'class': 'profile'},
        h('h1', {}, u.display), h('p', {}, '@' + u.username),
        h('p', {'class': 'bio'}, u.bio),
        u.location ? h('p', {'class': 'location'}, h('span', {'aria-label': 'Location'},
                                                        '\ud83d\udccd '), u.location) : null,
        h('p', {}, 'Joined ' + u.joined), counts, actions));
      main.appendChild(h('h2', {}, 'Posts'));
      main.appendChild(posts);
    });
  }
  function connections(main, m) {
    var name = decodeURIComponent(m[1]), which = m[2];
    api('GET', '/api/users/' + encodeURIComponent(name) + '/' + which).then(function (d) {
      document.title = which + ' · Hive';
      main.appendChild(h('h1', {}, which === 'followers' ? 'People following @' + name
                                                         : 'People @' + name + ' follows'));
      if (d._status !== 200) { main.appendChild(h('p', {}, 'This list is private.')); return; }
      var ul = h('ul', {'class': 'people'});
      d.users.forEach(function (u) { ul.appendChild(h('li', {}, userLink(u))); });
      main.appendChild(ul);
    });
  }
  function postPage(main, m) {
    api('GET', '/api/posts/' + m[1]).then(function (p) {
      if (p._status !== 200) { notFound(main); return; }
      document.title = 'Post by ' + p.author.display + ' · Hive';
      main.appendChild(postCard(p));
      if (p.comments_off) return;
      if (!me) { main.appendChild(h('p', {}, h('a', {href: '/login?next=/p/' + p.id}, 'Log in'),
                                         ' to comment.')); return; }
      var form = h('form', {onsubmit: function (ev) {
        ev.preventDefault();
        api('POST', '/api/posts/' + p.id + '/comments', {text: form.elements.comment.value})
          .then(function () { render(); });
      }}, field('comment', 'Write a comment', {rows: 2}),
        h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Comment')));
      main.appendChild(form);
    });
  }
  function search(main) {
    document.title = 'Search · Hive';
    var q = new URLSearchParams(location.search).get('q') || '';
    var input = h('input', {type: 'search', name: 'q', id: 'q', value: q,
                            'aria-label': 'Search Hive', placeholder: 'Search people and posts'});
    var form = h('form', {role: 'search', onsubmit: function (ev) {
      ev.preventDefault(); go('/search?q=' + encodeURIComponent(input.value));
    }}, input, ' ', h('button', {'class': 'btn', type: 'submit'}, 'Search'));
    main.appendChild(h('h1', {}, 'Search'));
    main.appendChild(form);
    if (!q) return;
    api('GET', '/api/search?q=' + encodeURIComponent(q)).then(function (d) {
      var people = h('ul', {'class': 'people'});
      d.people.forEach(function (u) { people.appendChild(h('li', {}, userLink(u))); });
      main.appendChild(h('section', {'class': 'results'}, h('h2', {}, 'People'),
        d.people.length ? people : h('p', {}, 'No people found.')));
      var posts = h('div', {});
      d.posts.forEach(function (p) { posts.appendChild(postCard(p)); });
      main.appendChild(h('section', {'class': 'results'}, h('h2', {}, 'Posts'),
        d.posts.length ? posts : h('p', {}, 'No posts found.')));
    });
  }
  function people(main) {
    document.title = 'People you may know · Hive';
    if (!me) { needLogin(main, 'Log in to see people you may know.'); return; }
    main.appendChild(h('h1', {}, 'People you may know'));
    api('GET', '/api/suggestions').then(function (d) {
      var ul = h('ul', {'class': 'people'});
      d.users.forEach(function (u) {
        ul.appendChild(h('li', {}, userLink(u), ' ', h('small', {}, u.reason), ' ',
          h('button', {'class': 'btn', type: 'button', onclick: function () {
            api('POST', '/api/users/' + encodeURIComponent(u.username) + '/follow')
              .then(function () { render(); });
          }}, 'Follow')));
      });
      main.appendChild(d.users.length ? ul : h('p', {}, 'No suggestions right now.'));
    });
  }
  function inboxNav(d) {
    return h('nav', {'aria-label': 'Messages'}, h('a', {href: '/messages'}, 'Chats'), ' \u00b7 ',
      h('a', {href: '/messages/requests'}, 'Requests (' + d.requests.length + ')'), ' \u00b7 ',
      h('a', {href: '/messages/new'}, 'New message'), ' \u00b7 ',
      h('a', {href: '/messages/new-group'}, 'New group'));
  }
  function inbox(main) {
    document.title = 'Messages · Hive';
    if (!me) { needLogin(main, 'Log in to read your messages.'); return; }
    api('GET', '/api/conversations').then(function (d) {
      main.appendChild(h('h1', {}, 'Messages'));
      main.appendChild(inboxNav(d));
      main.appendChild(h('h2', {}, 'Chats'));
      var ul = h('ul', {'class': 'chats'});
      d.chats.forEach(function (c) {
        ul.appendChild(h('li', {}, h('a', {href: '/messages/' + c.id}, c.name),
                         h('p', {}, c.last)));
      });
      main.appendChild(d.chats.length ? ul : h('p', {}, 'No chats yet.'));
    });
  }
  function requests(main) {
    document.title = 'Message requests · Hive';
    if (!me) { needLogin(main, 'Log in to read your messages.'); return; }
    api('GET', '/api/conversations').then(function (d) {
      main.appendChild(h('h1', {}, 'Message requests'));
      main.appendChild(inboxNav(d));
      main.appendChild(h('p', {}, 'Requests come from people you do not follow. They will not ' +
                                  'know you have seen a request until you accept it.'));
      var ul = h('ul', {'class': 'requests'});
      d.requests.forEach(function (r) {
        var label = r.group ? r.from + ' invited you to join the group \u201c' + r.name + '\u201d'
                            : r.from + ' wants to send you a message';
        ul.appendChild(h('li', {}, h('a', {href: '/messages/' + r.id}, label),
                         r.group ? null : h('p', {}, r.preview)));
      });
      main.appendChild(d.requests.length ? ul : h('p', {}, 'No requests.'));
    });
  }
  function composer(conv) {
    var form = h('form', {'class': 'composer', onsubmit: function (ev) {
      ev.preventDefault();
      var t = form.elements.text.value.trim();
      if (!t) return;
      api('POST', '/api/conversations/' + conv + '/messages', {text: t}).then(function () {
        render();
      });
    }}, h('label', {'for': 'msg-text'}, 'Message'),
      h('textarea', {id: 'msg-text', name: 'text', rows: 2, placeholder: 'Write a message\u2026'}),
      h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Send')));
    return form;
  }
  function conversation(main, m) {
    if (!me) { needLogin(main, 'Log in to read your messages.'); return; }
    api('GET', '/api/conversations/' + m[1]).then(function (c) {
      if (c._status !== 200) { notFound(main); return; }
      document.title = c.name + ' · Messages · Hive';
      var items = [['Mute conversation', function () { toast('Conversation muted.'); }]];
      if (!c.group) items.push(['Block @' + c.other, function () { blockDialog(c.other); }]);
      items.push(['Report conversation', function () { reportDialog('conversation', c.id); }]);
      main.appendChild(h('header', {'class': 'conv-head'}, h('h1', {}, c.name),
                         menu('Conversation options', items)));
      if (flash) {
        main.appendChild(h('p', {'class': 'notice', role: 'status'}, flash));
        flash = '';
      }
      var list = h('ol', {'class': 'messages'});
      c.messages.forEach(function (x) {
        list.appendChild(h('li', {}, h('strong', {}, x.from + ': '), x.text));
      });
      if (c.state === 'request' || c.state === 'invited') {
        var who = c.state === 'invited' ? c.inviter : c.name;
        if (me.minor) {
          main.appendChild(h('section', {'class': 'prompt', role: 'note',
                                         'aria-label': 'Before you reply'},
            h('h2', {}, 'Do you know ' + who + '?'),
            h('p', {}, "You don't follow this person. Only accept if you know them in real " +
                       'life. Never share your address, your school or photos of yourself ' +
                       "with someone you don't know."),
            h('p', {}, 'If a message makes you feel uncomfortable, you can delete it, block or ' +
                       'report them, and talk to an adult you trust. You can also call ' +
                       'Childline free on 0800 1111.')));
        } else {
          main.appendChild(h('p', {'class': 'prompt'}, "You don't follow " + who + '.'));
        }
        var accept = function () {
          api('POST', '/api/conversations/' + c.id + '/accept').then(function () { render(); });
        };
        var decline = function () {
          api('POST', '/api/conversations/' + c.id + '/decline').then(function () {
            go('/messages/requests');
          });
        };
        main.appendChild(h('p', {'class': 'request-actions'},
          h('button', {'class': 'btn', type: 'button', onclick: accept}, 'Accept'), ' ',
          h('button', {'class': 'btn light', type: 'button', onclick: decline},
            c.state === 'invited' ? 'Decline' : 'Delete'), ' ',
          c.group ? null : h('button', {'class': 'btn light', type: 'button', onclick: function () {
            blockDialog(c.other); }}, 'Block'), ' ',
          h('button', {'class': 'btn light', type: 'button', onclick: function () {
            reportDialog('conversation', c.id); }}, 'Report')));
        if (c.state === 'invited') {
          main.appendChild(h('p', {}, who + ' invited you to join this group. You will see ' +
                                      'its messages if you accept.'));
          return;
        }
        main.appendChild(list);
        return;
      }
      if (c.state === 'pending_sent') {
        main.appendChild(h('p', {'class': 'notice'}, 'Message request sent. ' + c.name +
          ' will only see your messages if they accept your request.'));
      }
      main.appendChild(list);
      main.appendChild(composer(c.id));
    });
  }
  function newMessage(main) {
    document.title = 'New message · Hive';
    if (!me) { needLogin(main, 'Log in to send messages.'); return; }
    var to = new URLSearchParams(location.search).get('to') || '';
    var err = h('div', {});
    var form = h('form', {onsubmit: function (ev) {
      ev.preventDefault();
      api('POST', '/api/messages', {to: form.elements.to.value, text: form.elements.text.value})
        .then(function (d) {
          if (d.status === 'refused' || !d.conversation) {
            err.textContent = '';
            err.appendChild(h('p', {'class': 'error', role: 'alert'}, d.error ||
                              'Your message could not be sent.'));
            return;
          }
          go('/messages/' + d.conversation);
        });
    }}, field('to', 'To', {value: to, autocomplete: 'off'}),
      h('label', {'for': 'msg-text'}, 'Message'),
      h('textarea', {id: 'msg-text', name: 'text', rows: 3, placeholder: 'Write a message\u2026'}),
      h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Send')));
    main.appendChild(h('h1', {}, 'New message'));
    main.appendChild(err);
    main.appendChild(form);
  }
  function newGroup(main) {
    document.title = 'New group · Hive';
    if (!me) { needLogin(main, 'Log in to start a group.'); return; }
    var err = h('div', {});
    var form = h('form', {onsubmit: function (ev) {
      ev.preventDefault();
      var e = form.elements;
      api('POST', '/api/groups', {name: e.group_name.value, members: e.members.value,
                                  text: e.text.value}).then(function (d) {
        if (!d.conversation) {
          err.textContent = '';
          err.appendChild(h('p', {'class': 'error', role: 'alert'}, d.error || 'Try again.'));
          return;
        }
        if (d.invited && d.invited.length) flash = 'Invites sent to ' + d.invited.join(', ') + '.';
        go('/messages/' + d.conversation);
      });
    }}, field('group-name', 'Group name', {name: 'group_name'}),
      field('members', 'Add people', {placeholder: 'Usernames, separated by commas'}),
      h('label', {'for': 'group-text'}, 'First message'),
      h('textarea', {id: 'group-text', name: 'text', rows: 3}),
      h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Create group')));
    main.appendChild(h('h1', {}, 'New group'));
    main.appendChild(err);
    main.appendChild(form);
  }
  function radios(legend, name, value, options) {
    var fs = h('fieldset', {}, h('legend', {}, legend));
    options.forEach(function (o) {
      fs.appendChild(h('label', {}, h('input', {type: 'radio', name: name, value: o[0],
                                                checked: o[0] === value}), ' ' + o[1]));
    });
    return fs;
  }
  function settings(main) {
    document.title = 'Settings · Hive';
    if (!me) { needLogin(main, 'Log in to change your settings.'); return; }
    api('GET', '/api/settings').then(function (s) {
      var who = [['everyone', 'Everyone'], ['connections', 'People you follow'],
                 ['nobody', 'No one']];
      var form = h('form', {onsubmit: function (ev) {
        ev.preventDefault();
        var e = form.elements;
        var body = {dm: e.dm.value, comments: e.comments.value,
                    show_location: e.show_location.checked, suggest: e.suggest.checked};
        var save = function () {
          api('POST', '/api/settings', body).then(function () { toast('Settings saved.'); });
        };
        if (me.minor && body.dm === 'everyone' && s.dm !== 'everyone') {
          dialog('Are you sure?', h('p', {'class': 'prompt'}, 'If you choose Everyone, people ' +
            "you don't know can message you directly. You can change this back at any time. " +
            'If someone makes you uncomfortable, block them and talk to an adult you trust.'),
            [['Yes, change it', save], ['Keep my setting', null, 'btn light']]);
          return;
        }
        save();
      }},
        h('h2', {}, 'Privacy and safety'),
        radios('Who can send you direct messages?', 'dm', s.dm, who),
        radios('Who can comment on your posts?', 'comments', s.comments, who),
        h('label', {}, h('input', {type: 'checkbox', name: 'show_location',
                                   checked: s.show_location, disabled: me.minor}),
          ' Show my location on my profile'),
        h('label', {}, h('input', {type: 'checkbox', name: 'suggest', checked: s.suggest,
                                   disabled: me.minor}),
          ' Suggest my account to people who may know me'),
        me.minor ? h('p', {}, 'Some settings are not available for members under 18.') : null,
        h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Save settings')));
      main.appendChild(h('h1', {}, 'Settings'));
      main.appendChild(form);
    });
  }
  function reportPage(main) {
    document.title = 'Report a problem · Hive';
    main.appendChild(h('h1', {}, 'Report a problem'));
    main.appendChild(h('p', {}, 'Use this form to report a post, profile or conversation, even ' +
      'without a Hive account. You can also report from the "..." menu next to any post.'));
    var done = h('div', {});
    var fs = h('fieldset', {}, h('legend', {}, 'What is wrong?'));
    CATEGORIES.forEach(function (c) {
      fs.appendChild(h('label', {}, h('input', {type: 'radio', name: 'category', value: c[0]}),
                       ' ' + c[1]));
    });
    var form = h('form', {onsubmit: function (ev) {
      ev.preventDefault();
      var e = form.elements;
      var cat = form.querySelector('input[name=category]:checked');
      api('POST', '/api/reports', {kind: 'link', id: e.link.value,
        category: cat ? cat.value : '', details: e.details.value, email: e.email.value})
        .then(function (d) {
          done.textContent = '';
          done.appendChild(d.ref ? h('p', {'class': 'notice', role: 'status'},
            'Thank you. Your report ' + d.ref + ' was sent. We review every report.')
            : h('p', {'class': 'error', role: 'alert'}, 'Please choose what is wrong.'));
        });
    }}, fs, field('link', 'Link to the post or profile'),
      field('details', 'Tell us more (optional)', {rows: 4}),
      field('email', 'Your email (optional)', {type: 'email'}),
      h('p', {}, 'The person you report is not told who reported them.'),
      h('p', {}, h('button', {'class': 'btn', type: 'submit'}, 'Send report')));
    main.appendChild(done);
    main.appendChild(form);
  }
  function staticPage(main, m) {
    api('GET', '/api/pages/' + m[1]).then(function (d) {
      if (d._status !== 200) { notFound(main); return; }
      document.title = d.title + ' · Hive';
      main.appendChild(h('article', {html: d.html}));
    });
  }
  function notFound(main) {
    document.title = 'Not found · Hive';
    main.textContent = '';
    main.appendChild(h('h1', {}, 'Page not found'));
    main.appendChild(h('p', {}, h('a', {href: '/'}, 'Back to Hive')));
  }

  var ROUTES = [
    [/^\/$/, home], [/^\/login$/, login], [/^\/signup$/, signup],
    [/^\/u\/([^\/]+)$/, profile], [/^\/u\/([^\/]+)\/(followers|following)$/, connections],
    [/^\/p\/(\d+)$/, postPage], [/^\/search$/, search], [/^\/people$/, people],
    [/^\/messages$/, inbox], [/^\/messages\/requests$/, requests],
    [/^\/messages\/new$/, newMessage], [/^\/messages\/new-group$/, newGroup],
    [/^\/messages\/(\d+)$/, conversation], [/^\/settings$/, settings], [/^\/report$/, reportPage],
    [/^\/(terms|privacy|guidelines|help|contact|complaints|safety)$/, staticPage]];

  function layout() {
    var nav = h('ul', {});
    var item = function (href, label) {
      nav.appendChild(h('li', {}, h('a', {href: href}, label)));
    };
    if (me) {
      item('/', 'Home'); item('/search', 'Search'); item('/people', 'People');
      item('/messages', 'Messages'); item('/settings', 'Settings');
      item('/u/' + encodeURIComponent(me.username), '@' + me.username);
      nav.appendChild(h('li', {}, h('button', {type: 'button', 'class': 'btn light',
        onclick: function () { api('POST', '/api/logout').then(function () { go('/'); }); }},
        'Log out')));
    } else {
      item('/search', 'Search'); item('/help', 'Help'); item('/login', 'Log in');
      item('/signup', 'Sign up');
    }
    var foot = h('ul', {});
    [['/help', 'Help centre'], ['/safety', 'Safety centre'], ['/terms', 'Terms of service'],
     ['/guidelines', 'Community guidelines'], ['/privacy', 'Privacy'],
     ['/report', 'Report a problem'], ['/complaints', 'Complaints and appeals'],
     ['/contact', 'Contact us']].forEach(function (l) {
      foot.appendChild(h('li', {}, h('a', {href: l[0]}, l[1])));
    });
    var main = h('main', {id: 'content'});
    var aside = h('aside', {});
    app.textContent = '';
    app.appendChild(h('header', {'class': 'topbar'}, h('a', {'class': 'brand', href: '/'}, 'Hive'),
                      h('nav', {'aria-label': 'Main'}, nav)));
    app.appendChild(h('div', {'class': 'layout'}, main, aside));
    app.appendChild(h('footer', {'class': 'site'}, h('nav', {'aria-label': 'Footer'}, foot),
      h('p', {}, '\u00a9 2025 Hive Social Ltd \u00b7 5 Mill Lane, Bristol BS1 4QA, ' +
                 'United Kingdom')));
    return [main, aside];
  }
  function render() {
    closeMenus();
    document.querySelectorAll('.dialog-back').forEach(function (d) { d.remove(); });
    api('GET', '/api/me').then(function (d) {
      me = d.user || null;
      var parts = layout();
      var path = location.pathname.replace(/\/+$/, '') || '/';
      for (var i = 0; i < ROUTES.length; i++) {
        var m = path.match(ROUTES[i][0]);
        if (m) { ROUTES[i][1](parts[0], m, parts[1]); return; }
      }
      notFound(parts[0]);
    });
  }
  render();
})();
"""


def _json(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")


def _body(req: Request) -> dict:
    data = req.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def _str(data: dict, key: str) -> str:
    value = data.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def build() -> Site:
    site = Site([HOST], cookie="hive_sid", personas=PERSONAS,
                not_found=lambda req, e: (_json({"error": "not found"}, 404)
                                          if req.path.startswith("/api/") else _shell()))
    for name, (_display, age, _bio, _loc) in MEMBERS.items():
        if name not in site.accounts:
            site.add_account(Account(name, f"{name.replace('.', '_')}@example.org",
                                     f"unused-{name}-password", dob_for_age(age)))
    st = site.state
    st["profiles"] = {n: {"display": d, "bio": b, "location": loc,
                          "joined": f"2024-0{1 + i % 9}"}
                      for i, (n, (d, _a, b, loc)) in enumerate(MEMBERS.items())}
    st["follows"] = set(FOLLOWS)
    st["blocks"], st["mutes"] = set(), set()
    st["settings"] = {}
    st["posts"] = {pid: {"id": pid, "author": a, "text": t, "image": img, "comments_off": False,
                         "comments": [{"author": ca, "text": ct} for ca, ct in cs]}
                   for pid, a, t, img, cs in POSTS}
    st["conversations"] = {}
    st["reports"] = []
    st["next_post"], st["next_conv"] = 100, 1

    def minor(name: str) -> bool:
        acct = site.accounts.get(name)
        return bool(acct and acct.age is not None and acct.age < 18)

    def settings_of(name: str) -> dict:
        if name not in st["settings"]:
            young = minor(name)
            st["settings"][name] = {"dm": "connections" if young else "everyone",
                                    "comments": "everyone", "show_location": not young,
                                    "suggest": not young}
        return st["settings"][name]

    def profile_of(name: str) -> dict:
        if name not in st["profiles"]:
            st["profiles"][name] = {"display": name, "bio": "", "location": "",
                                    "joined": TODAY.isoformat()[:7]}
        return st["profiles"][name]

    def brief(name: str) -> dict:
        return {"username": name, "display": profile_of(name)["display"]}

    def follows(a: str, b: str) -> bool:
        return (a, b) in st["follows"]

    def blocked(a: str, b: str) -> bool:
        return (a, b) in st["blocks"] or (b, a) in st["blocks"]

    def visible_person(viewer: str | None, name: str) -> bool:
        """Whether ``name`` may be suggested to / found by ``viewer``."""
        if viewer == name:
            return True
        if viewer and blocked(viewer, name):
            return False
        if minor(name):
            return bool(viewer) and follows(name, viewer)
        return True

    def post_json(p: dict, viewer: str | None, *, all_comments: bool = False,
                  reason: str = "") -> dict:
        comments = p["comments"] if all_comments else p["comments"][:2]
        return {"id": p["id"], "author": brief(p["author"]), "text": p["text"],
                "image": f"/media/{p['id']}.svg" if p["image"] else None,
                "comments_off": p["comments_off"], "comments_count": len(p["comments"]),
                "comments": [] if p["comments_off"] else comments,
                "own": viewer == p["author"], "reason": reason}

    def may_see_post(viewer: str | None, p: dict) -> bool:
        if viewer and blocked(viewer, p["author"]):
            return False
        if minor(p["author"]):
            return viewer == p["author"] or bool(viewer and follows(p["author"], viewer))
        return True

    # -- the shell and static files -----------------------------------------------------------
    def _shell() -> Response:
        return Response(doc("Hive", SHELL, css=CSS), content_type="text/html; charset=utf-8")

    app_paths = ["/", "/login", "/signup", "/search", "/people", "/messages",
                 "/messages/requests", "/messages/new", "/messages/new-group", "/settings",
                 "/report"] + [f"/{slug}" for slug in PAGES]
    for path in app_paths:
        site.route(path)(lambda req: _shell())
    site.route("/u/<name>")(lambda req, name: _shell())
    site.route("/u/<name>/<which>")(lambda req, name, which: _shell())
    site.route("/p/<int:pid>")(lambda req, pid: _shell())
    site.route("/messages/<int:cid>")(lambda req, cid: _shell())

    @site.route("/static/app.js")
    def app_js(req: Request):
        js = APP_JS.replace("__CATEGORIES__", json.dumps(REPORT_CATEGORIES))
        return text(js, content_type="application/javascript; charset=utf-8")

    @site.route("/media/<int:pid>.svg")
    def media(req: Request, pid: int):
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="270">'
               f'<rect width="480" height="270" fill="#{(pid * 2654435) % 0xFFFFFF:06x}"/>'
               '<text x="20" y="40" font-size="24" fill="#fff">photo placeholder</text></svg>')
        return Response(svg, content_type="image/svg+xml")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt([], sitemap=f"{U}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        urls = [f"{U}/", f"{U}/help", f"{U}/terms", f"{U}/privacy", f"{U}/guidelines",
                f"{U}/report", f"{U}/complaints", f"{U}/contact", f"{U}/safety"]
        urls += [f"{U}/u/{n}" for n in ("marlow_jones", "priya.codes", "fenwick_art")]
        return sitemap_xml(urls)

    # -- API: accounts --------------------------------------------------------------------------
    def me(req: Request) -> str | None:
        user = site.user(req)
        return user.username if user else None

    @site.route("/api/me")
    def api_me(req: Request):
        name = me(req)
        if not name:
            return _json({"user": None})
        return _json({"user": {**brief(name), "minor": minor(name)}})

    @site.route("/api/login", methods=("POST",))
    def api_login(req: Request):
        data = _body(req)
        acct = site.check_login(_str(data, "login"), data.get("password") or "")
        if acct is None:
            return _json({"ok": False}, 401)
        site.session(req)["user"] = acct.username
        return _json({"ok": True})

    @site.route("/api/logout", methods=("POST",))
    def api_logout(req: Request):
        site.session(req).pop("user", None)
        return _json({"ok": True})

    @site.route("/api/signup", methods=("GET", "POST"))
    def api_signup(req: Request):
        sess = site.session(req)
        if sess.get("underage") or req.cookies.get("hive_ua") == "1":
            return _json({"ok": False, "blocked": True}, 403 if req.method == "POST" else 200)
        if req.method == "GET":
            return _json({"blocked": False})
        data = _body(req)
        username, email = _str(data, "username"), _str(data, "email")
        try:
            dob = date(int(_str(data, "dob_year")), int(_str(data, "dob_month")),
                       int(_str(data, "dob_day")))
        except ValueError:
            dob = None
        errors = []
        if not username or username in site.accounts or not username.replace("_", "").isalnum():
            errors.append("Choose a username that isn't taken (letters, digits and _).")
        if "@" not in email:
            errors.append("Enter a valid email address.")
        if len(str(data.get("password") or "")) < 8:
            errors.append("Use a password of at least 8 characters.")
        if dob is None or not 0 <= age_on(dob) <= 120:
            errors.append("Enter your date of birth.")
        if data.get("accept_terms") is not True:
            errors.append("You need to agree to the terms to join.")
        if errors:
            return _json({"ok": False, "errors": errors}, 400)
        if age_on(dob) < 13:
            sess["underage"] = True
            resp = _json({"ok": False, "blocked": True}, 403)
            resp.set_cookie("hive_ua", "1", max_age=90 * 86400, httponly=True, samesite="Lax")
            return resp
        site.add_account(Account(username, email, str(data["password"]), dob))
        profile_of(username)
        sess["user"] = username
        return _json({"ok": True})

    # -- API: people and posts -------------------------------------------------------------------
    @site.route("/api/feed")
    def api_feed(req: Request):
        viewer = me(req)
        with site.lock:
            posts = [p for p in st["posts"].values() if may_see_post(viewer, p)
                     and (not viewer or (viewer, p["author"]) not in st["mutes"])]
            posts.sort(key=lambda p: (-len(p["comments"]), -p["id"]))
            out = []
            for p in posts:
                if viewer and p["author"] == viewer:
                    continue
                if viewer:
                    mutual = [f for (f, t) in st["follows"] if t == p["author"] and
                              follows(viewer, f)]
                    reason = ("Because you follow " + profile_of(p["author"])["display"]
                              if follows(viewer, p["author"]) else
                              "Liked by people you follow" if mutual else "Suggested for you")
                else:
                    if minor(p["author"]):
                        continue
                    reason = ""
                out.append(post_json(p, viewer, reason=reason))
        return _json({"kind": "for_you" if viewer else "popular", "posts": out[:10]})

    @site.route("/api/posts", methods=("POST",))
    def api_new_post(req: Request):
        viewer = me(req)
        text_ = _str(_body(req), "text")
        if not viewer or not text_:
            return _json({"error": "log in and write something"}, 400)
        with site.lock:
            st["next_post"] += 1
            pid = st["next_post"]
            st["posts"][pid] = {"id": pid, "author": viewer, "text": text_[:2000], "image": False,
                                "comments_off": False, "comments": []}
        return _json({"id": pid})

    @site.route("/api/posts/<int:pid>")
    def api_post(req: Request, pid: int):
        viewer = me(req)
        with site.lock:
            p = st["posts"].get(pid)
            if p is None or not may_see_post(viewer, p):
                return _json({"error": "not found"}, 404)
            return _json(post_json(p, viewer, all_comments=True))

    @site.route("/api/posts/<int:pid>/comments", methods=("POST",))
    def api_comment(req: Request, pid: int):
        viewer = me(req)
        text_ = _str(_body(req), "text")
        with site.lock:
            p = st["posts"].get(pid)
            if not viewer or p is None or not text_ or not may_see_post(viewer, p):
                return _json({"error": "cannot comment"}, 400)
            rule = settings_of(p["author"])["comments"]
            allowed = (not p["comments_off"] and
                       (rule == "everyone" or viewer == p["author"] or
                        (rule == "connections" and follows(p["author"], viewer))))
            if not allowed:
                return _json({"error": "comments are turned off"}, 403)
            p["comments"].append({"author": viewer, "text": text_[:1000]})
        return _json({"ok": True})

    @site.route("/api/posts/<int:pid>/comments_off", methods=("POST",))
    def api_comments_off(req: Request, pid: int):
        viewer = me(req)
        with site.lock:
            p = st["posts"].get(pid)
            if p is None or p["author"] != viewer:
                return _json({"error": "not yours"}, 403)
            p["comments_off"] = bool(_body(req).get("off", True))
        return _json({"ok": True})

    @site.route("/api/users/<name>")
    def api_user(req: Request, name: str):
        viewer = me(req)
        with site.lock:
            if name not in site.accounts or (viewer and (name, viewer) in st["blocks"]):
                return _json({"error": "not found"}, 404)
            prof = profile_of(name)
            young = minor(name)
            show_conn = viewer == name or not young
            loc = prof["location"] if (settings_of(name)["show_location"] and not young) else ""
            posts = [post_json(p, viewer) for p in sorted(st["posts"].values(),
                                                          key=lambda p: -p["id"])
                     if p["author"] == name and may_see_post(viewer, p)]
            return _json({
                "username": name, "display": prof["display"], "bio": prof["bio"],
                "location": loc, "joined": prof["joined"], "is_self": viewer == name,
                "following": bool(viewer) and follows(viewer, name),
                "connections_visible": show_conn,
                "followers_count": sum(1 for f, t in st["follows"] if t == name),
                "following_count": sum(1 for f, t in st["follows"] if f == name),
                "posts": posts})

    @site.route("/api/users/<name>/<which>")
    def api_user_list(req: Request, name: str, which: str):
        viewer = me(req)
        with site.lock:
            if name not in site.accounts or which not in ("followers", "following"):
                return _json({"error": "not found"}, 404)
            if minor(name) and viewer != name:
                return _json({"error": "private"}, 403)
            pairs = st["follows"]
            names = sorted(f for f, t in pairs if t == name) if which == "followers" else \
                sorted(t for f, t in pairs if f == name)
            # a child never shows up in someone else's visible connection list
            names = [n for n in names if not minor(n) or n == viewer]
            return _json({"users": [brief(n) for n in names]})

    @site.route("/api/users/<name>/<action>", methods=("POST",))
    def api_user_action(req: Request, name: str, action: str):
        viewer = me(req)
        if not viewer or name not in site.accounts or name == viewer:
            return _json({"error": "not allowed"}, 400)
        pair = (viewer, name)
        with site.lock:
            if action == "follow" and not blocked(viewer, name):
                st["follows"].add(pair)
            elif action == "unfollow":
                st["follows"].discard(pair)
            elif action == "block":
                st["blocks"].add(pair)
                st["follows"].discard(pair)
                st["follows"].discard((name, viewer))
            elif action == "unblock":
                st["blocks"].discard(pair)
            elif action == "mute":
                st["mutes"].add(pair)
            elif action == "unmute":
                st["mutes"].discard(pair)
            else:
                return _json({"error": "unknown action"}, 404)
        return _json({"ok": True})

    @site.route("/api/suggestions")
    def api_suggestions(req: Request):
        viewer = me(req)
        if not viewer:
            return _json({"error": "log in"}, 401)
        with site.lock:
            out = []
            for name in site.accounts:
                if name == viewer or follows(viewer, name) or minor(name) or \
                        not settings_of(name)["suggest"] or blocked(viewer, name):
                    continue
                via = [f for f in sorted(site.accounts) if follows(viewer, f) and
                       follows(f, name)]
                reason = (f"Followed by {profile_of(via[0])['display']}" if via
                          else "Popular on Hive")
                out.append({**brief(name), "reason": reason, "score": len(via)})
            out.sort(key=lambda u: (-u["score"], u["username"]))
        return _json({"users": out[:8]})

    @site.route("/api/search")
    def api_search(req: Request):
        viewer = me(req)
        q = (req.args.get("q") or "").strip().lower()
        if not q:
            return _json({"people": [], "posts": []})
        with site.lock:
            people = [brief(n) for n in sorted(site.accounts)
                      if (q in n.lower() or q in profile_of(n)["display"].lower())
                      and visible_person(viewer, n) and n != viewer]
            posts = [post_json(p, viewer) for p in st["posts"].values()
                     if q in p["text"].lower() and may_see_post(viewer, p)
                     and (not minor(p["author"]) or p["author"] == viewer)]
        return _json({"people": people[:20], "posts": posts[:20]})

    # -- API: messages ---------------------------------------------------------------------------
    def conv_name(c: dict, viewer: str) -> str:
        if c["group"]:
            return c["name"]
        other = next((m for m in c["members"] if m != viewer), viewer)
        return profile_of(other)["display"]

    def new_conv(members: list[str], *, group: bool, name: str, by: str) -> dict:
        cid = st["next_conv"]
        st["next_conv"] += 1
        c = {"id": cid, "members": members, "group": group, "name": name, "by": by,
             "messages": [], "state": {m: "active" for m in members}}
        st["conversations"][cid] = c
        return c

    def deliver_state(sender: str, recipient: str) -> str:
        rule = settings_of(recipient)["dm"]
        if blocked(sender, recipient) or rule == "nobody":
            return "refused"
        if rule == "everyone" or follows(recipient, sender):
            return "active"
        return "request"

    @site.route("/api/messages", methods=("POST",))
    def api_send(req: Request):
        viewer = me(req)
        data = _body(req)
        to, text_ = _str(data, "to").lstrip("@"), _str(data, "text")
        if not viewer:
            return _json({"error": "Log in to send messages."}, 401)
        if to not in site.accounts or to == viewer or not text_:
            return _json({"status": "refused", "error": "Choose someone to message and write a "
                                                          "message."}, 400)
        with site.lock:
            state = deliver_state(viewer, to)
            if state == "refused":
                return _json({"status": "refused",
                              "error": f"{profile_of(to)['display']} isn't accepting messages "
                                       "from you."}, 403)
            conv = next((c for c in st["conversations"].values() if not c["group"]
                         and set(c["members"]) == {viewer, to}), None)
            if conv is None:
                conv = new_conv([viewer, to], group=False, name="", by=viewer)
                conv["state"][to] = state
            conv["messages"].append({"from": profile_of(viewer)["display"], "by": viewer,
                                     "text": text_[:2000]})
            status = "request" if conv["state"][to] == "request" else "sent"
        return _json({"status": status, "conversation": conv["id"]})

    @site.route("/api/groups", methods=("POST",))
    def api_group(req: Request):
        viewer = me(req)
        data = _body(req)
        if not viewer:
            return _json({"error": "Log in first."}, 401)
        raw = data.get("members", "")
        names = raw if isinstance(raw, list) else str(raw).replace(";", ",").split(",")
        names = [str(n).strip().lstrip("@") for n in names if str(n).strip()]
        name, text_ = _str(data, "name"), _str(data, "text")
        with site.lock:
            members = [n for n in dict.fromkeys(names) if n in site.accounts and n != viewer
                       and deliver_state(viewer, n) != "refused"]
            if not members or not name:
                return _json({"error": "Give the group a name and add at least one person "
                                       "who accepts messages from you."}, 400)
            conv = new_conv([viewer, *members], group=True, name=name[:80], by=viewer)
            invited = []
            for n in members:
                if minor(n) or not follows(n, viewer):
                    conv["state"][n] = "invited"
                    invited.append(n)
            if text_:
                conv["messages"].append({"from": profile_of(viewer)["display"], "by": viewer,
                                         "text": text_[:2000]})
        return _json({"conversation": conv["id"], "invited": invited})

    @site.route("/api/conversations")
    def api_conversations(req: Request):
        viewer = me(req)
        if not viewer:
            return _json({"error": "log in"}, 401)
        chats, reqs = [], []
        with site.lock:
            for c in sorted(st["conversations"].values(), key=lambda c: -c["id"]):
                if viewer not in c["members"]:
                    continue
                mine = c["state"].get(viewer)
                last = c["messages"][-1]["text"] if c["messages"] else ""
                if mine == "active":
                    chats.append({"id": c["id"], "name": conv_name(c, viewer), "last": last})
                elif mine in ("request", "invited"):
                    reqs.append({"id": c["id"], "group": c["group"], "name": c["name"],
                                 "from": profile_of(c["by"])["display"],
                                 "preview": "" if c["group"] else last})
        return _json({"chats": chats, "requests": reqs})

    @site.route("/api/conversations/<int:cid>")
    def api_conversation(req: Request, cid: int):
        viewer = me(req)
        with site.lock:
            c = st["conversations"].get(cid)
            if not viewer or c is None or viewer not in c["members"] or \
                    c["state"].get(viewer) == "declined":
                return _json({"error": "not found"}, 404)
            mine = c["state"][viewer]
            other = next((m for m in c["members"] if m != viewer), viewer)
            if mine == "active" and not c["group"] and c["state"].get(other) == "request":
                mine = "pending_sent"
            return _json({"id": cid, "group": c["group"], "name": conv_name(c, viewer),
                          "other": other, "inviter": profile_of(c["by"])["display"],
                          "state": mine,
                          "messages": [] if mine == "invited" else
                          [{"from": m["from"], "text": m["text"]} for m in c["messages"]]})

    @site.route("/api/conversations/<int:cid>/messages", methods=("POST",))
    def api_conv_send(req: Request, cid: int):
        viewer = me(req)
        text_ = _str(_body(req), "text")
        with site.lock:
            c = st["conversations"].get(cid)
            if not viewer or c is None or c["state"].get(viewer) != "active" or not text_:
                return _json({"error": "cannot send"}, 400)
            others = [m for m in c["members"] if m != viewer]
            if not c["group"] and any(blocked(viewer, o) for o in others):
                return _json({"error": "cannot send"}, 403)
            c["messages"].append({"from": profile_of(viewer)["display"], "by": viewer,
                                  "text": text_[:2000]})
        return _json({"ok": True})

    @site.route("/api/conversations/<int:cid>/<action>", methods=("POST",))
    def api_conv_action(req: Request, cid: int, action: str):
        viewer = me(req)
        with site.lock:
            c = st["conversations"].get(cid)
            if not viewer or c is None or c["state"].get(viewer) not in ("request", "invited"):
                return _json({"error": "nothing to answer"}, 400)
            if action == "accept":
                c["state"][viewer] = "active"
            elif action == "decline":
                c["state"][viewer] = "declined"
            else:
                return _json({"error": "unknown action"}, 404)
        return _json({"ok": True})

    @site.route("/api/settings", methods=("GET", "POST"))
    def api_settings(req: Request):
        viewer = me(req)
        if not viewer:
            return _json({"error": "log in"}, 401)
        with site.lock:
            s = settings_of(viewer)
            if req.method == "POST":
                data = _body(req)
                for key in ("dm", "comments"):
                    if data.get(key) in ("everyone", "connections", "nobody"):
                        s[key] = data[key]
                if not minor(viewer):
                    for key in ("show_location", "suggest"):
                        if isinstance(data.get(key), bool):
                            s[key] = data[key]
            return _json(dict(s))

    # -- API: reports and pages --------------------------------------------------------------
    @site.route("/api/reports", methods=("POST",))
    def api_report(req: Request):
        data = _body(req)
        category = _str(data, "category")
        if category not in dict(REPORT_CATEGORIES):
            return _json({"error": "Please choose what is wrong."}, 400)
        ref = new_ref("HV")
        with site.lock:
            st["reports"].append({"ref": ref, "kind": _str(data, "kind"),
                                  "id": str(data.get("id", ""))[:200], "category": category,
                                  "details": _str(data, "details")[:2000], "by": me(req)})
        return _json({"ref": ref})

    @site.route("/api/pages/<slug>")
    def api_page(req: Request, slug: str):
        if slug not in PAGES:
            return _json({"error": "not found"}, 404)
        title, body = PAGES[slug]
        return _json({"title": title, "html": body})

    return site


SERVICE = Service(
    id="hive",
    name="Hive",
    hosts=[HOST],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "social", "size_band": "700k_to_7m",
         "likely_accessed_by_children": "true", "regime": "u2u", "allow_forms": "true",
         "accounts": "hive", "tags": "demo;social;spa",
         "notes": "Demo: single-page app; message requests and group invites for children"},
    personas=PERSONAS,
    description="social network SPA; child DMs held as requests; group invites; '...' menus",
)
