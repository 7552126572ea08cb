import { describe, expect, it } from 'vitest';
import { searchTermOf } from '../../web/src/search-term.ts';

describe('what a clerk types in the guest search', () => {
  it.each([
    ['yu.wei@example.com', 'email'],
    ['+852 9123 4567', 'phone'],
    ['0066 2 659 9000', 'phone'],
    ['Yu', 'lastName'],
    ['de la Cruz', 'lastName'],
  ] as const)('reads %s as a search by %s', (typed, term) => {
    expect(searchTermOf(typed)).toBe(term);
  });
});
