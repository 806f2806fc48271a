// Searches the site's index (search-index.js sets window.AETHEREDGE_SEARCH_INDEX): every word
// typed must appear in an entry's title or text; title matches rank first. Results are built
// with textContent only, so nothing from the index is ever parsed as HTML.
(function () {
  "use strict";
  var index = window.AETHEREDGE_SEARCH_INDEX || [];
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !results || !status) { return; }
  var LIMIT = 100;
  var haystacks = index.map(function (e) {
    return { title: e.title.toLowerCase(), all: (e.title + " " + e.text).toLowerCase() };
  });

  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var found = [];
    if (words.length === 0) { return found; }
    for (var i = 0; i < index.length; i++) {
      var h = haystacks[i];
      var score = 0;
      var all = true;
      for (var j = 0; j < words.length; j++) {
        if (h.title.indexOf(words[j]) >= 0) { score += 2; }
        else if (h.all.indexOf(words[j]) >= 0) { score += 1; }
        else { all = false; break; }
      }
      if (all) { found.push({ entry: index[i], score: score, order: i }); }
    }
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found;
  }

  function show(query) {
    var found = search(query);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    found.slice(0, LIMIT).forEach(function (f) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = f.entry.kind;
      var a = document.createElement("a");
      a.href = f.entry.url;
      a.textContent = f.entry.title;
      var text = document.createElement("small");
      text.textContent = f.entry.text.slice(0, 160);
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      li.appendChild(document.createElement("br"));
      li.appendChild(text);
      results.appendChild(li);
    });
    if (!query.trim()) { status.textContent = ""; }
    else if (found.length === 0) { status.textContent = "No results for \u201c" + query + "\u201d."; }
    else if (found.length > LIMIT) { status.textContent = found.length + " results; the first " + LIMIT + " are shown."; }
    else { status.textContent = found.length + (found.length === 1 ? " result." : " results."); }
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  show(input.value);
  input.addEventListener("input", function () { show(input.value); });
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
}());
