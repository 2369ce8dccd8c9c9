/* OSA auditor report: sortable tables, the overview matrix (filters, sorting, pages) and print.
 * Loaded as a file of its own (the content security policy allows no inline script). Reads its
 * data from the <script type="application/json" id="report-data"> block; never builds markup
 * from strings: every text from a target goes in through textContent. */
(function () {
  "use strict";

  var SLUG = /^[a-z0-9-]+$/;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /* ---------------- sortable tables (services, measures, changes) ---------------- */
  function sortKey(cell) {
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  function compareKeys(a, b) {
    var na = a === "" ? NaN : Number(a), nb = b === "" ? NaN : Number(b);
    var an = !isNaN(na), bn = !isNaN(nb);
    if (an && bn) return na - nb;
    if (an !== bn) return an ? -1 : 1;
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, idx) {
      var btn = th.querySelector("button");
      if (!btn) return;
      btn.addEventListener("click", function () {
        /* a second click reverses; a first click sorts numbers (class "num") highest first and
           text A to Z, unless the heading says otherwise (data-first="asc", e.g. the rank) */
        var cur = th.getAttribute("aria-sort");
        var asc = cur ? cur !== "ascending"
          : (th.getAttribute("data-first") === "asc" || !th.classList.contains("num"));
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compareKeys(sortKey(r1.cells[idx]), sortKey(r2.cells[idx]));
          return asc ? c : -c;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      });
    });
  }

  /* ---------------- the matrix ---------------- */
  function Matrix(data) {
    var measures = data.measures, services = data.services;
    var statusBy = {}, order = "NPOMA-";
    data.statuses.forEach(function (s) { statusBy[s.c] = s; });
    statusBy["-"] = { c: "-", key: "none", label: "No verdict", glyph: "\u00b7" };
    var problem = {};
    (data.problemOutcomes || []).forEach(function (o) { problem[o] = true; });

    var table = document.getElementById("mx-table");
    var thead = table.tHead, tbody = table.tBodies[0];
    var summary = document.getElementById("mx-summary");
    var pager = document.getElementById("mx-pager");
    var form = document.getElementById("mx-filters");
    var ctl = {
      q: document.getElementById("f-q"), kind: document.getElementById("f-kind"),
      theme: document.getElementById("f-theme"), code: document.getElementById("f-code"),
      status: document.getElementById("f-status"), outcome: document.getElementById("f-outcome"),
      sort: document.getElementById("f-sort"), size: document.getElementById("f-size")
    };
    var DEFAULTS = { q: "", kind: "", theme: "", code: "", status: "", outcome: "",
                     sort: "rank", size: "50", col: "", dir: "1", page: "0" };
    var state = {};
    Object.keys(DEFAULTS).forEach(function (k) { state[k] = DEFAULTS[k]; });

    function readHash() {
      var h = location.hash;
      if (h.indexOf("#mx?") !== 0) return;
      var p = new URLSearchParams(h.slice(4));
      Object.keys(DEFAULTS).forEach(function (k) { if (p.has(k)) state[k] = p.get(k); });
    }
    function writeHash() {
      var p = new URLSearchParams();
      Object.keys(DEFAULTS).forEach(function (k) {
        if (state[k] !== DEFAULTS[k]) p.set(k, state[k]);
      });
      var s = p.toString();
      var target = s ? "#mx?" + s : location.pathname + location.search;
      if (history.replaceState) history.replaceState(null, "", s ? target : target);
    }
    function syncControls() {
      Object.keys(ctl).forEach(function (k) { if (ctl[k]) ctl[k].value = state[k]; });
    }

    function visibleMeasures() {
      var out = [];
      measures.forEach(function (m, i) {
        if (state.theme && m.th.indexOf(state.theme) < 0) return;
        if (state.code && m.code !== state.code) return;
        out.push(i);
      });
      return out;
    }
    function count(s, cols, c) {
      var n = 0;
      for (var j = 0; j < cols.length; j++) if (s.s.charAt(cols[j]) === c) n++;
      return n;
    }
    function filtered(cols) {
      var q = state.q.trim().toLowerCase();
      return services.filter(function (s) {
        if (state.kind && s.k !== state.kind) return false;
        if (state.outcome && s.o !== state.outcome) return false;
        if (q && s.n.toLowerCase().indexOf(q) < 0 && s.id.toLowerCase().indexOf(q) < 0)
          return false;
        if (state.status && count(s, cols, state.status) === 0) return false;
        return true;
      });
    }
    function byRank(a, b) {
      var ra = a.r === null ? 1e9 : a.r, rb = b.r === null ? 1e9 : b.r;
      return ra - rb || a.n.localeCompare(b.n);
    }
    function sortRows(rows, cols) {
      var s = state.sort, num = function (v) { return v === null || v === undefined ? -1 : v; };
      if (state.col !== "") {
        var ci = Number(state.col), dir = Number(state.dir) || 1;
        rows.sort(function (a, b) {
          return dir * (order.indexOf(a.s.charAt(ci)) - order.indexOf(b.s.charAt(ci))) ||
            byRank(a, b);
        });
        return rows;
      }
      if (s === "name") rows.sort(function (a, b) {
        return a.n.localeCompare(b.n, undefined, { sensitivity: "base", numeric: true });
      });
      else if (s === "risk") rows.sort(function (a, b) {
        return num(b.x) - num(a.x) || byRank(a, b);
      });
      else if (s === "gap") rows.sort(function (a, b) {
        return num(b.g) - num(a.g) || byRank(a, b);
      });
      else if (s === "notmet") rows.sort(function (a, b) {
        return (count(b, cols, "N") - count(a, cols, "N")) ||
          (count(b, cols, "P") - count(a, cols, "P")) || byRank(a, b);
      });
      else if (s === "met") rows.sort(function (a, b) {
        return (count(b, cols, "M") - count(a, cols, "M")) || byRank(a, b);
      });
      else rows.sort(byRank);
      return rows;
    }

    function renderHead(cols) {
      var tr = el("tr");
      var th0 = el("th", "svc");
      th0.scope = "col";
      th0.appendChild(el("span", null, "Service"));
      tr.appendChild(th0);
      var thr = el("th", "num", "#");
      thr.scope = "col";
      thr.title = "Triage rank";
      tr.appendChild(thr);
      var thg = el("th", "gapsh", "Gaps");
      thg.scope = "col";
      thg.title = "Not met and partly met, in the measures shown";
      tr.appendChild(thg);
      cols.forEach(function (ci) {
        var m = measures[ci];
        var th = el("th", "mh");
        th.scope = "col";
        if (String(ci) === state.col) {
          th.setAttribute("aria-sort", state.dir === "1" ? "descending" : "ascending");
        }
        var b = el("button", null, m.id);
        b.type = "button";
        b.title = m.id + (m.t ? ": " + m.t : "") + " \u2014 select to sort by this measure";
        if (m.t) b.appendChild(el("span", "vh", ": " + m.t));   /* its name, for screen readers */
        b.setAttribute("data-col", String(ci));
        th.appendChild(b);
        tr.appendChild(th);
      });
      thead.textContent = "";
      thead.appendChild(tr);
    }

    function renderBody(rows, cols, start, end) {
      var frag = document.createDocumentFragment();
      for (var i = start; i < end; i++) {
        var s = rows[i];
        var slugOk = SLUG.test(s.i);
        var tr = el("tr", problem[s.o] ? "out-problem" : "");
        var th = el("th", "svc");
        th.scope = "row";
        var a = el("a", null, s.n);
        if (slugOk) a.href = "services/" + s.i + ".html";
        a.title = s.n;
        th.appendChild(a);
        var kind = s.k.replace(/_/g, " ");
        if (s.o !== "ok") kind += " \u00b7 " + s.o.replace(/_/g, " ");
        var k = el("div", "k", kind);
        th.appendChild(k);
        tr.appendChild(th);
        tr.appendChild(el("td", "rk", s.r === null ? "" : s.r));
        var n = count(s, cols, "N"), p = count(s, cols, "P");
        var g = el("td", "gaps");
        g.appendChild(el("span", null, n + " \u2717 \u00b7 " + p + " \u25d0"));
        g.title = n + " not met, " + p + " partly met";
        tr.appendChild(g);
        for (var j = 0; j < cols.length; j++) {
          var ci = cols[j], c = s.s.charAt(ci), st = statusBy[c] || statusBy["-"];
          var m = measures[ci];
          var td = el("td", "c st-" + st.key + (state.status && c !== state.status ? " dim" : ""));
          var ca = el("a");
          if (slugOk && SLUG.test(m.i)) ca.href = "services/" + s.i + ".html#m-" + m.i;
          ca.title = m.id + " \u00b7 " + st.label;
          ca.appendChild(el("span", null, st.glyph)).setAttribute("aria-hidden", "true");
          ca.appendChild(el("span", "vh", m.id + ": " + st.label));
          td.appendChild(ca);
          tr.appendChild(td);
        }
        frag.appendChild(tr);
      }
      tbody.textContent = "";
      if (start >= end) {
        var tr0 = el("tr"), td0 = el("td", "empty", "No service matches these filters.");
        td0.colSpan = cols.length + 3;
        tr0.appendChild(td0);
        frag.appendChild(tr0);
      }
      tbody.appendChild(frag);
    }

    function renderSummary(rows, cols, start, end) {
      summary.textContent = "";
      var txt = rows.length
        ? "Showing " + (start + 1) + "\u2013" + end + " of " + rows.length +
          (rows.length === 1 ? " service" : " services")
        : "No services";
      if (rows.length !== services.length) {
        txt += " (" + services.length.toLocaleString("en-GB") + " in all)";
      }
      txt += " \u00b7 " + cols.length + " of " + measures.length + " measures.";
      summary.appendChild(el("span", null, txt));
      var tally = {};
      rows.forEach(function (s) {
        for (var j = 0; j < cols.length; j++) {
          var c = s.s.charAt(cols[j]);
          tally[c] = (tally[c] || 0) + 1;
        }
      });
      "NPMOA".split("").forEach(function (c) {
        var st = statusBy[c];
        var b = el("button", "chip st-" + st.key);
        b.type = "button";
        b.setAttribute("aria-pressed", state.status === c ? "true" : "false");
        b.title = "Show only services with a verdict " + st.label.toLowerCase();
        b.appendChild(el("span", "g", st.glyph)).setAttribute("aria-hidden", "true");
        var k = (tally[c] || 0).toLocaleString("en-GB");
        b.appendChild(document.createTextNode(st.label + ": " + k));
        b.addEventListener("click", function () {
          state.status = state.status === c ? "" : c;
          state.page = "0";
          update();
        });
        summary.appendChild(b);
      });
    }

    function renderPager(total, size) {
      pager.textContent = "";
      var pages = Math.max(1, Math.ceil(total / size));
      var page = Math.min(Number(state.page) || 0, pages - 1);
      function btn(text, to, disabled, label) {
        var b = el("button", "btn", text);
        b.type = "button";
        if (label) b.setAttribute("aria-label", label);
        b.disabled = disabled;
        b.addEventListener("click", function () { state.page = String(to); update(true); });
        pager.appendChild(b);
      }
      btn("\u00ab First", 0, page === 0, "First page");
      btn("\u2039 Previous", page - 1, page === 0, "Previous page");
      pager.appendChild(el("span", "pageinfo", "Page " + (page + 1) + " of " + pages));
      btn("Next \u203a", page + 1, page >= pages - 1, "Next page");
      btn("Last \u00bb", pages - 1, page >= pages - 1, "Last page");
      return page;
    }

    function update(scroll) {
      var cols = visibleMeasures();
      var rows = sortRows(filtered(cols), cols);
      var size = Number(state.size) || 50;
      var page = renderPager(rows.length, size);
      state.page = String(page);
      var start = page * size, end = Math.min(rows.length, start + size);
      renderHead(cols);
      renderBody(rows, cols, start, end);
      renderSummary(rows, cols, start, end);
      syncControls();
      writeHash();
      if (scroll) document.getElementById("matrix").scrollIntoView({ block: "start" });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function (e) {
      e.preventDefault();
      Object.keys(DEFAULTS).forEach(function (k) { state[k] = DEFAULTS[k]; });
      update();
    });
    Object.keys(ctl).forEach(function (k) {
      var c = ctl[k];
      if (!c) return;
      c.addEventListener(k === "q" ? "input" : "change", function () {
        state[k] = c.value;
        state.page = "0";
        if (k === "sort") state.col = "";
        update();
      });
    });
    thead.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button[data-col]") : null;
      if (!b) return;
      var ci = b.getAttribute("data-col");
      if (state.col === ci) state.dir = state.dir === "1" ? "-1" : "1";
      else { state.col = ci; state.dir = "1"; }
      state.page = "0";
      update();
      var again = thead.querySelector('button[data-col="' + ci + '"]');
      if (again) again.focus();
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-status-link]"), function (a) {
      a.addEventListener("click", function () {
        state.status = a.getAttribute("data-status-link");
        state.page = "0";
        update();
      });
    });
    readHash();
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    var data = document.getElementById("report-data");
    if (data) {
      try { Matrix(JSON.parse(data.textContent)); }
      catch (err) {
        var wrap = document.getElementById("mx-wrap");
        if (wrap) wrap.appendChild(el("p", "empty", "The matrix could not be drawn: " + err));
      }
    }
    window.addEventListener("beforeprint", function () {
      /* "+N more evidence" stays shut: the evidence list at the end of the page has it all */
      Array.prototype.forEach.call(document.querySelectorAll("details:not(.more)"), function (d) {
        if (!d.open) { d.setAttribute("data-print-opened", ""); d.open = true; }
      });
    });
    window.addEventListener("afterprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details[data-print-opened]"),
        function (d) { d.open = false; d.removeAttribute("data-print-opened"); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
