/* 人员列表: GET /api/registry/persons page by page; the API already limits the rows to the
   user's region and masks what the user may not see, so the page shows data as given. ES5. */
(function () {
  var PAGE_SIZE = 20;
  var page = 1;
  var pages = 1;
  var regionsData = null;
  var tbody = LEX.byId("persons").getElementsByTagName("tbody")[0];

  function showError(text) {
    LEX.setText(LEX.byId("list-error"), text);
    LEX.show(LEX.byId("list-error"), !!text);
  }

  /* The API's times are UTC; the day shown is the browser's local one (China, UTC+8).
     Parsed by hand: old browsers' Date.parse rejects ISO times with microseconds. */
  function day(iso) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(iso || "");
    if (!m) { return iso ? String(iso).substring(0, 10) : ""; }
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
    function two(n) { return n < 10 ? "0" + n : String(n); }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function row(p) {
    var cells = [p.name, registryLabel("sex", p.sex), p.birth_date, p.id_number, p.phone,
                 LEX.regionLabel(regionsData, p.village_code || p.township_code),
                 registryLabel("education", p.education), registryLabel("status", p.status),
                 day(p.created_at)];
    var tr = LEX.el("tr"), i;
    for (i = 0; i < cells.length; i++) { tr.appendChild(LEX.el("td", null, cells[i])); }
    return tr;
  }

  function render(data) {
    var i;
    LEX.clear(tbody);
    if (!data.items.length) {
      tbody.appendChild(LEX.el("tr", null, LEX.el("td", { colSpan: 9, className: "muted" },
                                                  "暂无登记人员")));
    }
    for (i = 0; i < data.items.length; i++) { tbody.appendChild(row(data.items[i])); }
    pages = Math.max(1, Math.ceil(data.total / data.page_size));
    LEX.setText(LEX.byId("page-info"), "第 " + data.page + " / " + pages + " 页,共 " + data.total + " 人");
    LEX.byId("prev").disabled = data.page <= 1;
    LEX.byId("next").disabled = data.page >= pages;
  }

  function load() {
    showError("");
    LEX.api("GET", "/api/registry/persons?page=" + page + "&page_size=" + PAGE_SIZE, null,
      render, function (err) { showError(err.message); });
  }

  function start() {
    if (!LEX.requireToken()) { return; }
    LEX.byId("prev").onclick = function () { if (page > 1) { page -= 1; load(); } };
    LEX.byId("next").onclick = function () { if (page < pages) { page += 1; load(); } };
    LEX.byId("refresh").onclick = load;
    LEX.byId("print").onclick = function () { window.print(); };
    /* names of villages are nice to have; the list still shows if regions fail */
    LEX.regions(function (data) { regionsData = data; load(); }, function () { load(); });
  }

  start();
})();
