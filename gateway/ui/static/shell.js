/* The shell's one enhancement: the open page is kept in the address (?page=) so reload and
   the back button show it again. Without script the menu links still open pages in the
   frame. ES5 only. */
(function () {
  var menu = document.getElementById("menu-items");
  if (!menu || !window.history || !window.history.replaceState) { return; }
  menu.onclick = function (ev) {
    var target = ev.target || ev.srcElement;
    var links = menu.getElementsByTagName("a");
    var i;
    if (target.tagName !== "A") { return; }
    for (i = 0; i < links.length; i++) { links[i].className = links[i] === target ? "active" : ""; }
    window.history.replaceState(null, "", "/?page=" + encodeURIComponent(target.getAttribute("href")));
  };
})();
