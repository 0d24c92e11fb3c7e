// CloudFront Function (runtime cloudfront-js-2.0), viewer request of the site's default behavior.
// Deployed from this file as is; infra/site/rewrite.test.ts runs the same text. Plain script, no
// exports: CloudFront calls the global `handler`.
//
// S3 has no index documents, and Astro builds directory-style pages (/signin/index.html), so
// /signin and /signin/ both map to /signin/index.html. An appointment's detail page is ONE static
// page that reads the id from the address: /dashboard/appointments/<uuid> and
// /admin/appointments/<uuid> map to .../appointments/view/index.html. A public product's link is
// one page too: /book/<slug>/ maps to /book/view/index.html, apart from the booking's own pages
// (/book/confirm/, /book/manage/, /book/view/; shared/api/availability.ts refuses those slugs).
// Files (a dot in the last segment) pass through; a missing one is S3's 404, which the
// distribution answers with /404.html.
var DETAIL_PAGE = /^\/(dashboard|admin)\/appointments\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/?$/i;
var PRODUCT_PAGE = /^\/book\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;
var BOOKING_PAGES = /^(confirm|manage|view)$/;

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var detail = DETAIL_PAGE.exec(uri);
  var product = PRODUCT_PAGE.exec(uri);
  if (detail) {
    request.uri = '/' + detail[1].toLowerCase() + '/appointments/view/index.html';
  } else if (product && !BOOKING_PAGES.test(product[1])) {
    request.uri = '/book/view/index.html';
  } else if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + 'index.html';
  } else if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}
