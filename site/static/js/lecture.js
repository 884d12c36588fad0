// The lecture transcript: each line is a button that moves the video to where it is said,
// and the line being spoken is marked while the video plays. The list is one Tab stop
// (a roving tabindex): arrow keys, Home and End move between lines, Enter or Space seeks.
(function () {
  "use strict";
  var video = document.getElementById("lecture-video");
  var lines = Array.prototype.slice.call(document.querySelectorAll(".transcript-line"));
  if (!video || !lines.length) return;

  var tabStop = lines[0];
  function makeTabStop(line) {
    tabStop.setAttribute("tabindex", "-1");
    line.setAttribute("tabindex", "0");
    tabStop = line;
  }
  lines.forEach(function (line, i) {
    line.setAttribute("tabindex", i === 0 ? "0" : "-1");
    line.addEventListener("click", function () {
      makeTabStop(line);
      video.currentTime = parseFloat(line.getAttribute("data-start")) || 0;
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () {});
    });
    line.addEventListener("keydown", function (event) {
      var next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: lines.length - 1 }[event.key];
      if (next === undefined || next < 0 || next >= lines.length) return;
      event.preventDefault();
      makeTabStop(lines[next]);
      lines[next].focus();
    });
  });

  var current = null;
  video.addEventListener("timeupdate", function () {
    var time = video.currentTime;
    var spoken = null;
    for (var i = 0; i < lines.length; i++) {
      var start = parseFloat(lines[i].getAttribute("data-start"));
      var end = parseFloat(lines[i].getAttribute("data-end"));
      if (time >= start && time < end) { spoken = lines[i]; break; }
    }
    if (spoken === current) return;
    if (current) current.removeAttribute("aria-current");
    if (spoken) {
      spoken.setAttribute("aria-current", "true");
      if (document.activeElement && lines.indexOf(document.activeElement) < 0) makeTabStop(spoken);
    }
    current = spoken;
  });
})();
