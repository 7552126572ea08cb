import { describe, expect, it } from 'vitest';
import { synthesise } from './synthesise.ts';

describe('templates', () => {
  it('pass CloudFormation validation', () => {
    expect(() => synthesise({}, { validate: true })).not.toThrow();
  });
});
