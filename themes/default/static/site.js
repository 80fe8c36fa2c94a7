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
  // "Compare version X with Y": every offered pair is a pre-built page in this folder, so
  // this works from file:// with no request off the site. Without script the form stays
  // hidden and the history's links to each redline remain.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-compare]"), function (form) {
    var pairs = (form.getAttribute("data-pairs") || "").split(" ");
    var from = form.elements.from, to = form.elements.to;
    var msg = form.querySelector(".compare-message");
    form.hidden = false;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      // Options are listed newest first: the larger index is the older version.
      var a = from.selectedIndex, b = to.selectedIndex;
      if (a === b) {
        msg.textContent = "Choose two different versions.";
        return;
      }
      var older = (a > b ? from : to).value, newer = (a > b ? to : from).value;
      if (pairs.indexOf(older + ">" + newer) < 0) {
        msg.textContent = "There is no ready-made comparison of version " + older + " with " + newer +
          ". Compare either of them with the first or the current version instead.";
        return;
      }
      window.location.href = "diff-v" + older + "-v" + newer + ".html";
    });
  });
})();
