// The exsearch widget: the instant search of the search page, dropped into
// any other site's page by two tags,
//
//   <script src="https://SEARCH-HOST/widget.js" data-ui="da" defer></script>
//   <div data-exsearch><a href="https://SEARCH-HOST/?ui=da">Søg</a></div>
//
// It draws into a shadow root on the div, so that the host's styles do not
// reach in and its own do not leak out; the host themes it through CSS
// custom properties, which do cross the shadow boundary. Its styles are a
// stylesheet of the search host, linked, not injected, so that a host with
// a strict Content-Security-Policy needs only to name the search host in
// script-src, style-src and connect-src. Until that stylesheet has loaded,
// and for good when the API cannot be reached (the host's origin missing
// from --cors-origins, the server down), the div's own content shows: the
// plain link to the search page.
//
// Text from the API is inserted as text; the only markup is <mark>, made
// here from the exact tokens of the server's escaped highlights. Links to
// documents are followed only when they are http(s).
//
// The search lives in the host page's URL, in parameters of its own (xs-q,
// xs-muscle, xs-equipment, xs-focus, xs-have), so that a search can be
// shared and Back undoes a filter, as on the search page: the first pause in
// typing adds a history entry, later ones rewrite it, a filter adds one.
//
// The div's data-state says how it went: "ready" once the widget shows,
// "down" when it gave up.
//
// The server fills in the messages in the four languages (from web/i18n.go)
// and the stylesheet's address when it serves this file.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !document.documentElement.attachShadow || !window.fetch || !window.AbortController || !history.pushState) return;
  // Loaded without defer, before the div: wait for the document.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    var root = document.querySelector("[data-exsearch]");
    if (!root) return;

    var MESSAGES = {/*messages*/};
    var CSS = "/*css*/";
    var HOST = new URL(script.src).origin;
    var ui = script.getAttribute("data-ui") || root.getAttribute("data-ui") || "";
    if (!MESSAGES[ui]) ui = (document.documentElement.lang || "").slice(0, 2).replace(/^n[bn]$/, "no");
    if (!MESSAGES[ui]) ui = "en";
    var M = MESSAGES[ui] || {};
    var numbers = new Intl.NumberFormat(ui === "no" ? "nb" : ui);
    var FACETS = ["muscle", "equipment", "focus"];
    var P = "xs-";
    var SIZE = 8;
    var CHIPS = 6;
    var DEBOUNCE = 200;

    // t is the message key in the widget's language, with %s and %d filled in
    // order.
    function t(key) {
      var s = M[key] || key;
      for (var i = 1; i < arguments.length; i++) {
        var arg = String(arguments[i]);
        s = s.replace(/%[sd]/, function () { return arg; });
      }
      return s;
    }

    // el makes an element with attributes and children (strings become text).
    function el(name, attrs, children) {
      var e = document.createElement(name);
      for (var k in attrs || {}) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
      (children || []).forEach(function (c) {
        if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
      });
      return e;
    }

    var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#34": '"', "#39": "'", apos: "'" };

    // marked appends a highlight fragment (escaped text with <mark> tokens)
    // as text nodes and <mark> elements.
    function marked(parent, fragment) {
      var inMark = false;
      fragment.split(/(<mark>|<\/mark>)/).forEach(function (part) {
        if (part === "<mark>" || part === "</mark>") {
          inMark = part === "<mark>";
          return;
        }
        if (!part) return;
        var text = document.createTextNode(part.replace(/&(amp|lt|gt|quot|apos|#34|#39);/g, function (_, e) { return ENTITIES[e]; }));
        parent.appendChild(inMark ? el("mark", null, [text]) : text);
      });
      return parent;
    }

    function safeURL(u) {
      try {
        var url = new URL(u);
        return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
      } catch (e) {
        return null;
      }
    }

    // The state, read from and written to the host page's URL.
    function readState() {
      var u = new URLSearchParams(location.search);
      var s = { q: u.get(P + "q") || "", have: u.get(P + "have") === "1", f: {} };
      FACETS.forEach(function (f) { s.f[f] = u.getAll(P + f); });
      return s;
    }

    function stateURL(s) {
      var u = new URL(location.href);
      ["q", "have"].concat(FACETS).forEach(function (k) { u.searchParams.delete(P + k); });
      if (s.q.trim()) u.searchParams.set(P + "q", s.q);
      FACETS.forEach(function (f) { s.f[f].forEach(function (v) { u.searchParams.append(P + f, v); }); });
      if (s.have) u.searchParams.set(P + "have", "1");
      return u.pathname + u.search + u.hash;
    }

    function active(s) {
      return !!s.q.trim() || s.have || FACETS.some(function (f) { return s.f[f].length > 0; });
    }

    // searchParams are the API's (and the search page's) parameters for s.
    function searchParams(s, size) {
      var p = new URLSearchParams({ q: s.q, ui: ui, prefer_lang: ui });
      FACETS.forEach(function (f) { s.f[f].forEach(function (v) { p.append(f, v); }); });
      if (s.have) p.set("equipment_mode", "have");
      if (size !== undefined) p.set("size", size);
      return p;
    }

    function pageURL(s) {
      return HOST + "/?" + searchParams(s).toString();
    }

    var shadow = root.attachShadow({ mode: "open" });
    var link = el("link", { rel: "stylesheet", href: HOST + CSS });
    var fallback = el("slot");
    shadow.appendChild(link);
    shadow.appendChild(fallback);

    var state = readState();
    var input = el("input", {
      type: "search", id: "xs-q", placeholder: t("placeholder"), autocomplete: "off", spellcheck: "false",
      "aria-controls": "xs-results", "aria-describedby": "xs-summary"
    });
    input.value = state.q;
    var form = el("form", { class: "box", role: "search", "aria-label": t("search") }, [
      el("label", { for: "xs-q", class: "vh" }, [t("search")]),
      input,
      el("button", { type: "submit" }, [t("search")])
    ]);
    var region = el("div", { id: "xs-results", class: "results" });
    var announce = el("p", { class: "vh", "aria-live": "polite", "aria-atomic": "true" });
    var widget = el("div", { class: "widget", lang: ui === "no" ? "nb" : ui }, [form, region, announce]);

    var controller = null;
    var timer = 0;
    var typing = false; // the current history entry was made while typing
    // typedID is the id of the search shown last while typing: the next
    // search typed (or submitted) names it as refines=, so that the site
    // owner's analytics keep the search the visitor settled on, not every
    // prefix on the way. Forgotten as soon as the visitor does anything
    // but type.
    var typedID = null;
    var down = false;

    // fail gives up for good: the API cannot be reached from this page.
    // What is left is a link to the search page, with the search so far.
    function fail() {
      if (down) return;
      down = true;
      clearTimeout(timer);
      if (controller) controller.abort();
      // The host's own link, if it gave one, until the widget has shown.
      root.setAttribute("data-state", "down");
      if (!widget.isConnected && root.children.length) return;
      var note = el("p", { class: "down" }, [el("a", { href: pageURL(state) }, [t("widgetdown")])]);
      (widget.isConnected ? widget : fallback).replaceWith(note);
    }

    // load searches for state. how: "push" or "replace" (a history entry),
    // "none", "probe" (a count only); refines, if set, is the id of the
    // search typed before this one.
    function load(how, refines) {
      if (down) return;
      if (controller) controller.abort();
      var mine = controller = new AbortController();
      var s = state;
      var url = stateURL(s);
      if (how === "push") history.pushState(history.state, "", url);
      else if (how === "replace") history.replaceState(history.state, "", url);
      if (!active(s) && how !== "probe") {
        region.replaceChildren();
        announce.textContent = "";
        return;
      }
      region.setAttribute("aria-busy", "true");
      var params = searchParams(s, how === "probe" ? 0 : SIZE);
      params.set("source", "widget");
      if (refines) params.set("refines", refines);
      fetch(HOST + "/api/search?" + params.toString(), { signal: mine.signal, credentials: "omit" })
        .then(function (resp) {
          if (!resp.ok) throw { name: "HTTPError", status: resp.status };
          return resp.json();
        })
        .then(function (res) {
          if (mine !== controller) return;
          if (!widget.isConnected) {
            fallback.replaceWith(widget);
            root.setAttribute("data-state", "ready");
          }
          if (how !== "probe") render(s, res);
          if (typing) typedID = res.search_id || null;
        })
        .catch(function (err) {
          if (err.name === "AbortError") return;
          // A search the server refused (too long, too slow, too many) is
          // one search: the search page explains it, and the box stays.
          // No answer at all means the API cannot be reached from here.
          if (err.name === "HTTPError" && widget.isConnected) {
            region.replaceChildren(el("p", { class: "empty" }, [el("a", { href: pageURL(s) }, [t("widgetdown")])]));
            announce.textContent = "";
          } else {
            fail();
          }
        })
        .finally(function () {
          if (mine === controller) region.removeAttribute("aria-busy");
        });
    }

    function render(s, res) {
      var focused = shadow.activeElement;
      var keep = focused && region.contains(focused) ? focused.getAttribute("data-key") : null;
      var summary = res.total === 1 ? t("result") : t("results", numbers.format(res.total));
      if (s.q.trim()) summary += " " + t("for") + " " + t("quoted", s.q.trim());
      var out = [el("p", { id: "xs-summary", class: "summary", "data-total": res.total }, [summary])];

      var facets = el("div", { class: "facets" });
      FACETS.forEach(function (f) {
        var values = (res.facets && res.facets[f]) || [];
        var shown = values.filter(function (v, i) { return v.selected || i < CHIPS; });
        if (!shown.length && f !== "equipment") return;
        var group = el("div", { class: "facet", role: "group", "aria-labelledby": "xs-f-" + f }, [
          el("span", { class: "legend", id: "xs-f-" + f }, [t(f)])
        ]);
        shown.forEach(function (v) {
          group.appendChild(el("button", {
            type: "button", class: "chip", "aria-pressed": v.selected ? "true" : "false",
            "data-facet": f, "data-value": v.value, "data-key": f + "=" + v.value
          }, [v.label + " ", el("span", { class: "count" }, [numbers.format(v.count)])]));
        });
        if (f === "equipment") {
          var have = el("input", { type: "checkbox", id: "xs-have", "data-key": "have" });
          have.checked = s.have;
          group.appendChild(el("label", { class: "have", for: "xs-have" }, [have, " " + t("have")]));
        }
        facets.appendChild(group);
      });
      out.push(facets);

      var hits = el("ol", { class: "hits" });
      if (res.search_id) hits.setAttribute("data-search-id", res.search_id);
      (res.hits || []).forEach(function (h, i) {
        var title = el("a", { class: "hit-link", "data-rank": (res.page - 1) * res.size + i + 1, "data-id": h.id, href: safeURL(h.url) || HOST + "/d/" + h.id.split("/").map(encodeURIComponent).join("/") + "?ui=" + ui });
        if (h.highlights && h.highlights.title && h.highlights.title.length) marked(title, h.highlights.title[0]);
        else title.textContent = h.title;
        var labels = [].concat(h.muscle || [], h.equipment || [], h.focus || []).map(function (v) { return v.label; });
        var excerpt = el("p", { class: "excerpt" });
        var body = (h.highlights && h.highlights.body) || [];
        if (body.length) body.forEach(function (f, i) { if (i) excerpt.appendChild(document.createTextNode(" … ")); marked(excerpt, f); });
        else excerpt.textContent = h.excerpt || "";
        hits.appendChild(el("li", { class: "hit", lang: h.lang === "no" ? "nb" : h.lang }, [
          title,
          labels.length ? el("p", { class: "meta" }, [labels.join(" · ")]) : null,
          excerpt
        ]));
      });
      if (res.hits && res.hits.length) out.push(hits);
      else out.push(el("p", { class: "empty" }, [s.q.trim() ? t("noresultsfor", s.q.trim()) : t("nothing")]));
      out.push(el("p", { class: "all" }, [el("a", { href: pageURL(s) }, [t("widgetall")])]));

      region.replaceChildren.apply(region, out);
      announce.textContent = summary;
      if (keep) {
        var again = region.querySelector('[data-key="' + CSS_escape(keep) + '"]');
        if (again) again.focus();
      }
    }

    function CSS_escape(s) {
      return window.CSS && window.CSS.escape ? window.CSS.escape(s) : s.replace(/["\\]/g, "\\$&");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (input.value === state.q) return;
        state = { q: input.value, have: state.have, f: state.f };
        // One history entry per search, not per pause in typing.
        var how = typing ? "replace" : "push";
        typing = true;
        load(how, typedID);
      }, DEBOUNCE);
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      typing = false;
      var refines = typedID;
      typedID = null;
      if (input.value !== state.q) {
        state = { q: input.value, have: state.have, f: state.f };
        load("push", refines);
      }
    });

    // A click on a hit goes back to the search server as a beacon (a
    // text/plain body: no CORS preflight from this page's origin), for
    // the site owner's analytics. The server sets no cookie for it to
    // carry and records nothing of the request but its body.
    function clicked(e) {
      var a = e.target.closest("a[data-rank]");
      var list = a && a.closest("ol[data-search-id]");
      if (!list || !navigator.sendBeacon || (e.type === "auxclick" && e.button !== 1)) return;
      navigator.sendBeacon(HOST + "/api/click", JSON.stringify({
        search_id: list.getAttribute("data-search-id"),
        rank: parseInt(a.getAttribute("data-rank"), 10),
        id: a.getAttribute("data-id")
      }));
    }
    region.addEventListener("click", clicked);
    region.addEventListener("auxclick", clicked);

    region.addEventListener("click", function (e) {
      var chip = e.target.closest("button[data-facet]");
      if (!chip) return;
      var f = chip.getAttribute("data-facet"), v = chip.getAttribute("data-value");
      var next = { q: state.q, have: state.have, f: {} };
      FACETS.forEach(function (k) { next.f[k] = state.f[k].slice(); });
      var i = next.f[f].indexOf(v);
      if (i >= 0) next.f[f].splice(i, 1);
      else next.f[f].push(v);
      state = next;
      typing = false;
      typedID = null;
      load("push");
    });

    region.addEventListener("change", function (e) {
      if (e.target.id !== "xs-have") return;
      state = { q: state.q, have: e.target.checked, f: state.f };
      typing = false;
      typedID = null;
      load("push");
    });

    window.addEventListener("popstate", function () {
      typing = false;
      typedID = null;
      var next = readState();
      // The host's own entries (an #anchor) leave the search as it is.
      if (searchParams(next).toString() === searchParams(state).toString()) return;
      state = next;
      input.value = state.q;
      load("none");
    });

    // Arrow keys move from the search box through the results' titles.
    widget.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(region.querySelectorAll("a.hit-link"));
      if (!links.length) return;
      var i = links.indexOf(shadow.activeElement);
      if (shadow.activeElement === input) {
        if (e.key !== "ArrowDown") return;
        i = -1;
      } else if (i < 0) {
        return;
      }
      e.preventDefault();
      var next = e.key === "ArrowDown" ? i + 1 : i - 1;
      if (next < 0) input.focus();
      else if (next < links.length) links[next].focus();
    });

    // The widget shows once its styles are in and the API has answered, so
    // that it never shows unstyled or as a box that cannot search; until then
    // the host's link stays, and stays for good if either fails.
    link.addEventListener("load", function () {
      load(active(state) ? "none" : "probe");
    });
  }
})();
