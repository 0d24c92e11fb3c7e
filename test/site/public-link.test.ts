import { describe, expect, it } from 'vitest';
import { productSlug } from '../../shared/api/availability.ts';
import { embedSnippet, publicLink, suggestSlug } from '../../site/src/lib/public-link.ts';

describe('a product’s public link', () => {
  it('suggests a link name the API takes, from any name', () => {
    const cases: Array<[string, string]> = [
      ['Première consultation (1 h)', 'premiere-consultation-1-h'],
      ['  Bilan -- express!  ', 'bilan-express'],
      ['Cœur & Âme', 'coeur-ame'],
      ['Ωμέγα', ''],
      ['a'.repeat(59) + ' b', 'a'.repeat(59)],
      ['a'.repeat(70), 'a'.repeat(60)],
      ['Séance avec un nom vraiment très long pour voir comment le lien se comporte', 'seance-avec-un-nom-vraiment-tres-long-pour-voir-comment-le'],
    ];
    for (const [name, slug] of cases) {
      expect(suggestSlug(name), name).toBe(slug);
      if (slug) expect(productSlug.safeParse(slug).success, slug).toBe(true);
    }
  });

  it('builds the link and an iframe snippet whose attributes cannot be broken by the name', () => {
    expect(publicLink('https://rdv.example', 'bilan')).toBe('https://rdv.example/book/bilan/');
    const snippet = embedSnippet('https://rdv.example', 'bilan', 'Bilan "express" <b>&</b>');
    expect(snippet).toBe(
      '<iframe src="https://rdv.example/book/bilan/?embed=1" title="Prendre rendez-vous : Bilan &quot;express&quot; &lt;b&gt;&amp;&lt;/b&gt;" style="width:100%;min-height:760px;border:0" loading="lazy"></iframe>',
    );
  });
});
