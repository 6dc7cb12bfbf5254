// Material's partials/javascripts/announce.html (9.8.2): a dismissed announcement stays hidden.
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
