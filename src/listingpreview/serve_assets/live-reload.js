// listingpreview serve: reload this page when its offer (or anything global) was rebuilt; keep the scroll position.
// Injected by the dev server only; the events URL is relative to this script, so proxies and sub-paths work.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script.src);
  var key = "listingpreview-scroll:" + location.pathname;
  var match = location.pathname.match(/\/offers\/([^\/]+)\//);
  var mine = match ? decodeURIComponent(match[1]) : null;
  window.addEventListener("load", function () {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      window.scrollTo(0, parseInt(saved, 10) || 0);
    }
  });
  var source = new EventSource(new URL("events", base).href);
  var epoch = script.getAttribute("data-epoch");
  source.addEventListener("hello", function (event) {
    if (event.data !== epoch) {  // rebuilt between this page's load and now
      sessionStorage.setItem(key, String(window.scrollY));
      source.close();
      window.location.reload();
      return;
    }
    document.documentElement.setAttribute("data-live-reload", "connected");
  });
  source.addEventListener("change", function (event) {
    var change = JSON.parse(event.data);
    if (change.all || mine === null || change.offers.indexOf(mine) >= 0) {
      sessionStorage.setItem(key, String(window.scrollY));
      source.close();
      window.location.reload();
    }
  });
  window.addEventListener("beforeunload", function () { source.close(); });
})();
