// "Copy link" controls: copy the address of a field, plan or diagnostic so a reviewer can share it.
// Without JavaScript (or clipboard access) the control is still a plain link to the anchor.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.copy-link") : null;
  if (!link) return;
  var url = new URL(link.getAttribute("href"), window.location.href).href;
  if (!navigator.clipboard || !window.isSecureContext) return; // follow the link instead
  event.preventDefault();
  navigator.clipboard.writeText(url).then(function () {
    link.setAttribute("data-copied", "true");
    link.setAttribute("title", "Link copied");
    window.history.replaceState(null, "", link.hash);
  }, function () {
    window.location.hash = link.hash;
  });
});

// Buyer view and annotated view. The fragment #buyer or #annotated picks one (so a reviewer can link
// either); the choice is kept for the tab's session. Without JavaScript the annotated view shows.
(function () {
  var root = document.documentElement;
  var KEY = "listingpreview-view";
  function remember(view) { try { sessionStorage.setItem(KEY, view); } catch (e) { /* storage off: fine */ } }
  function recall() { try { return sessionStorage.getItem(KEY); } catch (e) { return null; } }
  function apply(view) {
    var buyer = view === "buyer";
    root.classList.toggle("buyer-view", buyer);
    var links = document.querySelectorAll(".lp-views a[data-view]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("data-view") === (buyer ? "buyer" : "annotated")) links[i].setAttribute("aria-current", "true");
      else links[i].removeAttribute("aria-current");
    }
  }
  function fromHash() {
    var h = window.location.hash.replace(/^#/, "");
    if (h === "buyer" || h === "annotated") { remember(h); return h; }
    return null;
  }
  apply(fromHash() || recall() || "annotated");
  window.addEventListener("hashchange", function () { var v = fromHash(); if (v) apply(v); });
  document.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest(".lp-views a[data-view]") : null;
    if (!a) return;
    event.preventDefault();
    var v = a.getAttribute("data-view");
    remember(v); apply(v);
    window.history.replaceState(null, "", "#" + v);
  });
})();

// Listing tabs on one page (the store switches them with ?tab=…): show one panel at a time. The panel
// holding a linked field opens, so links to #field-… still land. Without JavaScript all panels show.
(function () {
  var panels = document.querySelectorAll(".tab-panel[data-tab]");
  if (!panels.length) return;
  var tabs = document.querySelectorAll(".tabs a[data-tab]");
  var bar = document.getElementById("store-url");
  var urls = null;
  try { urls = bar && bar.getAttribute("data-urls") ? JSON.parse(bar.getAttribute("data-urls")) : null; } catch (e) { urls = null; }
  var QUERY = { Overview: "overview", overview: "overview", DetailsAndSupport: "details", RatingsAndReviews: "reviews" };
  document.body.classList.add("tabs-live");
  function show(key) {
    var found = false;
    for (var i = 0; i < panels.length; i++) {
      var on = panels[i].getAttribute("data-tab") === key;
      panels[i].classList.toggle("active", on);
      found = found || on;
    }
    if (!found) return false;
    for (var j = 0; j < tabs.length; j++) {
      if (tabs[j].getAttribute("data-tab") === key) tabs[j].setAttribute("aria-current", "page");
      else tabs[j].removeAttribute("aria-current");
    }
    if (urls && urls[key] && bar) bar.textContent = urls[key];
    return true;
  }
  function fromLocation() {
    var h = window.location.hash.replace(/^#/, "");
    if (h && h !== "buyer" && h !== "annotated") {
      var el = document.getElementById(decodeURIComponent(h));
      var panel = el && el.closest ? el.closest(".tab-panel[data-tab]") : null;
      if (panel && show(panel.getAttribute("data-tab"))) { el.scrollIntoView(); return; }
    }
    var m = /[?&]tab=([A-Za-z]+)/.exec(window.location.search);
    if (!(m && QUERY[m[1]] && show(QUERY[m[1]]))) show("overview");
  }
  fromLocation();
  window.addEventListener("hashchange", fromLocation);
  document.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest(".tabs a[data-tab]") : null;
    if (!a || a.getAttribute("href").indexOf("#") !== 0) return;
    event.preventDefault();
    show(a.getAttribute("data-tab"));
  });
})();

