// A field asked only on an answer above it in the same step (data-show-if, data-show-in): hidden while
// that answer does not call for it. The server decides anyway: a field that does not apply is neither
// required nor kept. Without JavaScript the field shows, its label saying when to fill it.
(function () {
  function answer(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].closest("[hidden]")) return ""; // its own condition does not hold: neither does this one
      if (inputs[i].type === "checkbox") return inputs[i].checked ? "co" : "khong";
      if (inputs[i].type !== "radio" || inputs[i].checked) return inputs[i].value;
    }
    return "";
  }
  function update() {
    document.querySelectorAll("[data-show-if]").forEach(function (box) {
      var wanted = JSON.parse(box.getAttribute("data-show-in"));
      box.hidden = wanted.indexOf(answer(box.closest("form"), box.getAttribute("data-show-if"))) < 0;
    });
  }
  if (!window.motcuaConditions) {
    window.motcuaConditions = true;
    document.addEventListener("change", update);
    document.addEventListener("htmx:load", update);
  }
  update();
})();
