/* The list page's category filter: shows the form and hides the sections left unticked. */
(function () {
  "use strict";
  var form = document.querySelector(".atlas-filter");
  if (!form) return;
  form.hidden = false;
  form.addEventListener("change", function (event) {
    var id = event.target.getAttribute("data-category");
    var section = document.querySelector('.atlas-list-section[data-category="' + id + '"]');
    if (section) section.hidden = !event.target.checked;
  });
})();
