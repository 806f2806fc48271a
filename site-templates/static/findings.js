// Filters the findings table by severity and deity. Without JavaScript every finding shows.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var severity = document.getElementById("filter-severity");
  var deity = document.getElementById("filter-deity");
  var rows = document.querySelectorAll("#findings tbody tr");
  if (!form || !severity || !deity) { return; }
  form.hidden = false;
  function apply() {
    rows.forEach(function (row) {
      var show = (!severity.value || row.dataset.severity === severity.value) &&
        (!deity.value || row.dataset.deity === deity.value);
      row.hidden = !show;
    });
  }
  severity.addEventListener("change", apply);
  deity.addEventListener("change", apply);
}());
