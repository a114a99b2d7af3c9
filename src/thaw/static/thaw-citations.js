// A citation's hover text is its entry in the page's Sources list, read when the pointer or the
// keyboard reaches it (thaw.book.sphinxext.citations). Written into every citation, the same text
// made up a sixth of a chapter page.
(function () {
  "use strict";

  function entryText(link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var entry = target && target.querySelector("p");
    return entry ? entry.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function explain(event) {
    var link = event.target.closest && event.target.closest(".bibtex-citation a[href^='#']");
    if (link && !link.title) link.title = entryText(link);
  }

  document.addEventListener("mouseover", explain);
  document.addEventListener("focusin", explain);
})();
