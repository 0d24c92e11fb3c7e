/**
 * How every search of the product compares text: lower case without accents, so "chloe" finds
 * "Chloé" and "CHLOÉ" alike (as people type on a phone without accents). Stored search text and the
 * query are both folded this way.
 */
export const foldForSearch = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
