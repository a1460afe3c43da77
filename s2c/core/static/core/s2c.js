/* S2C: optional enhancements; every page works without this file. No page has inline
   script (the Content-Security-Policy allows none): behaviour lives here, keyed on data-*.
   <form data-confirm="Delete this day?"> asks before submitting.
   <button data-copy="text" hidden> is shown where the browser can copy, and copies.
   <div data-error-summary tabindex="-1"> (a form's errors) takes the focus when the page
   opens, and its links focus the field they name. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[href^='#']");
        var field = link && document.getElementById(link.getAttribute("href").slice(1));
        if (field) {
          event.preventDefault();
          field.scrollIntoView({ block: "center" });
          field.focus();
        }
      });
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.clipboard) { return; }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy"));
      });
    });
  });
})();
