// Makes the scope of a role (templates/_scope.html) follow the role: of the member state, the
// organisation and the cluster, only the control the chosen role reads is shown, and none for
// a role without a scope. Without the script all three are shown, each labelled with its roles.
(function () {
  "use strict";

  function follow(box) {
    var kinds = JSON.parse(box.dataset.scopeOfRoles);
    var select = document.getElementById(box.dataset.roleSelect);
    var controls = box.querySelectorAll("[data-scope-kind]");
    box.querySelector(".role-scope-plain").hidden = true;

    function show() {
      var kind = kinds[select.value] || "none";
      var any = false;
      Array.prototype.forEach.call(controls, function (control) {
        control.hidden = control.dataset.scopeKind !== kind;
        any = any || !control.hidden;
      });
      box.hidden = !any;
    }

    select.addEventListener("change", show);
    show();
  }

  Array.prototype.forEach.call(document.querySelectorAll("fieldset.role-scope[data-scope-of-roles]"),
                               follow);
})();
