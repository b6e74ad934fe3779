// Keeps the progress bar of an import job up to date: polls the job's JSON progress once a
// second, updates the <progress> element, announces every tenth of the way in the polite live
// region, and reloads the page when the import ends, to show its result or its problems.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var bar = document.getElementById("import-progress-bar");
  var status = document.getElementById("import-progress-status");
  var refresh = box.querySelector("a.button");
  if (refresh) {
    refresh.hidden = true;
  }
  var announcedTenth = -1;
  var INTERVAL = 1000;

  function say(text) {
    status.textContent = text;
  }

  function show(progress) {
    bar.max = Math.max(progress.total_lines, 1);
    bar.value = progress.processed_lines;
    bar.textContent = progress.percent_text;
    if (progress.status === "done" || progress.status === "failed") {
      bar.value = progress.status === "done" ? bar.max : bar.value;
      say(box.dataset.textFinished);
      window.location.reload();
      return false;
    }
    if (progress.status === "queued") {
      say(box.dataset.textQueued);
    } else {
      var tenth = Math.floor(progress.percent / 10);
      if (tenth !== announcedTenth) {
        announcedTenth = tenth;
        say(box.dataset.textRunning
          .replace("{done}", progress.processed_text)
          .replace("{total}", progress.total_text)
          .replace("{percent}", progress.percent_text));
      }
    }
    return true;
  }

  function poll() {
    fetch(box.dataset.progressUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        if (show(progress)) {
          window.setTimeout(poll, INTERVAL);
        }
      })
      .catch(function () {
        if (refresh) {
          refresh.hidden = false;
        }
        window.setTimeout(poll, INTERVAL * 5);
      });
  }

  window.setTimeout(poll, INTERVAL);
}());