// Screenshot and video viewer: a modal dialog (Escape closes, focus stays inside); arrow keys and the
// Previous/Next buttons step through. Without JavaScript each thumbnail links to its image or video.
(function () {
  var dialog = document.getElementById("viewer");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var items = Array.prototype.slice.call(document.querySelectorAll("a.media-open"));
  var img = document.createElement("img");  // added on first use: an <img> without a source counts as broken
  img.className = "viewer-img";
  var caption = document.getElementById("viewer-caption");
  var watch = document.getElementById("viewer-watch");
  var count = document.getElementById("viewer-count");
  var current = 0, opener = null;
  function render() {
    var a = items[current];
    if (!img.parentNode) document.getElementById("viewer-figure").insertBefore(img, caption);
    img.src = a.getAttribute("data-src");
    img.alt = a.getAttribute("data-caption") || "";
    caption.textContent = a.getAttribute("data-caption") || "";
    var href = a.getAttribute("data-kind") === "video" ? a.getAttribute("data-href") : "";
    watch.hidden = !href;
    if (href) {
      var link = watch.querySelector("a");
      link.href = href;
      link.textContent = "Watch the video" + (a.getAttribute("data-host") ? " on " + a.getAttribute("data-host") : "");
    }
    count.textContent = (current + 1) + " of " + items.length;
  }
  function step(n) { current = (current + n + items.length) % items.length; render(); }
  items.forEach(function (a, i) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      opener = a; current = i; render();
      dialog.showModal();
    });
  });
  dialog.addEventListener("click", function (event) {
    var b = event.target.closest ? event.target.closest("button[data-viewer]") : null;
    if (!b) return;
    var what = b.getAttribute("data-viewer");
    if (what === "close") dialog.close(); else step(what === "next" ? 1 : -1);
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { step(1); event.preventDefault(); }
    if (event.key === "ArrowLeft") { step(-1); event.preventDefault(); }
  });
  dialog.addEventListener("close", function () { if (opener) opener.focus(); });
})();

// The store's search page: filter, search and sort the tiles in the page (works from file:// and any
// folder, since nothing is fetched).
(function () {
  var form = document.getElementById("search-form");
  var list = document.getElementById("results");
  if (!form || !list) return;
  var results = Array.prototype.slice.call(list.querySelectorAll("li.result"));
  var counter = document.getElementById("result-count");
  var none = document.getElementById("no-results");
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']:checked")).map(function (i) { return i.value; });
  }
  function matchesAny(li, attr, wanted) {
    if (!wanted.length) return true;
    var have = (li.getAttribute(attr) || "").split("|");
    return wanted.some(function (w) { return have.indexOf(w) >= 0; });
  }
  function matchesAll(li, attr, wanted) {
    var have = (li.getAttribute(attr) || "").split("|");
    return wanted.every(function (w) { return have.indexOf(w) >= 0; });
  }
  function update() {
    var words = document.getElementById("q").value.toLowerCase().split(/\s+/).filter(Boolean);
    var types = checked("type"), pricing = checked("pricing"), trials = checked("trial");
    var cats = checked("category"), inds = checked("industry");
    var shown = 0;
    results.forEach(function (li) {
      var text = li.getAttribute("data-text") || "";
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
        matchesAny(li, "data-type", types) && matchesAny(li, "data-pricing", pricing) &&
        matchesAll(li, "data-trial", trials) && matchesAny(li, "data-category", cats) &&
        matchesAny(li, "data-industry", inds);
      li.hidden = !ok;
      if (ok) shown++;
    });
    var sort = document.getElementById("sort").value;
    results.slice().sort(function (a, b) {
      if (sort === "name") return a.getAttribute("data-name").localeCompare(b.getAttribute("data-name"));
      if (sort === "rating") return parseFloat(b.getAttribute("data-rating")) - parseFloat(a.getAttribute("data-rating"));
      return parseInt(a.getAttribute("data-order"), 10) - parseInt(b.getAttribute("data-order"), 10);
    }).forEach(function (li) { list.appendChild(li); });
    counter.textContent = shown + (shown === 1 ? " result" : " results");
    none.hidden = shown !== 0;
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  var q = /[?&]q=([^&]*)/.exec(window.location.search);
  if (q) document.getElementById("q").value = decodeURIComponent(q[1].replace(/\+/g, " "));
  update();
})();
