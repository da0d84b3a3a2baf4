// Luoshi's only script, and an optional one: every page works without it.
// A unit picker marked data-narrows="NAME" keeps the person picker NAME to the chosen unit's people
// (those of the unit and of the units below it, by their unit paths), as the rule
// task.assignee_outside_unit requires; the button that does the same by a round trip is then hidden.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-narrows]").forEach(function (units) {
    var people = units.form && units.form.querySelector("select[name='" + units.dataset.narrows + "']");
    if (!people) { return; }
    units.form.querySelectorAll("button.narrow-people").forEach(function (button) { button.hidden = true; });
    function narrow() {
      var chosen = units.options[units.selectedIndex];
      var path = chosen ? (chosen.dataset.path || "") : "";
      people.querySelectorAll("optgroup").forEach(function (group) {
        var inside = path === "" || (group.dataset.path || "").indexOf(path) === 0;
        group.hidden = !inside;
        group.disabled = !inside;
      });
      var picked = people.options[people.selectedIndex];
      if (picked && picked.parentElement && picked.parentElement.disabled) { people.value = ""; }
    }
    units.addEventListener("change", narrow);
    narrow();
  });
});
