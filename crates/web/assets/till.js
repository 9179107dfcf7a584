// The till's keys: F9 (or Ctrl+Enter) completes the sale, Escape clears the scan field, and
// the scan field takes the focus back after every cart update.
"use strict";
document.addEventListener("keydown", (e) => {
  if (e.key === "F9" || (e.key === "Enter" && e.ctrlKey)) {
    const b = document.getElementById("complete");
    if (b && !b.disabled) { e.preventDefault(); b.click(); }
  } else if (e.key === "Escape") {
    const s = document.getElementById("scan");
    if (s) { s.value = ""; s.focus(); }
  }
});
document.addEventListener("htmx:afterSwap", () => {
  const s = document.getElementById("scan");
  if (s) { s.focus(); }
});
