// partake's HTML report: sorts and pages the programs table. The page reads fine
// without it (every row shown); it is allowed to run by its hash in the page's
// Content-Security-Policy, so no other script can.
(function () {
  "use strict";
  var body = document.body;
  var errors = [];
  // Script errors and what was drawn are written onto <body>, so a headless
  // browser (the test suite's) can read them back from the DOM.
  window.addEventListener("error", function (e) {
    errors.push(String(e.message));
    body.setAttribute("data-errors", errors.join(" | "));
  });

  var table = document.getElementById("programs-table");
  if (table) {
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var size = parseInt(table.getAttribute("data-page-size"), 10) || 50;
    var pager = document.getElementById("pager");
    var prev = pager.querySelector("[data-prev]");
    var next = pager.querySelector("[data-next]");
    var status = pager.querySelector("[data-status]");
    var page = 0;
    var show = function () {
      var pages = Math.max(1, Math.ceil(rows.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      rows.forEach(function (row, i) {
        row.classList.toggle("off", Math.floor(i / size) !== page);
      });
      status.textContent = "page " + (page + 1) + " of " + pages;
      prev.disabled = page === 0;
      next.disabled = page === pages - 1;
    };
    var key = function (row, col, numeric) {
      var cell = row.cells[col];
      var text = cell.getAttribute("data-v");
      if (text === null) {
        text = cell.textContent;
      }
      return numeric ? parseFloat(text) || 0 : text.toLowerCase();
    };
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = th.querySelector("button");
      if (!button) {
        return;
      }
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "num";
        // Numbers sort high to low first, text A to Z; a second click reverses.
        var descending = th.getAttribute("aria-sort") === "none" || !th.hasAttribute("aria-sort")
          ? numeric
          : th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.sort(function (a, b) {
          var x = key(a, col, numeric);
          var y = key(b, col, numeric);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return descending ? -order : order;
        });
        rows.forEach(function (row) {
          tbody.appendChild(row);
        });
        page = 0;
        show();
      });
    });
    prev.addEventListener("click", function () {
      page -= 1;
      show();
    });
    next.addEventListener("click", function () {
      page += 1;
      show();
    });
    if (rows.length > size) {
      pager.hidden = false;
    }
    show();
  }

  var drawn = 0;
  Array.prototype.forEach.call(document.querySelectorAll("svg.radar"), function (radar) {
    var web = radar.querySelector(".web.outer");
    var shape = radar.querySelector(".shape");
    if (web && shape && web.getBBox().width > 0) {
      drawn += 1;
    }
  });
  body.setAttribute("data-radars-drawn", String(drawn));
  body.setAttribute("data-scripts", String(document.scripts.length));
})();
