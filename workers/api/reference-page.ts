/**
 * The browsable API reference: Swagger UI (served from this Worker's static assets, so it works
 * offline) pointed at the generated OpenAPI document. No inline script.
 */
export const referencePage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Kefu API reference</title>
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="reference" data-spec="/api/v1/openapi.json"></div>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/vendor/swagger-ui/start.js"></script>
</body>
</html>
`;
