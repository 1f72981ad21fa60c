// Wide tables, code blocks and charts: mark those that scroll sideways (their CSS shows a
// hint and a sticky first column), and bring a chart's latest period (the headline) into
// view on a narrow screen, where the chart keeps a legible size and scrolls in its box.
(function () {
  "use strict";
  var BOXES = ".md-typeset__scrollwrap, .relindex-scroll, .relindex-chart, .md-typeset pre > code";

  function mark() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("relindex-scrolls", scrolls);
      if (box.classList.contains("relindex-chart") && scrolls && !box.dataset.relindexEnd) {
        box.scrollLeft = box.scrollWidth;
        box.dataset.relindexEnd = "1";
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mark);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", mark);
})();
