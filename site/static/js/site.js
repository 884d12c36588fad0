// Mobile menu: the navigation is visible without JavaScript; this only folds it on phones.
(function () {
  var toggle = document.querySelector(".menu-toggle");
  var panel = document.getElementById("site-nav");
  if (!toggle || !panel) return;
  document.documentElement.classList.add("js");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    panel.classList.toggle("is-open", !open);
  });
})();
