import { describe, expect, it } from 'vitest';
import { MAX_BUILDS, MAX_SHAPES, MessageShapes } from './message-shapes.js';

describe('MessageShapes', () => {
  const names = ['Event', 'Channel', 'Cause'];

  it('gets a builder once the same names came twice in a row, and the builder writes them in order', () => {
    const shapes = new MessageShapes();
    shapes.learn(names, 3, 'Hangup');
    const shape = shapes.find('Event', 'Hangup')!;
    expect(shape.build).toBeUndefined();
    shapes.learn(names, 3, 'Hangup');
    expect(shape.build).toBeDefined();
    const built = shape.build!(['Hangup', 'SIP/1', '16']);
    expect(built).toEqual({ Event: 'Hangup', Channel: 'SIP/1', Cause: '16' });
    expect(Object.keys(built)).toEqual(names);
  });

  it('keeps the shape of a kind whose optional headers vary now and then; a lasting change replaces it', () => {
    const shapes = new MessageShapes();
    const usual = ['Event', 'Channel', 'Cause'];
    const other = ['Event', 'Channel'];
    shapes.learn(usual, 3, 'Hangup');
    shapes.learn(usual, 3, 'Hangup');
    const shape = shapes.find('Event', 'Hangup')!;
    for (let i = 0; i < 5; i++) {
      shapes.learn(other, 2, 'Hangup');
      shapes.matched(shape);
    }
    expect(shapes.find('Event', 'Hangup')).toBe(shape);
    expect(shape.build).toBeDefined();
    shapes.learn(other, 2, 'Hangup');
    shapes.learn(other, 2, 'Hangup');
    expect(shapes.find('Event', 'Hangup')!.names).toEqual(other);
  });

  it('makes no builder for repeated names, __proto__ or Output (the generic path handles them)', () => {
    const shapes = new MessageShapes();
    for (const odd of [
      ['Event', 'A', 'A'],
      ['Event', '__proto__'],
      ['Event', 'Output'],
    ]) {
      shapes.learn(odd, odd.length, 'X');
      shapes.learn(odd, odd.length, 'X');
      expect(shapes.find('Event', 'X')!.build).toBeUndefined();
    }
  });

  it(`remembers at most ${MAX_SHAPES} kinds of message`, () => {
    const shapes = new MessageShapes();
    for (let i = 0; i < MAX_SHAPES + 10; i++) shapes.learn(names, 3, `E${i}`);
    expect(shapes.find('Event', 'E0')).toBeDefined();
    expect(shapes.find('Event', `E${MAX_SHAPES - 1}`)).toBeDefined();
    expect(shapes.find('Event', `E${MAX_SHAPES}`)).toBeUndefined();
    // A known kind may still change its names (the same other names twice in a row).
    shapes.learn(['Event', 'Other'], 2, 'E0');
    shapes.learn(['Event', 'Other'], 2, 'E0');
    expect(shapes.find('Event', 'E0')!.names).toEqual(['Event', 'Other']);
  });

  it('does not remember messages with very many headers, or very long names or first values', () => {
    const shapes = new MessageShapes();
    const many = ['Event', ...Array.from({ length: 200 }, (_, i) => `H${i}`)];
    shapes.learn(many, many.length, 'Many');
    shapes.learn(['Event', 'x'.repeat(5000)], 2, 'Long');
    shapes.learn(names, 3, 'y'.repeat(5000));
    expect(shapes.find('Event', 'Many')).toBeUndefined();
    expect(shapes.find('Event', 'Long')).toBeUndefined();
    expect(shapes.find('Event', 'y'.repeat(5000))).toBeUndefined();
  });

  it(`makes at most ${MAX_BUILDS} builders, however often a server changes its shapes`, () => {
    const shapes = new MessageShapes();
    // Each new set of names: twice to replace the shape, once more to get a builder.
    const learnThrice = (names: string[]) => {
      for (let i = 0; i < 3; i++) shapes.learn(names, 2, 'Churn');
    };
    for (let i = 0; i < MAX_BUILDS; i++) {
      learnThrice(['Event', `H${i}`]);
      expect(shapes.find('Event', 'Churn')!.build).toBeDefined();
    }
    learnThrice(['Event', 'Last']);
    expect(shapes.find('Event', 'Churn')!.names).toEqual(['Event', 'Last']);
    expect(shapes.find('Event', 'Churn')!.build).toBeUndefined();
  });
});
