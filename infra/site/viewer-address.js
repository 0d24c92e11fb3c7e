// CloudFront Function (runtime cloudfront-js-2.0), viewer request of the distribution's /api/*
// behavior. Deployed from this file as is; infra/site/viewer-address.test.ts runs the same text.
//
// Behind CloudFront, API Gateway's sourceIp is the edge's address, shared by every visitor of that
// edge. The API's per-address limits (a public booking's unconfirmed holds) need the viewer's own:
// this sets x-viewer-address (shared/http/client-address.ts) from the connection CloudFront saw,
// replacing whatever the caller sent under that name, so it cannot be forged through CloudFront.
function handler(event) {
  var request = event.request;
  request.headers['x-viewer-address'] = { value: event.viewer.ip };
  return request;
}
