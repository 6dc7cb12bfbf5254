// Material's partials/javascripts/outdated.html (9.8.2); the base URL comes from data-md-base and,
// being relative on most pages, is resolved against the page (Material passes no base).
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.dataset.mdBase,location),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
