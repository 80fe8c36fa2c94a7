// redthread's page script. No requests leave the site; everything here degrades to a
// working static page when scripts are off.
(function () {
  "use strict";
  // Review dates are checked in the reader's browser so the built site never depends on
  // the day it was built (two builds of the same archive are byte-identical).
  var article = document.querySelector("article[data-review-by]");
  if (article && article.dataset.status === "current") {
    var due = article.dataset.reviewBy;
    var today = new Date().toISOString().slice(0, 10);
    if (due < today) {
      var note = document.createElement("p");
      note.className = "banner banner-review";
      note.setAttribute("role", "note");
      note.textContent = "Due for review since " + due + ". It is still the version in force.";
      var header = article.querySelector(".guideline-header");
      if (header) header.appendChild(note);
    }
  }
})();
