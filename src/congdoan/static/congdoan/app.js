// Unit pickers: ask the server for matching units as the officer types.
document.addEventListener("input", function (event) {
  const input = event.target;
  if (!input.classList || !input.classList.contains("unit-pick")) return;
  clearTimeout(input._lookupTimer);
  input._lookupTimer = setTimeout(function () {
    if (input.value.length < 2) return;
    htmx.ajax("GET", document.body.dataset.unitLookup + "?q=" + encodeURIComponent(input.value),
              { target: "#unit-options", swap: "innerHTML" });
  }, 250);
});
