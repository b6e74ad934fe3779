// Turns each organisation or cluster picker (templates/_picker.html) into a combobox after the
// WAI-ARIA pattern: the text box asks the picker's JSON (/pick/...) as one types, shows the
// matches in a listbox, and the arrow keys, Enter and Escape move, choose and close. The
// chosen id goes into a hidden field of the picker's name, so the form posts what it posted
// without the script; the Find button and the radio buttons are removed.
(function () {
  "use strict";
  var DELAY = 250;
  var MIN = 2;
  var MAX = 100;

  function enhance(box) {
    var input = box.querySelector(".picker-search input[type=text]");
    var find = box.querySelector(".picker-find");
    var status = box.querySelector(".picker-status");
    var choices = box.querySelector(".picker-choices");
    var checked = choices && choices.querySelector("input[type=radio]:checked");
    var chosenName = checked && checked.labels[0].querySelector("span");
    var chosen = {id: checked ? checked.value : "", name: chosenName ? chosenName.textContent : ""};
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = box.dataset.pickerName;
    hidden.value = chosen.id;
    box.appendChild(hidden);
    if (choices) {
      choices.remove();
    }
    find.remove();
    box.querySelector(".picker-hint-plain").hidden = true;
    box.querySelector(".picker-hint-script").hidden = false;
    status.textContent = "";

    var list = document.createElement("ul");
    list.id = input.id + "-listbox";
    list.className = "picker-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", box.querySelector("label").textContent);
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.maxLength = MAX;

    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;

    function open() {
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      move(-1);
    }

    function move(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = options[index].item;
      chosen = {id: String(item.id), name: item.name};
      hidden.value = chosen.id;
      input.value = item.name;
      close();
      status.textContent = box.dataset.textChosen.replace("{name}", item.name);
    }

    function show(answer) {
      list.textContent = "";
      options = answer.items.map(function (item, i) {
        var element = document.createElement("li");
        element.id = list.id + "-" + i;
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = item.name;
        name.lang = item.language;
        var detail = document.createElement("span");
        detail.className = "muted";
        detail.textContent = " (" + [item.region_name, item.state_name].join(", ") +
          (item.kind_name ? "; " + item.kind_name : "") + ")";
        element.appendChild(name);
        element.appendChild(detail);
        element.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(element);
        return {element: element, item: item};
      });
      active = -1;
      open();
      status.textContent = answer.summary;
    }

    function search() {
      var text = input.value.trim();
      if (pending) {
        pending.abort();
        pending = null;
      }
      if (text.length < MIN) {
        options = [];
        list.textContent = "";
        close();
        return;
      }
      pending = new AbortController();
      var url = box.dataset.pickerUrl + "?q=" + encodeURIComponent(text.slice(0, MAX));
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin",
                  signal: pending.signal})
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (answer) {
            show(answer);
          }
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!expanded && options.length) {
          open();
        }
        if (options.length) {
          move(Math.min(active + 1, options.length - 1));
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (expanded && options.length) {
          move(Math.max(active - 1, 0));
        }
      } else if (event.key === "Enter") {
        if (expanded) {
          event.preventDefault();
          if (active >= 0) {
            choose(active);
          }
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          close();
        } else if (chosen.id && hidden.value !== chosen.id) {
          event.preventDefault();
          input.value = chosen.name;
          hidden.value = chosen.id;
        }
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".picker[data-picker-url]"), enhance);
})();
