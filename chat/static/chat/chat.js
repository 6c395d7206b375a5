// The chat page (templates/chat/index.html): room list and conversation,
// drawn from the REST API and kept live by the page's one socket (live.js).
//
// Reliability (docs/realtime.md, "Missing nothing"):
// - every message goes out with a client_id that a retry reuses, so the
//   server stores it once; it shows as pending until its ack, failed after
//   a timeout or a refusal, and is resent on reconnect;
// - messages are kept by seq, so nothing shows twice; a seq more than one
//   above the highest seen, or any reconnect, fetches ?after_seq=highest.
// Text is always set with textContent; strings come from the djangojs
// catalogue (gettext, interpolate).
(function () {
  "use strict";

  const ACK_TIMEOUT_MS = 10000;
  const TYPING_SEND_EVERY_MS = 3000;
  const TYPING_SHOW_MS = 5000;
  const PAGE_SIZE = 50;

  const root = document.querySelector("[data-chat]");
  if (!root) {
    return;
  }
  const gettext = window.gettext;
  const ngettext = window.ngettext;
  const fmt = function (text, params) {
    return window.interpolate ? window.interpolate(text, params, true) : text;
  };
  const $ = function (selector, scope) {
    return (scope || root).querySelector(selector);
  };
  const me = Number(root.dataset.userId);
  const api = root.dataset.api; // /api/v1/chat/rooms
  const chatUrl = root.dataset.chatUrl; // /chat/
  const csrf = root.dataset.csrfToken;
  const live = function () {
    return (window.Kaigon && window.Kaigon.live) || { send: () => false, state: "closed" };
  };

  const rooms = new Map(); // id -> room item of GET /chat/rooms
  const pending = new Map(); // client_id -> {roomId, frame, state, timer, error}
  let current = null; // the open room's state
  let connectedBefore = false;

  // ---- helpers -----------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function request(method, path, body) {
    const options = {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrf },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      if (response.status === 204) {
        return null;
      }
      return response.json().then(function (data) {
        if (!response.ok) {
          const error = new Error((data.error && data.error.message) || response.statusText);
          error.code = data.error && data.error.code;
          throw error;
        }
        return data;
      });
    });
  }

  function roomApi(roomId, rest) {
    return api + "/" + roomId + (rest || "");
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return "c-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  const lang = document.documentElement.lang || undefined;
  const timeFormat = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
  const dayFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  const shortDayFormat = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric" });
  const dayKey = function (date) {
    return date.getFullYear() + "-" + date.getMonth() + "-" + date.getDate();
  };

  function dayLabel(date) {
    const today = new Date();
    const yesterday = new Date(today.getTime() - 86400000);
    if (dayKey(date) === dayKey(today)) {
      return gettext("Today");
    }
    if (dayKey(date) === dayKey(yesterday)) {
      return gettext("Yesterday");
    }
    return dayFormat.format(date);
  }

  function avatar(node, room) {
    node.textContent = "";
    node.style.removeProperty("--room-color");
    const url = room.avatar_url || (room.peer && room.peer.avatar_thumbnail_url);
    if (url) {
      const img = el("img");
      img.src = url;
      img.alt = "";
      node.append(img);
    } else {
      node.textContent = room.emoji || (room.display_name || room.name || "?").charAt(0);
    }
    if (room.theme_color) {
      node.style.setProperty("--room-color", room.theme_color);
    }
  }

  function senderName(user) {
    if (!user) {
      return "";
    }
    const member = current && current.members.get(user.id);
    return (member && member.nickname) || user.display_name || user.username;
  }

  function preview(message) {
    if (!message) {
      return gettext("No messages yet");
    }
    if (message.deleted) {
      return gettext("Message deleted");
    }
    if (message.kind === "image") {
      return gettext("Image");
    }
    return message.text;
  }

  // ---- room list -----------------------------------------------------------

  const list = $("[data-room-list]");
  const filter = $("[data-room-filter]");
  const showArchived = $("[data-show-archived]");

  function loadRooms() {
    return request("GET", api).then(function (items) {
      rooms.clear();
      items.forEach(function (room) {
        rooms.set(room.id, room);
      });
      renderRooms();
      if (current && rooms.has(current.id)) {
        current.room = rooms.get(current.id);
        renderRoomHead();
      }
    });
  }

  function sortedRooms() {
    return Array.from(rooms.values()).sort(function (a, b) {
      const pin = Number(b.my_settings.pinned) - Number(a.my_settings.pinned);
      if (pin) {
        return pin;
      }
      const at = function (room) {
        return (room.last_message && room.last_message.created_at) || room.created_at;
      };
      return at(b) < at(a) ? -1 : at(b) > at(a) ? 1 : 0;
    });
  }

  function renderRooms() {
    const query = filter.value.trim().toLocaleLowerCase();
    list.textContent = "";
    let shown = 0;
    sortedRooms().forEach(function (room) {
      if (Boolean(room.my_settings.archived) !== showArchived.checked) {
        return;
      }
      const name = room.display_name || room.name || "";
      if (query && !name.toLocaleLowerCase().includes(query)) {
        return;
      }
      shown += 1;
      const item = el("li");
      const link = el("a", "chat-room-link");
      link.href = chatUrl + room.id + "/";
      link.dataset.roomId = room.id;
      if (current && current.id === room.id) {
        link.setAttribute("aria-current", "page");
      }
      const face = el("span", "chat-avatar");
      face.setAttribute("aria-hidden", "true");
      avatar(face, room);
      const body = el("span", "chat-room-body");
      const top = el("span", "chat-room-top");
      top.append(el("strong", "chat-room-name", name));
      if (room.my_settings.pinned) {
        top.append(el("small", "chat-pin", "📌"));
      }
      if (room.last_message) {
        const at = new Date(room.last_message.created_at);
        const when = dayKey(at) === dayKey(new Date()) ? timeFormat.format(at) : shortDayFormat.format(at);
        top.append(el("small", "chat-room-time", when));
      }
      body.append(top, el("span", "chat-room-preview", preview(room.last_message)));
      link.append(face, body);
      if (room.unread_count > 0) {
        const badge = el("span", "chat-unread", String(room.unread_count));
        badge.setAttribute("aria-label", fmt(gettext("%(count)s unread"), { count: room.unread_count }));
        link.append(badge);
      }
      link.addEventListener("click", function (event) {
        if (event.metaKey || event.ctrlKey || event.shiftKey) {
          return;
        }
        event.preventDefault();
        openRoom(room.id, true);
      });
      item.append(link);
      list.append(item);
    });
    $("[data-rooms-empty]").hidden = shown > 0 || rooms.size > 0;
  }

  filter.addEventListener("input", renderRooms);
  showArchived.addEventListener("change", renderRooms);

  // ---- the open room ---------------------------------------------------------

  const pane = $("[data-messages]");
  const messageList = $("[data-message-list]");
  const historyStatus = $("[data-history-status]");
  const seen = $("[data-seen]");
  const typingLine = $("[data-typing]");
  const compose = $("[data-compose]");
  const composeText = $("[data-compose-text]");
  const composeState = $("[data-compose-state]");

  function newRoomState(roomId) {
    return {
      id: roomId,
      room: rooms.get(roomId) || null,
      messages: new Map(), // seq -> message
      members: new Map(), // user id -> member
      highest: 0,
      lowest: null,
      hasOlder: true,
      loadingOlder: false,
      loaded: false,
      catchingUp: null,
      typing: new Map(), // user id -> timer
      replyTo: null,
      editing: null,
    };
  }

  function openRoom(roomId, push) {
    roomId = Number(roomId);
    if (current && current.id === roomId) {
      root.dataset.chatView = "room";
      return;
    }
    if (push) {
      window.history.pushState({ roomId: roomId }, "", chatUrl + roomId + "/");
    }
    current = newRoomState(roomId);
    root.dataset.roomId = roomId;
    root.dataset.chatView = "room";
    $("[data-room-none]").hidden = true;
    $("[data-room-open]").hidden = false;
    messageList.textContent = "";
    seen.textContent = "";
    typingLine.textContent = "";
    resetCompose();
    renderRoomHead();
    renderRooms();
    const state = current;
    Promise.all([
      request("GET", roomApi(roomId, "/members")),
      request("GET", roomApi(roomId, "/messages?limit=" + PAGE_SIZE)),
    ])
      .then(function (answers) {
        if (current !== state) {
          return;
        }
        setMembers(answers[0]);
        addMessages(answers[1].messages);
        state.hasOlder = answers[1].has_more;
        state.loaded = true;
        render({ toBottom: true });
        markRead();
      })
      .catch(showHistoryError);
  }

  function showRoomList() {
    root.dataset.chatView = "list";
  }

  function setMembers(members) {
    current.members.clear();
    members.forEach(function (member) {
      current.members.set(member.user.id, member);
    });
  }

  function renderRoomHead() {
    if (!current) {
      return;
    }
    const room = current.room || rooms.get(current.id);
    if (!room) {
      return;
    }
    current.room = room;
    $("[data-room-name]").textContent = room.display_name || room.name;
    $("[data-room-sub]").textContent =
      room.kind === "direct"
        ? room.peer
          ? "@" + room.peer.username
          : ""
        : fmt(ngettext("%(count)s member", "%(count)s members", room.member_count || 0), {
            count: room.member_count || 0,
          });
    avatar($("[data-room-avatar]"), room);
    if (room.theme_color) {
      root.style.setProperty("--chat-theme", room.theme_color);
    } else {
      root.style.removeProperty("--chat-theme");
    }
  }

  function addMessages(messages) {
    messages.forEach(function (message) {
      if (message.room_id !== undefined && Number(message.room_id) !== current.id) {
        return;
      }
      current.messages.set(message.seq, message);
      current.highest = Math.max(current.highest, message.seq);
      current.lowest = current.lowest === null ? message.seq : Math.min(current.lowest, message.seq);
      if (message.client_id && pending.has(message.client_id)) {
        settlePending(message.client_id);
      }
    });
  }

  function nearBottom() {
    return pane.scrollHeight - pane.scrollTop - pane.clientHeight < 80;
  }

  // Redraws the conversation from current.messages (sorted by seq, so an
  // event and a fetch of the same message can never show it twice).
  function render(options) {
    options = options || {};
    const stick = options.toBottom || nearBottom();
    const before = pane.scrollHeight;
    const beforeTop = pane.scrollTop;
    messageList.textContent = "";
    let lastDay = null;
    const seqs = Array.from(current.messages.keys()).sort(function (a, b) {
      return a - b;
    });
    seqs.forEach(function (seq) {
      const message = current.messages.get(seq);
      const date = new Date(message.created_at);
      if (dayKey(date) !== lastDay) {
        lastDay = dayKey(date);
        const separator = el("li", "chat-day");
        separator.append(el("span", null, dayLabel(date)));
        messageList.append(separator);
      }
      messageList.append(messageItem(message));
    });
    pending.forEach(function (entry, clientId) {
      if (entry.roomId === current.id) {
        messageList.append(pendingItem(entry, clientId));
      }
    });
    renderSeen();
    if (!seqs.length && !pendingCount()) {
      messageList.append(el("li", "chat-empty", gettext("No messages yet. Say hello!")));
    }
    if (options.keepOlder) {
      pane.scrollTop = beforeTop + (pane.scrollHeight - before);
    } else if (stick) {
      pane.scrollTop = pane.scrollHeight;
    }
  }

  function pendingCount() {
    let count = 0;
    pending.forEach(function (entry) {
      count += entry.roomId === current.id ? 1 : 0;
    });
    return count;
  }

  function messageItem(message) {
    if (message.kind === "system") {
      const item = el("li", "chat-system", message.text);
      item.dataset.seq = message.seq;
      return item;
    }
    const mine = message.sender && message.sender.id === me;
    const item = el("li", "chat-message" + (mine ? " mine" : ""));
    item.dataset.seq = message.seq;
    if (!mine && current.room && current.room.kind === "group") {
      item.append(el("small", "chat-sender", senderName(message.sender)));
    }
    const bubble = el("div", "chat-bubble");
    if (message.reply_to_seq) {
      const quoted = current.messages.get(message.reply_to_seq);
      const quote = el("a", "chat-quote");
      quote.href = "#";
      quote.textContent = quoted
        ? senderName(quoted.sender) + ": " + preview(quoted)
        : gettext("Reply to an earlier message");
      quote.addEventListener("click", function (event) {
        event.preventDefault();
        const target = messageList.querySelector('[data-seq="' + message.reply_to_seq + '"]');
        if (target) {
          target.scrollIntoView({ block: "center" });
        }
      });
      bubble.append(quote);
    }
    if (message.deleted) {
      bubble.append(el("em", "chat-deleted", gettext("Message deleted")));
    } else {
      if (message.image && message.image.sizes) {
        const sizes = message.image.sizes;
        const shown = sizes.display || sizes.thumbnail || sizes.original;
        const link = el("a", "chat-image");
        link.href = (sizes.original || shown).url;
        link.target = "_blank";
        link.rel = "noopener";
        const img = el("img");
        img.src = shown.url;
        img.width = shown.width;
        img.height = shown.height;
        img.alt = gettext("Image");
        img.loading = "lazy";
        link.append(img);
        bubble.append(link);
      }
      if (message.text) {
        bubble.append(el("p", "chat-text", message.text));
      }
    }
    item.append(bubble);
    const meta = el("small", "chat-meta");
    meta.append(el("time", null, timeFormat.format(new Date(message.created_at))));
    if (message.edited_at && !message.deleted) {
      meta.append(" · " + gettext("edited"));
    }
    if (!message.deleted) {
      meta.append(actionButton(gettext("Reply"), function () {
        startReply(message);
      }));
      if (mine) {
        if (message.kind === "text") {
          meta.append(actionButton(gettext("Edit"), function () {
            startEdit(message);
          }));
        }
        meta.append(actionButton(gettext("Delete"), function () {
          if (window.confirm(gettext("Delete this message for everyone?"))) {
            sendCommand({ type: "message.delete", room_id: current.id, seq: message.seq });
          }
        }));
      }
    }
    item.append(meta);
    return item;
  }

  function actionButton(label, handler) {
    const button = el("button", "chat-action", label);
    button.type = "button";
    button.addEventListener("click", handler);
    return button;
  }

  function pendingItem(entry, clientId) {
    const item = el("li", "chat-message mine chat-pending");
    item.dataset.clientId = clientId;
    item.dataset.state = entry.state;
    const bubble = el("div", "chat-bubble");
    bubble.append(el("p", "chat-text", entry.frame.text || gettext("Image")));
    item.append(bubble);
    const meta = el("small", "chat-meta");
    if (entry.state === "failed") {
      meta.append(el("span", "chat-failed", entry.error || gettext("Not sent.")));
      meta.append(actionButton(gettext("Retry"), function () {
        transmit(clientId);
      }));
      meta.append(actionButton(gettext("Discard"), function () {
        settlePending(clientId);
        render();
      }));
    } else {
      meta.append(el("span", null, gettext("Sending…")));
    }
    item.append(meta);
    return item;
  }

  function renderSeen() {
    seen.textContent = "";
    if (!current.highest || !current.room) {
      return;
    }
    const last = current.messages.get(current.highest);
    if (!last || !last.sender || last.sender.id !== me) {
      return;
    }
    const readers = [];
    current.members.forEach(function (member) {
      if (member.user.id !== me && member.last_read_seq >= current.highest) {
        readers.push(member.nickname || member.user.display_name || member.user.username);
      }
    });
    if (!readers.length) {
      return;
    }
    seen.textContent =
      current.room.kind === "direct" ? "✓ " + gettext("Seen") : fmt(gettext("Seen by %(names)s"), { names: readers.join(", ") });
  }

  function showHistoryError(error) {
    historyStatus.hidden = false;
    historyStatus.textContent = error && error.message ? error.message : gettext("Could not load the messages.");
  }

  // Older messages when the reader scrolls to the top.
  function loadOlder() {
    const state = current;
    if (!state || state.loadingOlder || !state.hasOlder || state.lowest === null) {
      return;
    }
    state.loadingOlder = true;
    historyStatus.hidden = false;
    historyStatus.textContent = gettext("Loading earlier messages…");
    request("GET", roomApi(state.id, "/messages?limit=" + PAGE_SIZE + "&before_seq=" + state.lowest))
      .then(function (page) {
        if (current !== state) {
          return;
        }
        addMessages(page.messages);
        state.hasOlder = page.has_more;
        historyStatus.hidden = true;
        render({ keepOlder: true });
      })
      .catch(showHistoryError)
      .finally(function () {
        state.loadingOlder = false;
      });
  }

  pane.addEventListener("scroll", function () {
    if (pane.scrollTop < 120) {
      loadOlder();
    }
    if (nearBottom()) {
      markRead();
    }
  });

  // Everything after `after` (by default the highest seq seen), repeated
  // while has_more.
  function catchUp(state, after) {
    if (state.catchingUp) {
      // One at a time; the one running may have started above `after`.
      state.catchingUp.then(function () {
        catchUp(state, after);
      });
      return state.catchingUp;
    }
    let from = after === undefined ? state.highest : after;
    function step() {
      return request("GET", roomApi(state.id, "/messages?limit=200&after_seq=" + from)).then(function (page) {
        if (current !== state) {
          return null;
        }
        addMessages(page.messages);
        if (page.messages.length) {
          from = page.messages[page.messages.length - 1].seq;
        }
        return page.has_more && page.messages.length ? step() : null;
      });
    }
    state.catchingUp = step()
      .then(function () {
        if (current === state) {
          render();
          markRead();
        }
      })
      .catch(function () {})
      .finally(function () {
        state.catchingUp = null;
      });
    return state.catchingUp;
  }

  function markRead() {
    if (!current || !current.highest || document.visibilityState !== "visible") {
      return;
    }
    const room = rooms.get(current.id);
    if (room && room.last_read_seq >= current.highest) {
      return;
    }
    if (!nearBottom() && pane.scrollHeight > pane.clientHeight) {
      return;
    }
    if (room) {
      room.last_read_seq = current.highest;
      room.unread_count = 0;
      renderRooms();
    }
    sendCommand({ type: "room.mark_read", room_id: current.id, seq: current.highest });
  }

  document.addEventListener("visibilitychange", markRead);

  // ---- sending -----------------------------------------------------------------

  function sendCommand(frame) {
    if (!live().send(frame)) {
      showStatus(gettext("You are offline. Try again when the connection is back."));
    }
  }

  function showStatus(text) {
    historyStatus.hidden = !text;
    historyStatus.textContent = text || "";
  }

  function queueMessage(frame) {
    const clientId = newClientId();
    frame.client_id = clientId;
    frame.ref = clientId;
    pending.set(clientId, { roomId: frame.room_id, frame: frame, state: "sending", timer: null });
    transmit(clientId);
  }

  function transmit(clientId) {
    const entry = pending.get(clientId);
    if (!entry) {
      return;
    }
    window.clearTimeout(entry.timer);
    entry.state = "sending";
    entry.error = null;
    if (live().send(entry.frame)) {
      entry.timer = window.setTimeout(function () {
        failPending(clientId, gettext("No answer from the server. Retry?"));
      }, ACK_TIMEOUT_MS);
    }
    // Not connected: it stays "sending" and goes out on reconnect.
    if (current && current.id === entry.roomId) {
      render({ toBottom: true });
    }
  }

  function failPending(clientId, text) {
    const entry = pending.get(clientId);
    if (!entry) {
      return;
    }
    window.clearTimeout(entry.timer);
    entry.state = "failed";
    entry.error = text;
    if (current && current.id === entry.roomId) {
      render();
    }
  }

  function settlePending(clientId) {
    const entry = pending.get(clientId);
    if (entry) {
      window.clearTimeout(entry.timer);
      pending.delete(clientId);
    }
  }

  compose.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!current) {
      return;
    }
    const text = composeText.value.trim();
    if (!text) {
      return;
    }
    if (current.editing) {
      sendCommand({ type: "message.edit", room_id: current.id, seq: current.editing.seq, text: text });
    } else {
      const frame = { type: "message.send", room_id: current.id, text: text };
      if (current.replyTo) {
        frame.reply_to_seq = current.replyTo.seq;
      }
      queueMessage(frame);
    }
    resetCompose();
  });

  composeText.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      compose.requestSubmit();
    }
    if (event.key === "Escape") {
      resetCompose();
    }
  });

  let lastTypingSent = 0;
  composeText.addEventListener("input", function () {
    if (!current || !composeText.value) {
      return;
    }
    const now = Date.now();
    if (now - lastTypingSent > TYPING_SEND_EVERY_MS) {
      lastTypingSent = now;
      live().send({ type: "typing", room_id: current.id });
    }
  });

  // An image: the upload widget uploads it, then it is sent as a message.
  root.querySelector("[data-attach]").addEventListener("kaigon:upload", function (event) {
    if (!current || !event.detail || !event.detail.id) {
      return;
    }
    queueMessage({ type: "message.send", room_id: current.id, image_id: event.detail.id });
    $("[data-attach]").open = false;
  });

  function startReply(message) {
    current.editing = null;
    current.replyTo = message;
    composeState.hidden = false;
    $("[data-compose-state-text]").textContent = fmt(gettext("Replying to %(name)s: %(text)s"), {
      name: senderName(message.sender),
      text: preview(message).slice(0, 80),
    });
    composeText.focus();
  }

  function startEdit(message) {
    current.replyTo = null;
    current.editing = message;
    composeState.hidden = false;
    $("[data-compose-state-text]").textContent = gettext("Editing your message");
    composeText.value = message.text;
    composeText.focus();
  }

  function resetCompose() {
    composeText.value = "";
    composeState.hidden = true;
    if (current) {
      current.replyTo = null;
      current.editing = null;
    }
  }

  $("[data-compose-cancel]").addEventListener("click", resetCompose);

  // ---- events from the socket --------------------------------------------------

  function showTyping() {
    const names = [];
    current.typing.forEach(function (entry) {
      names.push(entry.name);
    });
    typingLine.textContent = names.length ? fmt(gettext("%(names)s is typing…"), { names: names.join(", ") }) : "";
  }

  function onMessageNew(message) {
    const roomId = Number(message.room_id);
    const room = rooms.get(roomId);
    if (room) {
      if (!room.last_message || room.last_message.seq <= message.seq) {
        room.last_message = message;
      }
      const mine = message.sender && message.sender.id === me;
      if (!mine && message.seq > room.last_read_seq && !(current && current.id === roomId)) {
        room.unread_count += 1;
      }
      renderRooms();
    } else {
      loadRooms();
    }
    if (!current || current.id !== roomId) {
      return;
    }
    const before = current.highest;
    const gap = before && message.seq > before + 1;
    addMessages([message]);
    if (message.sender) {
      const typing = current.typing.get(message.sender.id);
      if (typing) {
        window.clearTimeout(typing.timer);
        current.typing.delete(message.sender.id);
        showTyping();
      }
    }
    if (gap) {
      catchUp(current, before);
    }
    render();
    markRead();
  }

  const handlers = {
    "message.new": function (frame) {
      onMessageNew(frame.message);
    },
    "message.ack": function (frame) {
      if (frame.message) {
        onMessageNew(frame.message);
      }
      settlePending(frame.client_id);
      if (current) {
        render();
      }
    },
    "message.edited": function (frame) {
      if (current && current.id === Number(frame.message.room_id)) {
        current.messages.set(frame.message.seq, frame.message);
        render();
      }
    },
    "message.deleted": function (frame) {
      if (current && current.id === Number(frame.room_id)) {
        const message = current.messages.get(frame.seq);
        if (message) {
          message.deleted = true;
          message.text = "";
          message.image = null;
          render();
        }
      }
      loadRooms();
    },
    "room.read": function (frame) {
      const roomId = Number(frame.room_id);
      if (frame.user.id === me) {
        const room = rooms.get(roomId);
        if (room && frame.seq >= room.last_read_seq) {
          room.last_read_seq = frame.seq;
          room.unread_count = 0;
          renderRooms();
        }
        return;
      }
      if (current && current.id === roomId) {
        const member = current.members.get(frame.user.id);
        if (member) {
          member.last_read_seq = Math.max(member.last_read_seq, frame.seq);
          renderSeen();
        }
      }
    },
    typing: function (frame) {
      if (!current || current.id !== Number(frame.room_id) || frame.user.id === me) {
        return;
      }
      const previous = current.typing.get(frame.user.id);
      if (previous) {
        window.clearTimeout(previous.timer);
      }
      const state = current;
      current.typing.set(frame.user.id, {
        name: senderName(frame.user),
        timer: window.setTimeout(function () {
          state.typing.delete(frame.user.id);
          if (current === state) {
            showTyping();
          }
        }, TYPING_SHOW_MS),
      });
      showTyping();
    },
    "room.updated": function (frame) {
      loadRooms();
      if (current && current.id === Number(frame.room_id) && frame.members) {
        setMembers(frame.members);
        render();
      }
    },
    "member.joined": function () {
      loadRooms();
      if (current) {
        request("GET", roomApi(current.id, "/members")).then(setMembers).catch(function () {});
      }
    },
    "member.left": function (frame) {
      if (current && current.id === Number(frame.room_id)) {
        current.members.delete(frame.user.id);
      }
      loadRooms();
    },
    "room.removed": function (frame) {
      rooms.delete(Number(frame.room_id));
      if (current && current.id === Number(frame.room_id)) {
        window.location.assign(chatUrl);
      }
      renderRooms();
    },
    "membership.updated": function (frame) {
      const room = rooms.get(Number(frame.room_id));
      if (room) {
        room.my_settings = frame.my_settings;
        renderRooms();
      }
    },
    error: function (frame) {
      if (frame.ref && pending.has(frame.ref)) {
        failPending(frame.ref, frame.message);
      } else if (frame.message) {
        showStatus(frame.message);
      }
    },
  };

  document.addEventListener("kaigon:event", function (event) {
    const handler = handlers[event.detail.type];
    if (handler) {
      handler(event.detail);
    }
  });

  // On every (re)connect: fetch what the open room missed while no socket
  // listened (also between the first page load and the first connect),
  // refresh the list, and resend what waits for an ack (same client_id, so
  // nothing doubles).
  document.addEventListener("kaigon:live-state", function (event) {
    if (event.detail.state !== "open") {
      return;
    }
    if (connectedBefore) {
      loadRooms();
    }
    connectedBefore = true;
    if (current && current.loaded) {
      catchUp(current);
    }
    pending.forEach(function (entry, clientId) {
      if (entry.state === "sending") {
        transmit(clientId);
      }
    });
  });

  // ---- settings ------------------------------------------------------------------

  const dialog = $("[data-settings]");
  const sharedForm = $("[data-shared-form]");
  const mineForm = $("[data-mine-form]");

  function formStatus(scope, text) {
    $("[data-form-status]", scope).textContent = text;
  }

  function openSettings() {
    const room = current && rooms.get(current.id);
    if (!room) {
      return;
    }
    const group = room.kind === "group";
    const admin = room.my_role === "owner" || room.my_role === "admin";
    dialog.querySelectorAll("[data-group-only]").forEach(function (node) {
      node.hidden = !group;
    });
    // In a group only the owner and admins change what everyone sees.
    const mayShare = !group || admin;
    Array.from(sharedForm.elements).forEach(function (field) {
      field.disabled = !mayShare;
    });
    $("[data-shared-note]").hidden = mayShare;
    $("[data-invite-section]").hidden = !(group && admin);
    sharedForm.elements.name.value = room.name || "";
    sharedForm.elements.emoji.value = room.emoji || "";
    sharedForm.elements.theme_color.value = room.theme_color || "#1e88e5";
    const mine = room.my_settings;
    mineForm.elements.notifications.checked = mine.notifications;
    mineForm.elements.pinned.checked = mine.pinned;
    mineForm.elements.archived.checked = mine.archived;
    const keep = $("[data-mute-keep]", mineForm);
    const muted = mine.muted_until && new Date(mine.muted_until) > new Date();
    keep.hidden = !muted;
    keep.textContent = muted
      ? fmt(gettext("Muted until %(time)s"), { time: dayFormat.format(new Date(mine.muted_until)) + " " + timeFormat.format(new Date(mine.muted_until)) })
      : "";
    mineForm.elements.mute.value = muted ? "keep" : "";
    dialog.querySelectorAll("[data-form-status]").forEach(function (node) {
      node.textContent = "";
    });
    $("[data-invite]").hidden = true;
    renderMembers(room);
    dialog.showModal();
  }

  function renderMembers(room) {
    const holder = $("[data-members]");
    holder.textContent = "";
    const admin = room.my_role === "owner" || room.my_role === "admin";
    current.members.forEach(function (member) {
      const item = el("li");
      const form = el("form", "chat-member");
      const label = el("label", null, member.user.display_name + " @" + member.user.username);
      const input = el("input");
      input.name = "nickname";
      input.maxLength = 50;
      input.value = member.nickname || "";
      input.placeholder = gettext("Nickname");
      input.disabled = !(admin || member.user.id === me || room.kind === "direct");
      label.append(input);
      const save = el("button", "secondary outline", gettext("Save"));
      save.type = "submit";
      save.disabled = input.disabled;
      form.append(label, save);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        request("PATCH", roomApi(room.id, "/members/" + encodeURIComponent(member.user.username)), {
          nickname: input.value.trim(),
        })
          .then(function () {
            save.textContent = gettext("Saved");
          })
          .catch(function (error) {
            save.textContent = error.message;
          });
      });
      item.append(form);
      holder.append(item);
    });
  }

  sharedForm.addEventListener("submit", function (event) {
    event.preventDefault();
    const room = rooms.get(current.id);
    const body = { emoji: sharedForm.elements.emoji.value.trim(), theme_color: sharedForm.elements.theme_color.value };
    if (room.kind === "group") {
      body.name = sharedForm.elements.name.value.trim();
      const avatarId = sharedForm.elements.avatar_id.value;
      if (avatarId && Number(avatarId) !== room.avatar_id) {
        body.avatar_id = Number(avatarId);
      }
    }
    request("PATCH", roomApi(room.id, "/settings"), body)
      .then(function () {
        formStatus(sharedForm, gettext("Saved."));
        loadRooms();
      })
      .catch(function (error) {
        formStatus(sharedForm, error.message);
      });
  });

  mineForm.addEventListener("submit", function (event) {
    event.preventDefault();
    const body = {
      notifications: mineForm.elements.notifications.checked,
      pinned: mineForm.elements.pinned.checked,
      archived: mineForm.elements.archived.checked,
    };
    const mute = mineForm.elements.mute.value;
    if (mute !== "keep") {
      body.muted_until = mute ? new Date(Date.now() + Number(mute) * 1000).toISOString() : null;
    }
    request("PATCH", roomApi(current.id, "/my-settings"), body)
      .then(function (settings) {
        const room = rooms.get(current.id);
        room.my_settings = settings;
        formStatus(mineForm, gettext("Saved."));
        renderRooms();
      })
      .catch(function (error) {
        formStatus(mineForm, error.message);
      });
  });

  const inviteSection = $("[data-invite-section]");
  $("[data-invite-create]").addEventListener("click", function () {
    request("POST", roomApi(current.id, "/invites"), {})
      .then(function (invite) {
        const link = new URL(chatUrl + "invite/" + encodeURIComponent(invite.code) + "/", window.location.href);
        $("[data-invite-link]").value = link.href;
        $("[data-invite]").hidden = false;
        formStatus(inviteSection, fmt(gettext("Valid until %(time)s."), { time: timeFormat.format(new Date(invite.expires_at)) }));
      })
      .catch(function (error) {
        formStatus(inviteSection, error.message);
      });
  });
  $("[data-invite-copy]").addEventListener("click", function () {
    const field = $("[data-invite-link]");
    field.select();
    const done = function () {
      formStatus(inviteSection, gettext("Link copied."));
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    }
  });

  $("[data-open-settings]").addEventListener("click", openSettings);
  $("[data-close-settings]").addEventListener("click", function () {
    dialog.close();
  });

  // ---- navigation ------------------------------------------------------------------

  $("[data-back]").addEventListener("click", function (event) {
    event.preventDefault();
    window.history.pushState({}, "", chatUrl);
    showRoomList();
  });

  window.addEventListener("popstate", function () {
    const match = window.location.pathname.match(/\/(\d+)\/$/);
    if (match) {
      openRoom(Number(match[1]), false);
    } else {
      showRoomList();
    }
  });

  if (root.dataset.roomId) {
    openRoom(Number(root.dataset.roomId), false);
  }
  loadRooms();
})();
