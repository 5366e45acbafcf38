/* Starts Swagger UI on /api/docs from the settings the page carries as JSON (no
   inline script), sending the CSRF token with requests when the session is used. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  if (csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    };
  }
  window.ui = SwaggerUIBundle(config);
})();
