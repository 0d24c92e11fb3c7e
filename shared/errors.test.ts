import { describe, expect, it } from 'vitest';
import { productionBundle } from '../test/helpers/production-bundle.ts';
import * as sources from './errors.ts';

describe('the domain errors in a production bundle (minified, names not kept)', () => {
  it('keep the names the logs show', async () => {
    const bundle = await productionBundle('shared/errors.ts');
    const bundled = await bundle.load();
    bundle.remove();
    const classes = Object.entries(sources).filter(([, value]) => typeof value === 'function' && value !== sources.DomainError);
    expect(classes.length).toBeGreaterThan(10);
    for (const [name] of classes) {
      const ErrorClass = bundled[name] as new (message?: string) => Error;
      expect(new ErrorClass('x').name, name).toBe(name);
    }
  });
});
