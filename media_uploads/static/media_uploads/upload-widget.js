/* Kaigon upload widget (media_uploads/upload_widget.html).
 *
 * Pick or drop an image, see a local preview, upload it to the image API with
 * a progress bar, then keep the new upload's id in the widget's hidden input
 * and fire a bubbling "kaigon:upload" event whose detail is the Upload
 * resource. The file is checked by the server; the browser only refuses a
 * file over the size limit early. Every widget is set up once, also when it
 * arrives later through htmx.
 */
(function () {
  "use strict";

  function csrfToken(widget) {
    if (widget.dataset.csrfToken) {
      return widget.dataset.csrfToken;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function errorMessage(body, fallback) {
    var error = body && body.error;
    if (!error) {
      return fallback;
    }
    var fileErrors = error.fields && error.fields.file;
    if (fileErrors && fileErrors.length) {
      return String(fileErrors[0]);
    }
    return error.message || fallback;
  }

  function setUp(widget) {
    if (widget.dataset.uploadReady) {
      return;
    }
    widget.dataset.uploadReady = "true";
    var input = widget.querySelector("[data-upload-file]");
    var drop = widget.querySelector("[data-upload-drop]");
    var preview = widget.querySelector("[data-upload-preview]");
    var previewImage = widget.querySelector("[data-upload-preview-image]");
    var caption = widget.querySelector("[data-upload-caption]");
    var progress = widget.querySelector("[data-upload-progress]");
    var status = widget.querySelector("[data-upload-status]");
    var value = widget.querySelector("[data-upload-value]");
    var objectUrl = null;
    var request = null;

    function forgetLocalPreview() {
      if (objectUrl) {
        URL.revokeObjectURL(objectUrl);
        objectUrl = null;
      }
    }

    function setState(state, message) {
      widget.dataset.state = state;
      status.textContent = message || "";
    }

    function fail(message) {
      request = null;
      value.value = "";
      progress.hidden = true;
      setState("error", message);
    }

    function finish(upload) {
      request = null;
      value.value = String(upload.id);
      progress.hidden = true;
      var thumbnail = upload.sizes && upload.sizes.thumbnail;
      if (thumbnail && thumbnail.url) {
        previewImage.src = thumbnail.url;
      }
      caption.textContent = upload.width + " × " + upload.height;
      setState("done", widget.dataset.msgDone);
      value.dispatchEvent(new Event("change", { bubbles: true }));
      widget.dispatchEvent(
        new CustomEvent("kaigon:upload", { bubbles: true, detail: upload })
      );
    }

    function send(file) {
      if (!file) {
        return;
      }
      if (request) {
        request.abort();
        request = null;
      }
      value.value = "";
      forgetLocalPreview();
      objectUrl = URL.createObjectURL(file);
      previewImage.src = objectUrl;
      caption.textContent = file.name;
      preview.hidden = false;

      var maxBytes = parseInt(widget.dataset.maxBytes, 10);
      if (maxBytes && file.size > maxBytes) {
        fail(widget.dataset.msgTooLarge);
        return;
      }

      var form = new FormData();
      form.append("file", file);
      form.append("kind", widget.dataset.kind || "image");

      var xhr = new XMLHttpRequest();
      request = xhr;
      xhr.open("POST", widget.dataset.uploadUrl);
      xhr.setRequestHeader("X-CSRFToken", csrfToken(widget));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable && event.total > 0) {
          progress.value = Math.round((event.loaded / event.total) * 100);
        }
      });
      xhr.upload.addEventListener("load", function () {
        if (request !== xhr) {
          return;
        }
        // Sent; the server now decodes and resizes. Indeterminate bar.
        progress.removeAttribute("value");
        setState("processing", widget.dataset.msgProcessing);
      });
      xhr.addEventListener("load", function () {
        if (request !== xhr) {
          return;
        }
        var body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch (ignored) {
          body = null;
        }
        if (xhr.status === 201 && body && body.id) {
          finish(body);
        } else {
          fail(errorMessage(body, widget.dataset.msgFailed));
        }
      });
      xhr.addEventListener("error", function () {
        if (request === xhr) {
          fail(widget.dataset.msgNetwork);
        }
      });
      progress.value = 0;
      progress.hidden = false;
      setState("uploading", widget.dataset.msgUploading);
      xhr.send(form);
    }

    previewImage.addEventListener("load", function () {
      if (objectUrl && previewImage.src !== objectUrl) {
        forgetLocalPreview();
      }
    });
    previewImage.addEventListener("error", function () {
      // Something the browser cannot show (the server will say what it is).
      if (previewImage.src === objectUrl) {
        preview.hidden = true;
      }
    });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      send(file);
      input.value = "";
    });
    drop.addEventListener("dragenter", function (event) {
      event.preventDefault();
      widget.classList.add("is-dragging");
    });
    drop.addEventListener("dragover", function (event) {
      event.preventDefault();
      if (event.dataTransfer) {
        event.dataTransfer.dropEffect = "copy";
      }
      widget.classList.add("is-dragging");
    });
    drop.addEventListener("dragleave", function (event) {
      if (!drop.contains(event.relatedTarget)) {
        widget.classList.remove("is-dragging");
      }
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      widget.classList.remove("is-dragging");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        send(files[0]);
      }
    });
  }

  function setUpAll(root) {
    var widgets = (root || document).querySelectorAll("[data-upload-widget]");
    Array.prototype.forEach.call(widgets, setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUpAll(document);
    });
  } else {
    setUpAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    setUpAll(event.target);
  });
})();
