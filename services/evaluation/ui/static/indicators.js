/* 指标统计: registrations per township for a year, as a table with plain CSS bars.
   Township names come from the registry's public region list. ES5 only. */
(function () {
  var tbody = LEX.byId("indicators").getElementsByTagName("tbody")[0];
  var tfoot = LEX.byId("indicators").getElementsByTagName("tfoot")[0];
  var regionsData = null;
  var user = null;

  function showError(text) {
    LEX.setText(LEX.byId("error"), text);
    LEX.show(LEX.byId("error"), !!text);
  }

  function bar(value, max) {
    if (!value) { return LEX.el("div", { className: "bar zero", title: "0" }); }
    var node = LEX.el("div", { className: "bar", title: String(value) });
    node.style.width = Math.max(1, Math.round(value / max * 100)) + "%";
    return node;
  }

  /* One row per township the user may see (all for county roles), zero where none yet. */
  function rowsFor(data) {
    var counts = {}, seen = {}, rows = [], towns, i, code;
    for (i = 0; i < data.townships.length; i++) {
      counts[data.townships[i].township_code] = data.townships[i].registered;
    }
    towns = LEX.townshipsFor(regionsData, user);
    for (i = 0; i < towns.length; i++) {
      seen[towns[i].code] = true;
      rows.push({ code: towns[i].code, name: towns[i].name, registered: counts[towns[i].code] || 0 });
    }
    for (code in counts) {  /* a township the region list does not know: show its code */
      if (counts.hasOwnProperty(code) && !seen[code]) {
        rows.push({ code: code, name: code, registered: counts[code] });
      }
    }
    return rows;
  }

  function render(data) {
    var rows = rowsFor(data), max = 0, i, tr;
    for (i = 0; i < rows.length; i++) { max = Math.max(max, rows[i].registered); }
    LEX.clear(tbody);
    LEX.clear(tfoot);
    for (i = 0; i < rows.length; i++) {
      tr = LEX.el("tr", null, [LEX.el("td", { className: "township" }, rows[i].name),
                               LEX.el("td", { className: "num registered" }, rows[i].registered),
                               LEX.el("td", null, bar(rows[i].registered, max))]);
      tr.setAttribute("data-township", rows[i].code);
      tbody.appendChild(tr);
    }
    if (!rows.length) {
      tbody.appendChild(LEX.el("tr", null, LEX.el("td", { colSpan: 3, className: "muted" }, "暂无数据")));
    }
    tfoot.appendChild(LEX.el("tr", null, [LEX.el("th", null, "合计"),
                                          LEX.el("th", { className: "num", id: "total" }, data.totals.registered),
                                          LEX.el("th")]));
    LEX.setText(LEX.byId("title-year"), data.year + " 年");
  }

  function load() {
    var year = LEX.byId("year").value;
    showError("");
    if (!/^\d{4}$/.test(year)) { showError("请输入四位年份,如 2024"); return; }
    LEX.api("GET", "/api/evaluation/indicators?year=" + year, null, render,
      function (err) { showError(err.message); });
  }

  function start() {
    if (!LEX.requireToken()) { return; }
    LEX.byId("year-form").onsubmit = function (ev) {
      if (ev && ev.preventDefault) { ev.preventDefault(); }
      load();
      return false;
    };
    LEX.byId("refresh").onclick = load;
    LEX.byId("print").onclick = function () { window.print(); };
    LEX.me(function (me) {
      user = me;
      LEX.regions(function (data) { regionsData = data; load(); }, function () {
        regionsData = { county: null, townships: [] };  /* counts still show, by code */
        load();
      });
    }, function (err) { showError("无法获取当前用户:" + err.message); });
  }

  start();
})();
