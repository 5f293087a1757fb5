// A "Copy" button beside every block marked data-copy (citations). The text is selectable
// without it; the button only saves a step. No inline script, no styles set here.
(function () {
  "use strict";
  document.querySelectorAll("pre[data-copy]").forEach(function (block) {
    if (!navigator.clipboard) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(block.textContent).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Select the text to copy"; }
      );
    });
    block.parentNode.insertBefore(button, block);
  });
})();
