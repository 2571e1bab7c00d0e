/* Shared helpers for the shell and every service page served through the gateway.
   ES5 only (var, function, XMLHttpRequest): the county's PCs run old browsers. */
var LEX = (function () {
  var TOKEN_KEY = "lex.token";
  var regionsCache = null;

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function token() {
    var s = storage();
    return s ? s.getItem(TOKEN_KEY) : null;
  }

  function setToken(value) {
    var s = storage();
    if (s) { s.setItem(TOKEN_KEY, value); }
  }

  function clearToken() {
    var s = storage();
    if (s) { s.removeItem(TOKEN_KEY); }
  }

  /* A page inside the shell's frame sends the whole window to the login page. */
  function toLogin() {
    clearToken();
    var target = window.top || window;
    target.location.href = "/login";
  }

  /* done(status, parsedBodyOrNull); status 0 when the server could not be reached. */
  function request(method, url, body, done) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    xhr.setRequestHeader("Accept", "application/json");
    var t = token();
    if (t) { xhr.setRequestHeader("Authorization", "Bearer " + t); }
    if (body !== null && body !== undefined) {
      xhr.setRequestHeader("Content-Type", "application/json");
    }
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) { return; }
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      done(xhr.status, data);
    };
    xhr.send(body === null || body === undefined ? null : JSON.stringify(body));
  }

  /* The API's error shape {error: {code, message, fields}}, or a Chinese stand-in. */
  function errorOf(status, data) {
    if (data && data.error) {
      return { code: data.error.code, message: data.error.message || "请求失败",
               fields: data.error.fields || {}, status: status };
    }
    if (status === 0) {
      return { code: "network", message: "无法连接服务器,请检查网络后重试", fields: {}, status: 0 };
    }
    return { code: "http_" + status, message: "请求失败(" + status + "),请稍后再试",
             fields: {}, status: status };
  }

  /* Calls the API with the token; 401 means the login is gone, so back to the login page. */
  function api(method, url, body, ok, fail) {
    request(method, url, body, function (status, data) {
      if (status >= 200 && status < 300) { ok(data); return; }
      if (status === 401) { toLogin(); return; }
      if (fail) { fail(errorOf(status, data)); }
    });
  }

  function requireToken() {
    if (!token()) { toLogin(); return false; }
    return true;
  }

  function byId(id) { return document.getElementById(id); }

  function setText(el, value) {
    var s = value === null || value === undefined ? "" : String(value);
    if ("textContent" in el) { el.textContent = s; } else { el.innerText = s; }
  }

  /* el("td", {className: "n"}, ["text", childNode]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    var k, i;
    if (props) {
      for (k in props) {
        if (props.hasOwnProperty(k)) { node[k] = props[k]; }
      }
    }
    if (children !== undefined && children !== null) {
      if (!(children instanceof Array)) { children = [children]; }
      for (i = 0; i < children.length; i++) {
        if (children[i] === null || children[i] === undefined) { continue; }
        node.appendChild(typeof children[i] === "object" ? children[i]
                         : document.createTextNode(String(children[i])));
      }
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function show(node, visible) { node.style.display = visible ? "" : "none"; }

  /* Public list of townships and villages, fetched once per page. */
  function regions(ok, fail) {
    if (regionsCache) { ok(regionsCache); return; }
    api("GET", "/api/registry/regions", null, function (data) {
      regionsCache = data;
      ok(data);
    }, fail);
  }

  function me(ok, fail) { api("GET", "/api/auth/me", null, ok, fail); }

  /* code -> {township: {...}, village: {...}|null}; county code or unknown -> null */
  function findRegion(data, code) {
    var i, j, t;
    if (!data || !code) { return null; }
    for (i = 0; i < data.townships.length; i++) {
      t = data.townships[i];
      if (t.code === code) { return { township: t, village: null }; }
      for (j = 0; j < t.villages.length; j++) {
        if (t.villages[j].code === code) { return { township: t, village: t.villages[j] }; }
      }
    }
    return null;
  }

  function regionLabel(data, code) {
    var found = findRegion(data, code);
    if (!found) { return data && data.county ? data.county.name : ""; }
    return found.village ? found.township.name + " " + found.village.name : found.township.name;
  }

  /* Townships this user may work in: its own for township and village roles, else all. */
  function townshipsFor(data, user) {
    var found;
    if (user.role === "township_staff" || user.role === "village_liaison") {
      found = findRegion(data, user.region_code);
      return found ? [found.township] : [];
    }
    return data.townships;
  }

  function villagesFor(township, user) {
    var i, out = [];
    if (user.role !== "village_liaison") { return township.villages; }
    for (i = 0; i < township.villages.length; i++) {
      if (township.villages[i].code === user.region_code) { out.push(township.villages[i]); }
    }
    return out;
  }

  return {
    token: token, setToken: setToken, clearToken: clearToken, toLogin: toLogin,
    request: request, errorOf: errorOf, api: api, requireToken: requireToken,
    byId: byId, setText: setText, el: el, clear: clear, show: show,
    regions: regions, me: me, findRegion: findRegion, regionLabel: regionLabel,
    townshipsFor: townshipsFor, villagesFor: villagesFor
  };
})();
