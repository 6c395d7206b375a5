// The post editor: hashtag autocomplete and images from the upload widget.
// Without JavaScript the form still posts title and text.
(function () {
  "use strict";

  const TAG_BEFORE_CARET = /(?:^|[^\p{L}\p{N}_#/&])#([\p{L}\p{N}_]{1,64})$/u;

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  function setUpImages(form) {
    const ids = form.querySelector("input[name=image_ids]");
    const list = form.querySelector("[data-attached-images]");
    if (!ids || !list) {
      return;
    }
    form.addEventListener("kaigon:upload", function (event) {
      const upload = event.detail || {};
      if (!upload.id) {
        return;
      }
      const current = ids.value ? ids.value.split(",") : [];
      if (!current.includes(String(upload.id))) {
        current.push(String(upload.id));
        ids.value = current.join(",");
        const thumb = upload.sizes && upload.sizes.thumbnail;
        if (thumb) {
          const item = document.createElement("li");
          const img = document.createElement("img");
          img.src = thumb.url;
          img.alt = "";
          item.appendChild(img);
          list.appendChild(item);
        }
      }
    });
  }

  function setUpHashtags(form) {
    const url = form.dataset.hashtagUrl;
    const textarea = form.querySelector("textarea[name=body]");
    const box = form.querySelector("[data-hashtag-suggestions]");
    if (!url || !textarea || !box) {
      return;
    }
    let active = -1;

    function close() {
      box.hidden = true;
      box.replaceChildren();
      active = -1;
    }

    function currentTag() {
      const before = textarea.value.slice(0, textarea.selectionStart);
      const match = before.match(TAG_BEFORE_CARET);
      return match ? match[1] : null;
    }

    function choose(name) {
      const caret = textarea.selectionStart;
      const before = textarea.value.slice(0, caret);
      const start = before.lastIndexOf("#") + 1;
      const after = textarea.value.slice(caret);
      textarea.value = textarea.value.slice(0, start) + name + " " + after;
      const position = start + name.length + 1;
      textarea.setSelectionRange(position, position);
      textarea.focus();
      close();
    }

    function highlight(index) {
      const items = box.querySelectorAll("li");
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      active = index;
    }

    const suggest = debounce(async function () {
      const prefix = currentTag();
      if (!prefix) {
        close();
        return;
      }
      let names = [];
      try {
        const response = await fetch(url + "?prefix=" + encodeURIComponent(prefix), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) {
          close();
          return;
        }
        const data = await response.json();
        const rows = Array.isArray(data) ? data : data.results || [];
        names = rows.map((row) => row.name).filter(Boolean);
      } catch (error) {
        close();
        return;
      }
      if (currentTag() !== prefix || names.length === 0) {
        close();
        return;
      }
      box.replaceChildren();
      names.forEach(function (name) {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.textContent = "#" + name;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(name);
        });
        item.dataset.name = name;
        box.appendChild(item);
      });
      box.hidden = false;
      highlight(0);
    }, 200);

    textarea.addEventListener("input", suggest);
    textarea.addEventListener("blur", close);
    textarea.addEventListener("keydown", function (event) {
      if (box.hidden) {
        return;
      }
      const items = box.querySelectorAll("li");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + items.length) % items.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(items[active].dataset.name);
      } else if (event.key === "Escape") {
        close();
      }
    });
  }

  function init() {
    document.querySelectorAll("form[data-post-editor]").forEach(function (form) {
      setUpImages(form);
      setUpHashtags(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
