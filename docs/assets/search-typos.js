// Typo tolerance for the site search: a word of 5 or more letters is also looked up with one
// edit (lunr's `word~1`: a letter missing, added, changed, or two letters swapped), so "pasword"
// finds "password". Material 9 has no query hook: the page hands the reader's query to the
// search worker as a message {type: 2 (query), data: "the words"}, and this file adds the
// tolerant terms to that message on its way. The search box keeps what the reader typed.
// tests/search types a misspelt query, so a Material upgrade that changes the message fails there.
(function () {
  "use strict";
  var QUERY = 2;
  var LONG_WORD = /^\p{L}{5,}$/u;
  var post = Worker.prototype.postMessage;

  function tolerant(query) {
    return query.split(/\s+/).map(function (word) {
      return LONG_WORD.test(word) ? word + " " + word + "~1" : word;
    }).join(" ");
  }

  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === QUERY && typeof message.data === "string") {
      args[0] = { type: QUERY, data: tolerant(message.data) };
    }
    return post.apply(this, args);
  };
})();
