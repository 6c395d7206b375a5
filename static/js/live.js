// The one live WebSocket of a signed-in page (see docs/realtime.md).
//
// - Opens when <body data-ws-url="/ws/"> is present (the layout sets it for
//   signed-in users only), and reconnects with exponential backoff and jitter.
// - Every JSON frame from the server is dispatched on document as
//   CustomEvent("kaigon:event", {detail: frame}); other scripts listen there.
// - Connection state is shown on [data-live-indicator] as
//   data-live-state="connecting|open|closed" and dispatched as
//   CustomEvent("kaigon:live-state", {detail: {state}}).
// - A frame {"type": "notice", "text": "..."} or any frame with a string
//   "toast" shows that text in the [data-toasts] region (aria-live); an
//   optional "url" that is a path on this site makes the toast a link.
// - window.Kaigon.live.send(frame) sends a JSON frame; it answers false when
//   the socket is not open.
// User-visible text comes from data-label-* attributes rendered (and
// translated) by the server.
(function () {
  "use strict";

  const PING_INTERVAL_MS = 25000;
  const STALE_AFTER_MS = 60000;
  const MAX_BACKOFF_MS = 30000;
  const TOAST_LIFETIME_MS = 8000;
  const MAX_TOASTS = 4;
  // Closed by the server because the user may not connect: retrying won't help.
  const FINAL_CLOSE_CODES = new Set([4401, 4403]);

  const api = {
    state: "closed",
    send: function () {
      return false;
    },
  };
  window.Kaigon = window.Kaigon || {};
  window.Kaigon.live = api;

  function socketUrl(path) {
    const url = new URL(path, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url.href;
  }

  function label(element, state) {
    const key = "label" + state.charAt(0).toUpperCase() + state.slice(1);
    return (element && element.dataset[key]) || "";
  }

  function setState(state) {
    api.state = state;
    document.querySelectorAll("[data-live-indicator]").forEach(function (indicator) {
      indicator.dataset.liveState = state;
      const text = label(indicator, state);
      indicator.title = text;
      const hidden = indicator.querySelector("[data-live-label]");
      if (hidden) {
        hidden.textContent = text;
      }
    });
    document.dispatchEvent(new CustomEvent("kaigon:live-state", { detail: { state: state } }));
  }

  function isLocalPath(value) {
    return typeof value === "string" && value.startsWith("/") && !value.startsWith("//");
  }

  function showToast(text, url) {
    const region = document.querySelector("[data-toasts]");
    if (!region) {
      return;
    }
    const toast = document.createElement("div");
    toast.className = "toast";
    const body = document.createElement(isLocalPath(url) ? "a" : "span");
    body.className = "toast-text";
    body.textContent = text;
    if (body.tagName === "A") {
      body.href = url;
    }
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "secondary outline";
    dismiss.setAttribute("aria-label", region.dataset.labelDismiss || "×");
    dismiss.textContent = "×";
    dismiss.addEventListener("click", function () {
      toast.remove();
    });
    toast.append(body, dismiss);
    region.append(toast);
    while (region.children.length > MAX_TOASTS) {
      region.firstElementChild.remove();
    }
    window.setTimeout(function () {
      toast.remove();
    }, TOAST_LIFETIME_MS);
  }

  function toastFor(frame) {
    if (typeof frame.toast === "string" && frame.toast) {
      showToast(frame.toast, frame.url);
    } else if (frame.type === "notice" && typeof frame.text === "string" && frame.text) {
      showToast(frame.text, frame.url);
    }
  }

  // The unread count beside the header's "Chat" link, on every page: asked
  // for on (re)connect and after any chat event that can change it.
  let unreadTimer = null;
  function refreshChatUnread() {
    const link = document.querySelector("[data-chat-unread-url]");
    if (!link) {
      return;
    }
    window.clearTimeout(unreadTimer);
    unreadTimer = window.setTimeout(function () {
      fetch(link.dataset.chatUnreadUrl, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (body && typeof body.total === "number") {
            showChatUnread(link, body.total);
          }
        })
        .catch(function () {});
    }, 300);
  }

  function showChatUnread(link, total) {
    const badge = link.querySelector("[data-chat-unread]");
    if (badge) {
      badge.textContent = total > 99 ? "99+" : String(total);
      badge.hidden = total === 0;
    }
    link.dataset.unread = String(total);
  }

  const UNREAD_EVENTS = new Set([
    "message.new",
    "message.deleted",
    "room.read",
    "member.joined",
    "room.removed",
  ]);
  window.Kaigon.refreshChatUnread = refreshChatUnread;

  function start(path) {
    let socket = null;
    let attempt = 0;
    let retryTimer = null;
    let pingTimer = null;
    let lastHeard = 0;

    function stopPing() {
      window.clearInterval(pingTimer);
      pingTimer = null;
    }

    function startPing() {
      stopPing();
      pingTimer = window.setInterval(function () {
        if (!socket || socket.readyState !== WebSocket.OPEN) {
          return;
        }
        if (Date.now() - lastHeard > STALE_AFTER_MS) {
          // A half-open connection: nothing arrives, so start over.
          socket.close();
          return;
        }
        socket.send(JSON.stringify({ type: "ping" }));
      }, PING_INTERVAL_MS);
    }

    function scheduleReconnect() {
      const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt));
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      attempt += 1;
      retryTimer = window.setTimeout(connect, delay);
    }

    function connect() {
      retryTimer = null;
      setState("connecting");
      try {
        socket = new WebSocket(socketUrl(path));
      } catch (error) {
        setState("closed");
        scheduleReconnect();
        return;
      }
      socket.addEventListener("open", function () {
        attempt = 0;
        lastHeard = Date.now();
        setState("open");
        startPing();
        refreshChatUnread();
      });
      socket.addEventListener("message", function (message) {
        lastHeard = Date.now();
        let frame;
        try {
          frame = JSON.parse(message.data);
        } catch (error) {
          return;
        }
        if (!frame || typeof frame.type !== "string") {
          return;
        }
        document.dispatchEvent(new CustomEvent("kaigon:event", { detail: frame }));
        if (UNREAD_EVENTS.has(frame.type)) {
          refreshChatUnread();
        }
        toastFor(frame);
      });
      socket.addEventListener("close", function (event) {
        stopPing();
        socket = null;
        setState("closed");
        if (!FINAL_CLOSE_CODES.has(event.code)) {
          scheduleReconnect();
        }
      });
    }

    api.send = function (frame) {
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        return false;
      }
      socket.send(JSON.stringify(frame));
      return true;
    };

    // Back online, or back to a hidden tab whose retry is far away: try now.
    function reconnectSoon() {
      if (retryTimer !== null) {
        window.clearTimeout(retryTimer);
        attempt = 0;
        connect();
      }
    }
    window.addEventListener("online", reconnectSoon);
    // The browser knows the network is gone: don't trust the old socket
    // (it may linger half-open); the retry after "online" catches up.
    window.addEventListener("offline", function () {
      if (socket) {
        socket.close();
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        reconnectSoon();
      }
    });

    connect();
  }

  function init() {
    const path = document.body && document.body.dataset.wsUrl;
    if (path) {
      start(path);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
