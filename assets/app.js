// "Copy link" controls: copy the address of a field, plan or diagnostic so a reviewer can share it.
// Without JavaScript (or clipboard access) the control is still a plain link to the anchor.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.copy-link") : null;
  if (!link) return;
  var url = new URL(link.getAttribute("href"), window.location.href).href;
  if (!navigator.clipboard || !window.isSecureContext) return; // follow the link instead
  event.preventDefault();
  navigator.clipboard.writeText(url).then(function () {
    link.setAttribute("data-copied", "true");
    link.setAttribute("title", "Link copied");
    window.history.replaceState(null, "", link.hash);
  }, function () {
    window.location.hash = link.hash;
  });
});
