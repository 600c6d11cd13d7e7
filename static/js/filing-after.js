// After submitting: a button copies the dossier code (shown only with JavaScript), and a check page
// restored from the back-forward cache is fetched again, so it shows the dossier already submitted.
(function () {
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.querySelector("[data-fresh]")) location.reload();
  });
  var button = document.querySelector("[data-copy]");
  if (!button) return;
  var code = document.getElementById(button.getAttribute("data-copy"));
  var said = document.getElementById(button.getAttribute("aria-describedby"));
  function done(ok) {
    said.textContent = button.getAttribute(ok ? "data-copied" : "data-failed");
  }
  function fallback() {
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {}
    done(ok); // when not copied, the code stays selected for a long press to copy
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = code.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        done(true);
      }, fallback);
    } else fallback();
  });
})();
