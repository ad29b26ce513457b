import { describe, expect, it } from 'vitest'
import { parseFilterExpression, parseValueList } from './filter-expression'

describe('parseFilterExpression', () => {
  it('parses the supported forms', () => {
    expect(
      parseFilterExpression('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase", "click")'),
    ).toEqual({
      action: 'EXCLUDE',
      dataset: 'Interactions',
      field: 'EVENT_TYPE',
      negated: false,
      values: { kind: 'literal', list: ['purchase', 'click'] },
    })
    expect(parseFilterExpression('INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)')).toMatchObject({
      action: 'INCLUDE',
      dataset: 'Items',
      field: 'CATEGORY_L1',
      values: { kind: 'param', name: 'CATEGORY' },
    })
    expect(parseFilterExpression("exclude itemId where items.GENRE not in ('Horror', 3)")).toMatchObject({
      action: 'EXCLUDE',
      negated: true,
      values: { kind: 'literal', list: ['Horror', '3'] },
    })
  })

  it.each([
    ['EXCLUDE ActionID WHERE Interactions.EVENT_TYPE IN ("x")', "'ActionID': only ItemID filters"],
    ['REMOVE ItemID WHERE Items.A IN ("x")', "'REMOVE': an expression starts with EXCLUDE or INCLUDE"],
    [
      'EXCLUDE ItemID WHERE Users.AGE IN ("x")',
      "'Users.AGE': the emulator supports conditions on Interactions and Items only",
    ],
    ['EXCLUDE ItemID WHERE CurrentItem.GENRE IN ("x")', "'CurrentItem.GENRE'"],
    ['EXCLUDE ItemID WHERE Items.PRICE > 10', "'>': only IN and NOT IN are supported"],
    [
      'EXCLUDE ItemID WHERE Interactions.ITEM_ID IN ("x")',
      "'Interactions.ITEM_ID': interactions filters match on EVENT_TYPE only",
    ],
    ['INCLUDE ItemID WHERE Items.A NOT IN ($P)', "'NOT IN ($P)': placeholders cannot be used with NOT IN"],
    [
      'INCLUDE ItemID WHERE Items.A IN ("x") AND Items.B IN ("y")',
      '\'AND Items.B IN ("y")\': AND, OR, IF and chained expressions are not supported',
    ],
    [
      'INCLUDE ItemID WHERE Items.A IN ("x") IF CurrentUser.AGE = $AGE',
      "'IF CurrentUser.AGE = $AGE': AND, OR, IF",
    ],
    ['INCLUDE ItemID WHERE Items.A IN (x)', "'(x)': values must be quoted strings or numbers, or one $PARAM"],
  ])('refuses %s naming the part', (expression, part) => {
    expect(() => parseFilterExpression(expression)).toThrow(part)
  })
})

describe('parseValueList', () => {
  it('reads quoted, escaped and numeric values; undefined when malformed', () => {
    expect(parseValueList('"tea","coffee"')).toEqual(['tea', 'coffee'])
    expect(parseValueList(' "a \\" b" , 2.5 ')).toEqual(['a " b', '2.5'])
    expect(parseValueList('tea')).toBeUndefined()
    expect(parseValueList('"a" "b"')).toBeUndefined()
  })
})
