// Instant search, as progressive enhancement: without this script the page
// is a plain GET form whose every state is a URL. With it, results and
// facet counts follow the typing (debounced; a newer request cancels an
// older one), the URL follows with history entries so that Back works, and
// the server renders the same results fragment it renders into the page, so
// there is one template and one set of translations.
// Clicks on hits, for the site owner's analytics: a beacon with the
// search's id (the hit list's data-search-id, present only when the server
// records) and the hit's rank, sent as the browser follows the link. It
// carries nothing else: no cookie is set and none is read.
(function () {
  "use strict";
  if (!navigator.sendBeacon) return;
  function clicked(e) {
    var a = e.target.closest && e.target.closest("a[data-rank]");
    var list = a && a.closest("ol[data-search-id]");
    if (!list || (e.type === "auxclick" && e.button !== 1)) return;
    navigator.sendBeacon("/api/click", JSON.stringify({
      search_id: list.getAttribute("data-search-id"),
      rank: parseInt(a.getAttribute("data-rank"), 10),
      id: a.getAttribute("data-id")
    }));
  }
  document.addEventListener("click", clicked);
  document.addEventListener("auxclick", clicked);
})();

(function () {
  "use strict";
  var form = document.querySelector("form[data-instant]");
  if (!form || !window.fetch || !window.AbortController || !history.pushState) return;
  document.documentElement.classList.add("js");

  var input = form.querySelector("input[name=q]");
  var region = document.getElementById("results-layout");
  var announce = document.getElementById("announce");
  var narrow = window.matchMedia("(max-width: 44rem)");
  var controller = null;
  var timer = 0;
  var DEBOUNCE = 200;

  // The page comes with the filters folded, so that on a narrow screen the
  // results come first and do not move when this script runs. On a wide
  // screen the style shows them anyway; opening them makes their state
  // say so.
  function foldFilters() {
    var box = region.querySelector(".filterbox");
    if (box) box.open = !narrow.matches;
  }
  foldFilters();

  function formURL() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key === "q" && !String(value).trim()) return;
      params.append(key, value);
    });
    var qs = params.toString();
    return "/" + (qs ? "?" + qs : "");
  }

  // What is open and focused survives a swap: the filter box, each
  // facet's "show more", and the focused checkbox or link.
  function snapshot() {
    var s = { open: {}, box: null, focus: null };
    var box = region.querySelector(".filterbox");
    if (box) s.box = box.open;
    region.querySelectorAll("fieldset[data-facet]").forEach(function (fs) {
      var more = fs.querySelector("details.more");
      if (more) s.open[fs.dataset.facet] = more.open;
    });
    var a = document.activeElement;
    if (a && region.contains(a)) {
      if (a.matches("input[type=checkbox]")) s.focus = 'input[name="' + a.name + '"][value="' + CSS.escape(a.value) + '"]';
      else if (a.id) s.focus = "#" + CSS.escape(a.id);
    }
    return s;
  }

  function restore(s) {
    var box = region.querySelector(".filterbox");
    if (box && s.box !== null) box.open = s.box;
    region.querySelectorAll("fieldset[data-facet]").forEach(function (fs) {
      var more = fs.querySelector("details.more");
      if (more && s.open[fs.dataset.facet]) more.open = true;
    });
    if (s.focus) {
      var el = region.querySelector(s.focus);
      if (el) el.focus();
    }
  }

  function syncLanguageLinks(url) {
    document.querySelectorAll(".ui-langs a[data-ui]").forEach(function (a) {
      var u = new URL(url, location.href);
      u.searchParams.set("ui", a.dataset.ui);
      u.searchParams.delete("page");
      a.href = u.pathname + u.search;
    });
  }

  function render(html, url, how) {
    var s = snapshot();
    region.innerHTML = html;
    restore(s);
    if (how === "push") history.pushState({ exsearch: true }, "", url);
    else if (how === "replace") history.replaceState({ exsearch: true }, "", url);
    syncLanguageLinks(url);
    var summary = region.querySelector("#summary");
    if (summary) {
      var text = summary.textContent.replace(/\s+/g, " ").trim();
      announce.textContent = text;
      var q = new URL(url, location.href).searchParams.get("q");
      document.title = q ? q + " – exsearch" : "exsearch";
    }
  }

  // load fetches the fragment for url and swaps it in. how: "push" adds a
  // history entry, "replace" rewrites the current one, "none" (Back and
  // Forward) leaves history alone.
  // fetchURL, if given, is what is fetched in url's stead (url with
  // refines=): the history gets url.
  function load(url, how, then, fetchURL) {
    if (controller) controller.abort();
    controller = new AbortController();
    var mine = controller;
    region.setAttribute("aria-busy", "true");
    fetch(fetchURL || url, { headers: { "X-Exsearch-Fragment": "results" }, signal: mine.signal })
      .then(function (resp) {
        if (!resp.ok) throw new Error("status " + resp.status);
        return resp.text();
      })
      .then(function (html) {
        if (mine !== controller) return;
        render(html, url, how);
        if (then) then();
      })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        // The server explains errors on a page of its own.
        location.href = url;
      })
      .finally(function () {
        if (mine === controller) region.removeAttribute("aria-busy");
      });
  }

  var typing = false; // the current history entry was made while typing
  // typedID is the id of the search shown last while typing. The next
  // search typed (or submitted) names it as refines=, so that the site
  // owner's analytics keep the search the visitor settled on, not every
  // prefix on the way ("squ", "squa", "squat"). It is sent nowhere else
  // and forgotten as soon as the visitor does anything but type.
  var typedID = null;
  function refining(url) {
    if (!typedID) return url;
    return url + (url.indexOf("?") < 0 ? "?" : "&") + "refines=" + encodeURIComponent(typedID);
  }
  function shownID() {
    var list = region.querySelector("ol[data-search-id]");
    return list ? list.getAttribute("data-search-id") : null;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = formURL();
      if (url === location.pathname + location.search) return;
      // One history entry per search, not per pause in typing: the first
      // pause pushes, later ones rewrite it.
      load(url, typing ? "replace" : "push", function () { typedID = shownID(); }, refining(url));
      typing = true;
    }, DEBOUNCE);
  });

  form.addEventListener("change", function (e) {
    if (e.target === input) return;
    typing = false;
    typedID = null;
    load(formURL(), "push");
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var url = formURL(), fetchURL = refining(url);
    typing = false;
    typedID = null;
    load(url, "push", null, fetchURL);
  });

  // Links that change the search (pagination, chips, "clear all", "did
  // you mean") are followed in place.
  region.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-nav]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    typing = false;
    typedID = null;
    var url = a.getAttribute("href");
    var q = new URL(url, location.href).searchParams.get("q") || "";
    input.value = q;
    var paging = a.closest(".pagination");
    load(url, "push", function () {
      if (paging) {
        var results = document.getElementById("main");
        results.focus({ preventScroll: true });
        results.scrollIntoView({ block: "start" });
      }
    });
  });

  window.addEventListener("popstate", function () {
    typing = false;
    typedID = null;
    input.value = new URLSearchParams(location.search).get("q") || "";
    load(location.pathname + location.search, "none");
  });

  // Arrow keys move from the search box through the results' titles.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(region.querySelectorAll("a.hit-link"));
    if (!links.length) return;
    var i = links.indexOf(document.activeElement);
    if (document.activeElement === input) {
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
})();
