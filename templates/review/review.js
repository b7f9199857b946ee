/* The reviewer's edition: find a sentence on the page.
   Each paragraph, list item and heading the templates wrote carries
   data-src="<template>:<line>" (release/review/try_cases.py: mark_source). Typing a
   phrase lists the ones that hold it, each with that file and line and the
   figures it prints (its links into the figures appendix), and marks them on
   the page. Static: no server, nothing fetched. Without JavaScript the box
   stays hidden and the file and line still show above each paragraph. */
(function () {
  "use strict";
  var box = document.getElementById("rv-search");
  if (!box) { return; }
  var input = document.getElementById("rv-search-input");
  var count = document.getElementById("rv-search-count");
  var list = document.getElementById("rv-search-results");
  var SHOWN = 50;
  // What the reader sees of a paragraph: not the reviewer's notes, the
  // print-only copies or the footnote numbers.
  var NOT_TEXT = ".rv-note, .rv-side, .rv-call, .fn-print, sup";

  var items = Array.prototype.map.call(document.querySelectorAll("main [data-src]"), function (el, i) {
    if (!el.id) { el.id = "rv-src-" + (i + 1); }
    var copy = el.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(NOT_TEXT), function (n) { n.parentNode.removeChild(n); });
    var keys = [];
    Array.prototype.forEach.call(el.querySelectorAll("a[href^='#fig-']"), function (a) {
      var key = a.getAttribute("href").slice(5);
      if (keys.indexOf(key) < 0) { keys.push(key); }
    });
    var text = copy.textContent.replace(/\s+/g, " ").trim();
    return {el: el, text: text, lower: text.toLowerCase(), src: el.getAttribute("data-src"), keys: keys};
  });

  function said(n) {
    return n === 0 ? "No paragraph holds it" : n === 1 ? "1 paragraph holds it" : n + " paragraphs hold it";
  }

  function snippet(item, phrase) {
    // The paragraph's text with the phrase marked (every place it occurs).
    var p = document.createElement("p");
    var from = 0, at;
    while ((at = item.lower.indexOf(phrase, from)) >= 0) {
      p.appendChild(document.createTextNode(item.text.slice(from, at)));
      var mark = document.createElement("mark");
      mark.textContent = item.text.slice(at, at + phrase.length);
      p.appendChild(mark);
      from = at + phrase.length;
    }
    p.appendChild(document.createTextNode(item.text.slice(from)));
    return p;
  }

  function figures(item) {
    var p = document.createElement("p");
    p.className = "rv-search-figures";
    if (!item.keys.length) { p.textContent = "No figure printed here."; return p; }
    p.appendChild(document.createTextNode("Figures: "));
    item.keys.forEach(function (key, i) {
      if (i) { p.appendChild(document.createTextNode(", ")); }
      var a = document.createElement("a");
      a.href = "#fig-" + key;
      var code = document.createElement("code");
      code.textContent = key;
      a.appendChild(code);
      p.appendChild(a);
    });
    return p;
  }

  function show() {
    var phrase = input.value.replace(/\s+/g, " ").trim().toLowerCase();
    list.textContent = "";
    Array.prototype.forEach.call(document.querySelectorAll(".rv-hit"), function (el) { el.classList.remove("rv-hit"); });
    if (phrase.length < 2) { count.textContent = ""; return; }
    var hits = items.filter(function (item) { return item.lower.indexOf(phrase) >= 0; });
    count.textContent = said(hits.length) + (hits.length > SHOWN ? "; the first " + SHOWN + " are listed" : "") + ".";
    hits.forEach(function (item) { item.el.classList.add("rv-hit"); });
    hits.slice(0, SHOWN).forEach(function (item) {
      var li = document.createElement("li");
      var where = document.createElement("a");
      where.href = "#" + item.el.id;
      where.className = "rv-search-where";
      where.textContent = "templates/sections/" + item.src;
      li.appendChild(where);
      li.appendChild(snippet(item, phrase));
      li.appendChild(figures(item));
      list.appendChild(li);
    });
  }

  var wait = null;
  input.addEventListener("input", function () {
    // Announce the count once typing pauses, not at every key.
    window.clearTimeout(wait);
    wait = window.setTimeout(show, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; show(); }
  });
  box.hidden = false;
}());
