// Header search box: members, tags and boards as the user types.
// Text goes in through textContent only (never innerHTML).
(function () {
  "use strict";
  const input = document.querySelector("input[data-suggest-url]");
  if (!input) return;
  const list = document.createElement("ul");
  list.className = "search-suggest";
  list.id = "search-suggest";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  input.after(list);
  let timer = null;
  let controller = null;

  function addGroup(label, items, href, text) {
    if (!items.length) return;
    const head = document.createElement("li");
    head.className = "search-suggest-group";
    head.textContent = label;
    list.append(head);
    for (const item of items) {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      const a = document.createElement("a");
      a.href = href(item);
      a.textContent = text(item);
      li.append(a);
      list.append(li);
    }
  }

  async function suggest() {
    const q = input.value.trim();
    if (controller) controller.abort();
    if (!q) {
      list.hidden = true;
      return;
    }
    controller = new AbortController();
    const url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(q);
    let data;
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) return;
      data = await response.json();
    } catch (error) {
      return;
    }
    list.replaceChildren();
    addGroup(input.dataset.labelMembers, data.users, (u) => u.url, (u) => u.display_name + " @" + u.username);
    addGroup(input.dataset.labelTags, data.tags, (t) => t.url, (t) => "#" + t.name);
    addGroup(input.dataset.labelBoards, data.boards, (b) => b.url, (b) => b.name);
    list.hidden = !list.children.length;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") list.hidden = true;
  });
  document.addEventListener("click", (event) => {
    if (!list.contains(event.target) && event.target !== input) list.hidden = true;
  });
})();
