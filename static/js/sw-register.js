// Installs the service worker that keeps the catalogue and the last status pages readable offline.
// Nothing depends on it: without JavaScript or service workers every page works the same.
(function (script) {
  if (!script || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: "/" }).catch(function () {});
  });
})(document.currentScript);
