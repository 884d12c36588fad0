// Mobile menu: folded by site.css from the first paint (nojs.css unfolds it without
// JavaScript); the button opens and closes it.
(function () {
  var toggle = document.querySelector(".menu-toggle");
  var panel = document.getElementById("site-nav");
  if (!toggle || !panel) return;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    panel.classList.toggle("is-open", !open);
  });
})();

// Header search: suggest page titles as the visitor types (a native <datalist>, so
// keyboards and screen readers get the browser's own accessible list).
(function () {
  var input = document.getElementById("header-search");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      if (text === last) return;
      last = text;
      if (!text) { list.innerHTML = ""; return; }
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          data.suggestions.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            list.appendChild(option);
          });
        })
        .catch(function () { list.innerHTML = ""; });
    }, 200);
  });
})();
