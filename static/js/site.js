// Small enhancements of the site layout; every form here also works without it.
(function () {
  "use strict";

  function enhanceSubmitOnChange(form) {
    const select = form.querySelector("select");
    const button = form.querySelector("button[type=submit]");
    if (!select || !button) {
      return;
    }
    button.hidden = true;
    select.addEventListener("change", function () {
      form.requestSubmit();
    });
  }

  // A refusal shown for one htmx action (kaigon/pages.py) goes with the next.
  function clearInlineMessages() {
    const box = document.getElementById("forum-messages");
    if (box) {
      box.replaceChildren();
    }
  }

  function init() {
    document.querySelectorAll("form[data-submit-on-change]").forEach(enhanceSubmitOnChange);
    document.body.addEventListener("htmx:beforeRequest", clearInlineMessages);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
