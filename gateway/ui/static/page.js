/* Small behaviours shared by every server-rendered page, attached here rather than inline
   (the Content-Security-Policy runs no inline handlers). ES5 only; pages work without it:
   a print button then does nothing, a confirmed action posts without asking. */
(function () {
  function closest(node, attribute) {
    while (node && node.getAttribute) {
      if (node.getAttribute(attribute) !== null) { return node; }
      node = node.parentNode;
    }
    return null;
  }

  function onClick(ev) {
    if (closest(ev.target || ev.srcElement, "data-print")) { window.print(); }
  }

  /* <form data-confirm="确定退回吗?">: ask before a workflow action is posted */
  function onSubmit(ev) {
    var form = closest(ev.target || ev.srcElement, "data-confirm");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      if (ev.preventDefault) { ev.preventDefault(); }
      ev.returnValue = false;
    }
  }

  if (document.addEventListener) {
    document.addEventListener("click", onClick, false);
    document.addEventListener("submit", onSubmit, true);
  }
})();
