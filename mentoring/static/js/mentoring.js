// Small behaviours of our own pages; served from our static files (CSP allows no inline scripts).
document.addEventListener("submit", function (event) {
  const button = event.submitter;
  const message = button && button.dataset ? button.dataset.confirm : null;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
