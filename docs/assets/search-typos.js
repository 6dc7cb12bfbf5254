// Typo tolerance for the site search: a word of 5 or more letters is also looked up with one
// edit (lunr's `word~1`: a letter missing, added, changed, or two letters swapped), so "pasword"
// finds "password". Material 9 has no query hook: the page hands the reader's query to the
// search worker as a message {type: 2 (query), data: "the words"}, and this file adds the
// tolerant terms to that message on its way. The search box keeps what the reader typed.
//
// The worker answers {type: 3 (result), data: {items}}, each result with `terms`: every query
// word, true if the page has a word starting with it. A typo never does, so Material would list
// it under the result as "Missing: pasword" although the page matched "password". Before
// Material reads the answer, a word a result matched by one edit (its highlighted `<mark>`s
// show which) is replaced by the word matched, which Material then also highlights on the page.
// A word the result does not contain, even with one edit, is still listed as missing.
// tests/search types misspelt queries, so a Material upgrade that changes either message fails
// there.
(function () {
  "use strict";
  var QUERY = 2;
  var RESULT = 3;
  var LONG_WORD = /^\p{L}{5,}$/u;
  var post = Worker.prototype.postMessage;
  var listen = Worker.prototype.addEventListener;

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

  // True if `a` becomes `b` by one letter added, removed or changed, or two neighbours swapped.
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    var j = 0;
    while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
    var left = a.length - i - j;
    var right = b.length - i - j;
    if (left <= 1 && right <= 1) return left + right > 0;
    return left === 2 && right === 2 && a[i] === b[i + 1] && a[i + 1] === b[i];
  }

  // The start of a highlighted word that is `word` with one edit ("password" of "passwords"
  // for "pasword"): the index holds word stems, which the highlighted words begin with.
  function correction(word, marked) {
    for (var n = word.length - 1; n <= word.length + 1; n++) {
      if (marked.length >= n && oneEdit(word, marked.slice(0, n))) return marked.slice(0, n);
    }
    return null;
  }

  function markedWords(item) {
    var html = [item.title, item.text].concat(item.tags || []).join(" ");
    var holder = document.createElement("template"); // inert: nothing in it loads or runs
    holder.innerHTML = html;
    return Array.prototype.map.call(holder.content.querySelectorAll("mark"), function (mark) {
      return mark.textContent.toLowerCase();
    });
  }

  function correctTerms(item) {
    var terms = item.terms || {};
    Object.keys(terms).forEach(function (word) {
      if (terms[word] || !LONG_WORD.test(word)) return;
      var found = null;
      markedWords(item).some(function (marked) {
        return (found = correction(word.toLowerCase(), marked)) !== null;
      });
      if (found !== null) {
        delete terms[word];
        terms[found] = true;
      }
    });
  }

  Worker.prototype.addEventListener = function (type, listener) {
    var args = Array.prototype.slice.call(arguments);
    if (type === "message" && typeof listener === "function") {
      args[1] = function (event) {
        var message = event.data;
        if (message && message.type === RESULT && message.data && message.data.items) {
          message.data.items.forEach(function (group) { group.forEach(correctTerms); });
        }
        return listener.apply(this, arguments);
      };
    }
    return listen.apply(this, args);
  };
})();
