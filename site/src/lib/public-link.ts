/**
 * A product's public booking link (/book/<slug>/), the link name suggested from its name, and the
 * <iframe> snippet a business pastes into its own site. Pure: the page passes the site's origin.
 */

/** The longest link name the API takes (shared/api/availability.ts productSlug). */
export const SLUG_MAX_LENGTH = 60;

/**
 * A link name from a product's name, in the form the API takes (lower-case letters, digits, single
 * hyphens, at most 60, cut after a whole word): "Première consultation (1 h)" →
 * "premiere-consultation-1-h". Empty when nothing is left.
 */
export function suggestSlug(name: string): string {
  const whole = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (whole.length <= SLUG_MAX_LENGTH) return whole;
  // A long name is cut after a whole word where there is one to cut at.
  const cut = whole.slice(0, SLUG_MAX_LENGTH + 1);
  const lastWord = cut.lastIndexOf('-');
  return (lastWord > 0 ? cut.slice(0, lastWord) : cut.slice(0, SLUG_MAX_LENGTH)).replace(/-+$/, '');
}

export const publicLink = (origin: string, slug: string): string => `${origin}/book/${slug}/`;

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The booking page without the site's frame (?embed=1), full width, tall enough for the month and the day's times. */
export function embedSnippet(origin: string, slug: string, productName: string): string {
  const src = `${publicLink(origin, slug)}?embed=1`;
  return `<iframe src="${attribute(src)}" title="${attribute(`Prendre rendez-vous : ${productName}`)}" style="width:100%;min-height:760px;border:0" loading="lazy"></iframe>`;
}

/** A slug problem from the API (400 on body.slug, or the 409 of a link another product has) in plain English. */
export function slugProblem(status: number): string {
  return status === 409
    ? 'Another product already uses this link name: choose another.'
    : 'Use only lower-case letters (a–z), digits and single hyphens between them, such as first-consultation.';
}
