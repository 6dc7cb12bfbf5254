// Material's partials/javascripts/content.html (9.8.2): a link to a tab opens that tab.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
