// Propose an amendment: selecting words in the rendered text copies them into the passage
// field (the server finds them in the Markdown source). Without JavaScript, copy and paste.
(function () {
  "use strict";
  var text = document.querySelector("[data-passage-source]");
  var field = document.getElementById("id_passage");
  if (!text || !field) return;
  text.addEventListener("mouseup", copySelection);
  text.addEventListener("keyup", copySelection);
  text.addEventListener("touchend", copySelection);
  function copySelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    var node = selection.anchorNode;
    if (!node || !text.contains(node)) return;
    var chosen = selection.toString().trim();
    if (chosen) {
      field.value = chosen;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
})();
