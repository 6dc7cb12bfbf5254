// "Has this FAQ been helpful?": one anonymous vote for the page, the tab the reader is on, the
// language and the content version they saw. "No" asks, optionally, which step did not match and
// why. "Thank you" is shown only once the receiver accepted the vote; on failure the reader is
// told and may try again. No cookie, no analytics. Every word shown comes from the page template.
(function () {
  function tabIndex() {
    var set = document.querySelector("article .tabbed-set");
    if (!set) return 0;
    var inputs = Array.prototype.slice.call(set.querySelectorAll(":scope > input"));
    var checked = inputs.findIndex(function (input) { return input.checked; });
    return checked < 0 ? 0 : checked;
  }

  function stepTexts(index) {
    var set = document.querySelector("article .tabbed-set");
    if (!set) return [];
    var block = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")[index];
    if (!block) return [];
    return Array.prototype.map.call(block.querySelectorAll(":scope > ol > li"), function (li) {
      var first = li.querySelector("p") || li;
      var text = first.textContent.replace(/\s+/g, " ").trim();
      return text.length > 70 ? text.slice(0, 69) + "\u2026" : text;
    });
  }

  function init(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var tabs = JSON.parse(form.dataset.kbTabs || "[]");
    var more = form.querySelector(".kb-feedback-more");
    var vote = form.querySelector(".kb-feedback-vote");
    var select = form.querySelector("select[name=step]");
    var thanks = form.querySelector(".kb-feedback-thanks");
    var error = form.querySelector(".kb-feedback-error");
    var pattern = form.querySelector("template.kb-feedback-step-label").content.textContent;
    var no = form.querySelector("button[value=no]");

    function current() { return tabs[tabIndex()] || null; }

    function fillSteps() {
      while (select.options.length > 1) select.remove(1);
      var tab = current();
      if (!tab) return;
      var texts = stepTexts(tabIndex());
      tab[1].forEach(function (id, n) {
        var option = document.createElement("option");
        option.value = id;
        option.textContent = pattern.replace("{n}", String(n + 1)).replace("{text}", texts[n] || "");
        select.appendChild(option);
      });
    }

    function send(helpful) {
      var tab = current();
      var payload = {
        faq_id: Number(form.dataset.faqId),
        platform: tab ? tab[0] : "",
        lang: form.dataset.lang,
        content_version: form.dataset.contentVersion,
        helpful: helpful,
      };
      if (!helpful) {
        if (select.value) payload.step = select.value;
        var comment = form.querySelector("textarea[name=comment]").value.trim();
        if (comment) payload.comment = comment;
      }
      vote.disabled = more.disabled = true;
      error.hidden = true;
      fetch(form.dataset.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
        credentials: "omit",
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        vote.hidden = more.hidden = true;
        thanks.hidden = false;
        thanks.focus();
      }).catch(function () {
        vote.disabled = more.disabled = false;
        error.hidden = false;
      });
    }

    form.querySelector("button[value=yes]").addEventListener("click", function () { send(true); });
    no.addEventListener("click", function () {
      fillSteps();
      more.hidden = false;
      no.setAttribute("aria-expanded", "true");
      select.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(false);
    });
  }

  function scan() { document.querySelectorAll("form.kb-feedback").forEach(init); }
  if (window.document$) { window.document$.subscribe(scan); } else { scan(); }
})();
