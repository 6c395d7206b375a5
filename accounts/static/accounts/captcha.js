// Captcha refresh: a new code behind the same key, from the auth API.
(function () {
  "use strict";
  function setUp(box) {
    var button = box.querySelector("[data-captcha-refresh]");
    var image = box.querySelector("[data-captcha-image]");
    if (!button || !image || box.dataset.captchaReady) {
      return;
    }
    box.dataset.captchaReady = "1";
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(box.dataset.refreshUrl, {
        method: "POST",
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            // Expired: reload the page for a fresh captcha.
            window.location.reload();
            return null;
          }
          return response.json();
        })
        .then(function (data) {
          if (data && data.image_url) {
            image.src = data.image_url;
            var answer = box.querySelector("input[name=captcha_answer]");
            if (answer) {
              answer.value = "";
              answer.focus();
            }
          }
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }
  function init() {
    document.querySelectorAll("[data-captcha]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
