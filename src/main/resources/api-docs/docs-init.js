// Starts Swagger UI on /api/docs. Kept out of the page because the page's Content-Security-Policy forbids inline
// script. The document's URL is relative to /api/docs, so the page works behind a path prefix too.
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('openapi.json', window.location.href).toString(),
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // the bearer token typed into "Authorize" lives only as long as the tab
    persistAuthorization: false
  });
});
