// The lecture transcript: each line is a button that moves the video to where it is said,
// and the line being spoken is marked while the video plays.
(function () {
  "use strict";
  var video = document.getElementById("lecture-video");
  var lines = Array.prototype.slice.call(document.querySelectorAll(".transcript-line"));
  if (!video || !lines.length) return;

  lines.forEach(function (line) {
    line.addEventListener("click", function () {
      video.currentTime = parseFloat(line.getAttribute("data-start")) || 0;
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () {});
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
    if (spoken) spoken.setAttribute("aria-current", "true");
    current = spoken;
  });
})();
