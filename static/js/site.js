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

  function init() {
    document.querySelectorAll("form[data-submit-on-change]").forEach(enhanceSubmitOnChange);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
