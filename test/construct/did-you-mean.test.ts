import { closest, didYouMean, editDistance, maxTypoDistance } from '../../src/construct/validation/did-you-mean';

describe('editDistance (Levenshtein)', () => {
  test.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1], // a substitution
    ['abc', 'abcd', 1], // an insertion
    ['abcd', 'abc', 1], // a deletion
    ['ab', 'ba', 2], // a swap is two edits
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['api/task.write', 'api/tasks.write', 1],
    ['tasks.write', 'api/tasks.write', 4],
  ])('%j → %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest: a likely typo of a declared name', () => {
  test.each([
    ['abc', 2],
    ['admins', 2],
    ['api/tasks.writ', 4],
    ['a'.repeat(30), 10],
  ])('the largest distance taken for %j is %d', (value, max) => {
    expect(maxTypoDistance(value)).toBe(max);
  });

  test('picks the closest candidate, the first of equally close ones', () => {
    expect(closest('api/task.write', ['api/tasks.read', 'api/tasks.write'])).toBe('api/tasks.write');
    expect(closest('ab', ['ax', 'ay'])).toBe('ax');
    expect(closest('admin', ['admin', 'admins'])).toBe('admin');
  });

  test('suggests nothing when every candidate is too far', () => {
    expect(closest('billing', ['admin', 'support'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
    // 3 edits for 6 characters: more than max(2, 6/3).
    expect(closest('abcdef', ['abcxyz'])).toBeUndefined();
    expect(closest('abcdef', ['abcdyz'])).toBe('abcdyz');
  });

  test('an alias (a scope\'s short name) counts as a spelling of its candidate', () => {
    const shortName = (scope: string) => [scope.slice(scope.indexOf('/') + 1)];
    expect(closest('tasks.write', ['api/tasks.read', 'api/tasks.write'])).toBeUndefined();
    expect(closest('tasks.write', ['api/tasks.read', 'api/tasks.write'], shortName)).toBe('api/tasks.write');
  });

  test('didYouMean words the suggestion, or gives the fallback', () => {
    expect(didYouMean('admins', ['admin'], '; add it.')).toBe('; did you mean "admin"?');
    expect(didYouMean('billing', ['admin'], '; add it.')).toBe('; add it.');
    expect(didYouMean('a', ['api/a'], '; add it.', (c) => [c.slice(4)])).toBe('; did you mean "api/a"?');
  });
});
