// Starts Swagger UI on the element that names the OpenAPI document (kept out of the page: no inline script).
const target = document.getElementById("reference");
window.SwaggerUIBundle({ url: target.dataset.spec, domNode: target, deepLinking: true, persistAuthorization: true });
