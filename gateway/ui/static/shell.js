/* The shell: who is logged in, the menu of that role's pages, and the page frame.
   The open page is kept in the address's #hash so reload and the back button work.
   ES5 only. */
(function () {
  var frame = LEX.byId("content-frame");
  var message = LEX.byId("shell-message");
  var menu = [];

  function showMessage(text) {
    LEX.setText(message, text);
    LEX.show(message, true);
    LEX.show(frame, false);
  }

  function menuUrl(url) {
    var i;
    for (i = 0; i < menu.length; i++) {
      if (menu[i].url === url) { return url; }
    }
    return null;  /* only the role's own pages may be framed, whatever the #hash says */
  }

  function markActive(url) {
    var links = LEX.byId("menu-items").getElementsByTagName("a");
    var i;
    for (i = 0; i < links.length; i++) {
      links[i].className = links[i].getAttribute("href") === url ? "active" : "";
    }
  }

  function openPage(url) {
    url = menuUrl(url);
    if (!url) { return; }
    LEX.show(message, false);
    LEX.show(frame, true);
    if (frame.getAttribute("src") !== url) { frame.setAttribute("src", url); }
    markActive(url);
  }

  function renderMenu(role) {
    var list = LEX.byId("menu-items");
    var i;
    menu = LEX_MENUS[role] || [];
    LEX.clear(list);
    for (i = 0; i < menu.length; i++) {
      list.appendChild(LEX.el("li", null,
        LEX.el("a", { href: menu[i].url, target: "content" }, menu[i].title)));
    }
    list.onclick = function (ev) {
      var target = ev.target || ev.srcElement;
      if (target.tagName !== "A") { return; }
      if (ev.preventDefault) { ev.preventDefault(); }
      window.location.hash = target.getAttribute("href");
      openPage(target.getAttribute("href"));
      return false;
    };
  }

  function renderHeader(user) {
    LEX.setText(LEX.byId("user-name"), user.display_name || user.username);
    LEX.setText(LEX.byId("user-role"), LEX_ROLE_NAMES[user.role] || user.role);
    var dept = LEX.byId("user-department");
    LEX.setText(dept, user.department ? (LEX_DEPARTMENT_NAMES[user.department] || user.department) : "");
    LEX.show(dept, !!user.department);
    LEX.show(LEX.byId("who"), true);
    LEX.regions(function (data) {
      LEX.setText(LEX.byId("user-region"), LEX.regionLabel(data, user.region_code));
    }, function () {
      LEX.setText(LEX.byId("user-region"), user.region_code || "");
    });
  }

  function start() {
    if (!LEX.requireToken()) { return; }
    LEX.byId("logout").onclick = function () {
      LEX.clearToken();
      window.location.href = "/login";
    };
    LEX.me(function (user) {
      renderHeader(user);
      renderMenu(user.role);
      if (!menu.length) {
        showMessage("您的角色暂无可用的功能页面。");
        return;
      }
      openPage(menuUrl(window.location.hash.substring(1)) || menu[0].url);
      window.onhashchange = function () { openPage(window.location.hash.substring(1)); };
    }, function (err) {
      showMessage("无法获取当前用户:" + err.message);
    });
  }

  start();
})();
