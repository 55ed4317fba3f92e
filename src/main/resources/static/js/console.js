// Console behaviour without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener('DOMContentLoaded', function () {
  // htmx sends the CSRF token taken from the page's meta tags on every non-GET request
  document.body.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });
});
