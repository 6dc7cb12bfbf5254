// The home page's "Search the help centre" button opens Material's search, focused. The button
// stays hidden without script: Material's search needs script too.
document.querySelectorAll(".kb-search-open").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => {
    const toggle = document.getElementById("__search");
    if (toggle && !toggle.checked) toggle.click();
    const input = document.querySelector(".md-search__input");
    if (input) input.focus();
  });
});
