/* "My images" page: show a new upload at the top of the grid right away. */
(function () {
  "use strict";

  function addCard(upload) {
    var grid = document.querySelector("[data-my-images]");
    var template = document.getElementById("my-image-template");
    if (!grid || !template) {
      return;
    }
    var card = template.content.firstElementChild.cloneNode(true);
    var thumbnail = upload.sizes.thumbnail;
    var link = card.querySelector("[data-image-link]");
    var image = card.querySelector("[data-image-thumbnail]");
    var caption = card.querySelector("[data-image-caption]");
    var form = card.querySelector("[data-image-delete]");
    card.dataset.uploadId = String(upload.id);
    link.href = upload.sizes.original.url;
    image.src = thumbnail.url;
    image.width = thumbnail.width;
    image.height = thumbnail.height;
    caption.textContent = upload.width + " × " + upload.height;
    form.action = form.dataset.actionTemplate.replace("/0/", "/" + upload.id + "/");
    grid.insertBefore(card, grid.firstChild);
    var empty = document.querySelector("[data-my-images-empty]");
    if (empty) {
      empty.hidden = true;
    }
  }

  document.addEventListener("kaigon:upload", function (event) {
    addCard(event.detail);
  });
})();
