// A new profile picture applies as soon as its upload finishes (PATCH
// /api/v1/me with the session), so leaving the page loses nothing and leaves
// no upload unused. Messages come translated from the page's data attributes.
(function () {
  "use strict";

  const box = document.querySelector("[data-avatar-apply]");
  if (!box) {
    return;
  }
  const widget = box.querySelector("[data-upload-widget]");
  const status = box.querySelector("[data-avatar-status]");
  const hidden = widget && widget.querySelector("[data-upload-value]");

  function say(text, failed) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(failed));
  }

  function showAvatar(url) {
    const current = box.querySelector(".avatar");
    if (!current || !url) {
      return;
    }
    const img = document.createElement("img");
    img.src = url;
    img.alt = box.dataset.avatarAlt;
    img.width = 96;
    img.height = 96;
    img.className = "avatar";
    current.replaceWith(img);
  }

  widget.addEventListener("kaigon:upload", async function (event) {
    say(box.dataset.msgSaving, false);
    try {
      const response = await fetch(box.dataset.meUrl, {
        method: "PATCH",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": widget.dataset.csrfToken,
        },
        body: JSON.stringify({ avatar: event.detail.id }),
      });
      const body = await response.json();
      if (!response.ok) {
        say(box.dataset.msgFailed + " " + body.error.message, true);
        return;
      }
      // Applied: Save must not apply it a second time.
      hidden.value = "";
      showAvatar(body.avatar_url);
      say(box.dataset.msgSaved, false);
    } catch (error) {
      say(box.dataset.msgFailed, true);
    }
  });
})();
