/* 人员登记: fills the region selects with the user's own region only, posts JSON to
   /api/registry/persons and shows the API's field errors next to each field. ES5 only. */
(function () {
  var FIELDS = ["name", "id_number", "phone", "township_code", "village_code", "education",
                "health", "marital_status", "skills", "job_intention", "training_intention"];
  var OPTIONAL_SELECTS = ["education", "health", "marital_status"];
  var form = LEX.byId("person-form");
  var formError = LEX.byId("form-error");
  var success = LEX.byId("success");
  var button = LEX.byId("submit");
  var regionsData = null;
  var user = null;

  function trim(s) { return s.replace(/^\s+|\s+$/g, ""); }

  function option(value, text) { return LEX.el("option", { value: value }, text); }

  function fillSelect(select, items, placeholder) {
    var i;
    LEX.clear(select);
    if (placeholder) { select.appendChild(option("", placeholder)); }
    for (i = 0; i < items.length; i++) { select.appendChild(option(items[i][0], items[i][1])); }
  }

  function pairs(list) {
    var out = [], i;
    for (i = 0; i < list.length; i++) { out.push([list[i].code, list[i].name]); }
    return out;
  }

  function fillVillages() {
    var code = LEX.byId("township_code").value;
    var found = LEX.findRegion(regionsData, code);
    var villages = found ? LEX.villagesFor(found.township, user) : [];
    fillSelect(LEX.byId("village_code"), pairs(villages), villages.length === 1 ? null : "请选择村");
  }

  function fillRegions() {
    var towns = LEX.townshipsFor(regionsData, user);
    fillSelect(LEX.byId("township_code"), pairs(towns), towns.length === 1 ? null : "请选择乡镇");
    fillVillages();
    if (!towns.length) { showFormError("您的账号没有可登记的辖区,请联系县劳务办。"); }
  }

  function showFormError(text) {
    LEX.setText(formError, text);
    LEX.show(formError, !!text);
  }

  function clearErrors() {
    var i;
    showFormError("");
    for (i = 0; i < FIELDS.length; i++) {
      LEX.setText(LEX.byId("error-" + FIELDS[i]), "");
      LEX.byId("field-" + FIELDS[i]).className = "field";
    }
  }

  /* An unchosen select reads better as "请选择…" than as the API's code-format rule. */
  var CHOOSE = { township_code: "请选择乡镇", village_code: "请选择村" };

  /* error.fields keys are field names, or "skills.0" for an item of a list. */
  function showErrors(err) {
    var leftover = [], key, name, first = null;
    for (key in err.fields) {
      if (!err.fields.hasOwnProperty(key)) { continue; }
      name = key.split(".")[0];
      if (LEX.byId("error-" + name)) {
        LEX.setText(LEX.byId("error-" + name),
                    CHOOSE[name] && !LEX.byId(name).value ? CHOOSE[name] : err.fields[key]);
        LEX.byId("field-" + name).className = "field has-error";
        if (!first) { first = name; }
      } else {
        leftover.push(key + ":" + err.fields[key]);
      }
    }
    showFormError(err.message + (leftover.length ? "(" + leftover.join(";") + ")" : ""));
    if (first) { LEX.byId(first).focus(); }
  }

  function collect() {
    var body = {}, i, value, skills;
    var required = ["name", "id_number", "phone", "township_code", "village_code"];
    for (i = 0; i < required.length; i++) {
      body[required[i]] = trim(LEX.byId(required[i]).value);
    }
    body.id_number = body.id_number.toUpperCase();
    for (i = 0; i < OPTIONAL_SELECTS.length; i++) {
      value = LEX.byId(OPTIONAL_SELECTS[i]).value;
      if (value) { body[OPTIONAL_SELECTS[i]] = value; }
    }
    skills = trim(LEX.byId("skills").value);
    if (skills) {
      body.skills = [];
      skills = skills.split(/[,,、;;\s]+/);
      for (i = 0; i < skills.length; i++) { if (skills[i]) { body.skills.push(skills[i]); } }
    }
    value = trim(LEX.byId("job_intention").value);
    if (value) { body.job_intention = value; }
    value = trim(LEX.byId("training_intention").value);
    if (value) { body.training_intention = value; }
    return body;
  }

  function showCreated(p) {
    var tbody = LEX.byId("created").getElementsByTagName("tbody")[0];
    var rows = [
      ["姓名", p.name], ["身份证号", p.id_number], ["性别", registryLabel("sex", p.sex)],
      ["出生日期", p.birth_date], ["手机号", p.phone],
      ["乡镇 / 村", LEX.regionLabel(regionsData, p.village_code)],
      ["文化程度", registryLabel("education", p.education)],
      ["状态", registryLabel("status", p.status)], ["档案编号", p.id]
    ];
    var i;
    LEX.clear(tbody);
    for (i = 0; i < rows.length; i++) {
      tbody.appendChild(LEX.el("tr", null, [LEX.el("th", null, rows[i][0]),
                                            LEX.el("td", null, rows[i][1])]));
    }
    LEX.show(success, true);
  }

  /* Keep 乡镇/村 after a success: the next person is usually from the same village. */
  function clearPersonFields() {
    var keep = { township_code: true, village_code: true }, i;
    for (i = 0; i < FIELDS.length; i++) {
      if (!keep[FIELDS[i]]) { LEX.byId(FIELDS[i]).value = ""; }
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearErrors();
    LEX.show(success, false);
    button.disabled = true;
    LEX.api("POST", "/api/registry/persons", collect(), function (person) {
      button.disabled = false;
      showCreated(person);
      clearPersonFields();
      LEX.byId("name").focus();
    }, function (err) {
      button.disabled = false;
      showErrors(err);
    });
  });

  form.addEventListener("reset", function () {
    clearErrors();
    LEX.show(success, false);
    window.setTimeout(fillVillages, 0);  /* after the browser has reset the selects */
  });

  function start() {
    if (!LEX.requireToken()) { return; }
    var i;
    for (i = 0; i < OPTIONAL_SELECTS.length; i++) {
      fillSelect(LEX.byId(OPTIONAL_SELECTS[i]), REGISTRY_LABELS[OPTIONAL_SELECTS[i]], "(不填)");
    }
    LEX.byId("township_code").onchange = fillVillages;
    button.disabled = true;  /* until the regions are in the selects */
    LEX.me(function (me) {
      user = me;
      LEX.regions(function (data) {
        regionsData = data;
        fillRegions();
        button.disabled = false;
      }, function (err) { showFormError("无法加载区划:" + err.message); });
    }, function (err) { showFormError("无法获取当前用户:" + err.message); });
  }

  start();
})();
