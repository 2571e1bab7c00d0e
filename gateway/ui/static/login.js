/* Login: POST /api/auth/login, keep the token in sessionStorage (gone when the tab closes),
   show the API's own Chinese message on failure (wrong password, 429 lockout). ES5 only. */
(function () {
  var form = LEX.byId("login");
  var errorBox = LEX.byId("login-error");
  var button = LEX.byId("login-submit");

  function showError(message) {
    LEX.setText(errorBox, message);
    LEX.show(errorBox, !!message);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var username = LEX.byId("username").value.replace(/^\s+|\s+$/g, "");
    var password = LEX.byId("password").value;
    if (!username || !password) {
      showError(!username ? "请输入用户名" : "请输入密码");
      return;
    }
    showError("");
    button.disabled = true;
    LEX.request("POST", "/api/auth/login", { username: username, password: password },
      function (status, data) {
        button.disabled = false;
        if (status === 200 && data && data.access_token) {
          LEX.setToken(data.access_token);
          window.location.href = "/";
          return;
        }
        showError(LEX.errorOf(status, data).message);
        LEX.byId("password").value = "";
        LEX.byId("password").focus();
      });
  });
})();
