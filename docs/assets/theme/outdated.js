// Material's partials/javascripts/outdated.html (9.8.2); the base URL comes from data-md-base.
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.dataset.mdBase),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
