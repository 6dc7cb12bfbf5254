// "Has this FAQ been helpful?": posts page id, selected platform tab and content version.
// No cookie, no analytics: one anonymous POST to the configured endpoint.
(function () {
  function selectedPlatform() {
    var checked = document.querySelector(".tabbed-set > input:checked");
    if (!checked) return null;
    var label = document.querySelector('label[for="' + checked.id + '"]');
    return label ? label.textContent.trim() : null;
  }

  function init(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    form.querySelectorAll("button[name=helpful]").forEach(function (button) {
      button.addEventListener("click", function () {
        var payload = {
          faq_id: Number(form.dataset.faqId),
          platform: selectedPlatform(),
          content_version: form.dataset.contentVersion,
          helpful: button.value === "yes",
        };
        form.querySelector("fieldset").disabled = true;
        var thanks = form.querySelector(".kb-feedback-thanks");
        fetch(form.dataset.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(payload),
          credentials: "omit",
          keepalive: true,
        }).catch(function () { /* feedback is best effort */ }).finally(function () {
          thanks.hidden = false;
        });
      });
    });
  }

  function scan() { document.querySelectorAll("form.kb-feedback").forEach(init); }
  if (window.document$) { window.document$.subscribe(scan); } else { scan(); }
})();
