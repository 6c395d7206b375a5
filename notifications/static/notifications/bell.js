// The header bell: keeps [data-unread-count] in step with the server.
//
// Listens to the live socket's frames (live.js dispatches them on document as
// "kaigon:event"): notification.new, notification.read and
// notification.removed carry the new unread_count. When the tab is hidden
// and the member allowed it, notification.new also shows a desktop
// notification with the entry's text, fetched in the page's language.
(function () {
  "use strict";

  const COUNT_EVENTS = new Set(["notification.new", "notification.read", "notification.removed"]);

  function setCount(count) {
    document.querySelectorAll("[data-unread-count]").forEach(function (badge) {
      badge.textContent = String(count);
      badge.hidden = count <= 0;
    });
  }

  function markReadInList(ids) {
    document.querySelectorAll("[data-notification-id]").forEach(function (item) {
      if (ids === "all" || (Array.isArray(ids) && ids.includes(Number(item.dataset.notificationId)))) {
        item.classList.remove("unread");
      }
    });
  }

  function removeFromList(ids) {
    document.querySelectorAll("[data-notification-id]").forEach(function (item) {
      if (Array.isArray(ids) && ids.includes(Number(item.dataset.notificationId))) {
        item.remove();
      }
    });
  }

  function showDesktop(id) {
    fetch("/api/v1/notifications/?page_size=1", { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (page) {
        const entry = page && page.results && page.results[0];
        if (!entry || entry.id !== id) {
          return;
        }
        const bell = document.querySelector("[data-notification-bell]");
        const title = (bell && bell.dataset.labelNew) || "Kaigon";
        const shown = new Notification(title, { body: entry.text, tag: "kaigon-" + id });
        shown.addEventListener("click", function () {
          window.focus();
          window.location.href = "/notifications/" + id + "/";
        });
      })
      .catch(function () {});
  }

  document.addEventListener("kaigon:event", function (event) {
    const frame = event.detail || {};
    if (!COUNT_EVENTS.has(frame.type) || typeof frame.unread_count !== "number") {
      return;
    }
    setCount(frame.unread_count);
    if (frame.type === "notification.read") {
      markReadInList(frame.ids);
    }
    if (frame.type === "notification.removed") {
      removeFromList(frame.ids);
    }
    if (
      frame.type === "notification.new" &&
      document.hidden &&
      "Notification" in window &&
      Notification.permission === "granted"
    ) {
      showDesktop(frame.id);
    }
  });

  // Tells the server a page is open, so it holds back e-mail (notifications.mail).
  const PRESENCE_INTERVAL_MS = 60000;
  function presence() {
    if (window.Kaigon && window.Kaigon.live) {
      window.Kaigon.live.send({ type: "notification.presence" });
    }
  }
  document.addEventListener("kaigon:live-state", function (event) {
    if (event.detail && event.detail.state === "open") {
      presence();
    }
  });
  window.setInterval(presence, PRESENCE_INTERVAL_MS);

  // The inbox page offers the permission prompt (browsers want a click).
  document.querySelectorAll("[data-desktop-notifications]").forEach(function (button) {
    if (!("Notification" in window) || Notification.permission !== "default") {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      Notification.requestPermission().then(function () {
        button.hidden = true;
      });
    });
  });
})();
