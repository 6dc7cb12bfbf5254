// The reader's platform first: on a page with platform tabs, the tab of the reader's device
// (iPhone or iPad: iOS; Android; Mac: macOS; Windows) is selected on arrival, unless a tab the
// reader chose before is on the page. Material keeps that choice (content.tabs.link, stored by
// `__md_set("__tabs")` and restored by assets/theme/content-tabs.js), so the reader's own choice
// wins and follows them; this only fills in when they have not chosen yet. It runs before
// Material mounts the tabs (on DOMContentLoaded), so the tab bar starts on the selected tab, and
// it stores nothing: a choice is only ever the reader's.
(function () {
  "use strict";

  function deviceTab(nav) {
    var ua = nav.userAgent || "";
    if (/iPhone|iPad|iPod/.test(ua)) return "iOS";
    // iPadOS Safari asks for the desktop site: a "Macintosh" with a touch screen is an iPad.
    if (/Macintosh/.test(ua) && nav.maxTouchPoints > 1) return "iOS";
    if (/Android/.test(ua)) return "Android";
    if (/Macintosh|Mac OS X/.test(ua)) return "macOS";
    if (/Windows/.test(ua)) return "Windows";
    return null;
  }

  function labels(set) {
    var bar = set.querySelector(":scope > .tabbed-labels");
    return bar ? Array.prototype.slice.call(bar.getElementsByTagName("label")) : [];
  }

  function text(label) {
    return label.textContent.trim();
  }

  var device = deviceTab(navigator);
  if (!device) return;
  var stored = typeof __md_get === "function" ? __md_get("__tabs") : null;
  var chosen = Array.isArray(stored) ? stored : [];
  document.querySelectorAll(".tabbed-set").forEach(function (set) {
    var all = labels(set);
    if (all.some(function (label) { return chosen.indexOf(text(label)) >= 0; })) return;
    var mine = all.filter(function (label) { return text(label) === device; })[0];
    var input = mine && document.getElementById(mine.htmlFor);
    if (input) input.checked = true;
  });
})();
