import { App, Stack } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { GRANTS } from '../functions/manifest.ts';
import { GRANT_BINDERS, applyGrants } from './grants.ts';

const fn = () => {
  const stack = new Stack(new App(), 'Test');
  return { stack, fn: new LambdaFunction(stack, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') }) };
};

describe('applyGrants', () => {
  it('has a binder for every kind of grant the manifest can declare', () => {
    expect(Object.keys(GRANT_BINDERS).sort()).toEqual([...GRANTS].sort());
  });

  it('stops the synth when a function declares a grant its stack has nothing to grant it on', () => {
    for (const grant of GRANTS) {
      const { stack, fn: target } = fn();
      expect(() => applyGrants(stack, target, { grants: [grant] }, {}), grant).toThrow(new RegExp(`manifest grants ${grant}`));
    }
  });
});
