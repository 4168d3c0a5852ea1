import { describe, expect, it } from 'vitest';
import type { CancelledOrder } from '../../src/watch/decide-types.js';
import { hold, policy, run, type Step } from './decide-fixtures.js';

const A = 'ART-101';
const B = 'ART-102';
const approved = [hold('h1', A, 'approved')];
/** The portal cancelled the approved hold's unpaid order: the hold record is expired now. */
const expired = [hold('h1', A, 'expired')];
const cancelled: CancelledOrder[] = [{ targetId: 'sister-art', courseId: A }];

/**
 * An order the portal cancelled was announced by its hold's result: decide() lets the course's next
 * opening through, as news, instead of the cool-down (or a late 'gone') of the alert that led to the hold.
 * Each case runs twice: with the cancellation among the facts, and without it (what the family would
 * have heard had decide() not known).
 */
describe('decide: a cancelled order makes its course news again', () => {
  const cases: {
    name: string;
    /** The steps; the one marked `cancel` carries the cancellation. */
    steps: (Step & { cancel?: CancelledOrder[] })[];
    withRule: string[][];
    without: string[][];
  }[] = [
    {
      name: 'still open when the order is cancelled: announced again at once',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 5, seen: { [A]: 'open' }, holds: approved },
        { min: 10, seen: { [A]: 'open' }, holds: expired, cancel: cancelled },
        { min: 12, seen: { [A]: 'open' }, holds: expired },
      ],
      withRule: [['opening ART-101'], [], ['opening ART-101'], []],
      without: [['opening ART-101'], [], [], []],
    },
    {
      name: 'closed, cancelled, open again within the cool-down: announced',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 5, seen: { [A]: 'full' }, holds: approved },
        { min: 10, seen: { [A]: 'full' }, holds: expired, cancel: cancelled },
        { min: 12, seen: { [A]: 'open' }, holds: expired },
      ],
      withRule: [['opening ART-101'], [], [], ['opening ART-101']],
      without: [['opening ART-101'], [], [], []],
    },
    {
      name: "closed, then the order cancelled: the announced opening's 'gone' is not sent later",
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 5, seen: { [A]: 'full' } },
        { min: 10, seen: { [A]: 'full' }, holds: expired, cancel: cancelled },
        { min: 60, seen: { [A]: 'full' }, holds: expired },
      ],
      withRule: [['opening ART-101'], [], [], []],
      without: [['opening ART-101'], [], [], ['gone ART-101']],
    },
    {
      name: "another target's cancelled order changes nothing here",
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 5, seen: { [A]: 'open' }, holds: approved },
        {
          min: 10,
          seen: { [A]: 'open' },
          holds: expired,
          cancel: [{ targetId: 'brother-swim', courseId: A }],
        },
      ],
      withRule: [['opening ART-101'], [], []],
      without: [['opening ART-101'], [], []],
    },
    {
      name: 'a cancelled course the target never announced: nothing to forget, nothing sent',
      steps: [
        { min: 0, seen: { [A]: 'full', [B]: 'full' } },
        { min: 10, seen: { [A]: 'full', [B]: 'full' }, cancel: [{ targetId: 'sister-art', courseId: B }] },
      ],
      withRule: [[], []],
      without: [[], []],
    },
  ];

  it.each(cases)('$name', ({ steps, withRule, without }) => {
    const withFacts = steps.map(({ cancel, ...step }) => ({ ...step, cancelledOrders: cancel }));
    const withoutFacts = steps.map(({ cancel: _, ...step }) => step);
    expect(run(policy(), withFacts).steps).toEqual(withRule);
    expect(run(policy(), withoutFacts).steps).toEqual(without);
  });

  it("forgets only the cancelled course's announcement (cool-down, pending 'gone'), not the other's", () => {
    const steps: Step[] = [
      { min: 0, seen: { [A]: 'open', [B]: 'open' } },
      { min: 5, seen: { [A]: 'full', [B]: 'open' } },
      { min: 10, seen: { [A]: 'full', [B]: 'open' }, holds: expired, cancelledOrders: cancelled },
    ];
    const before = run(policy(), steps.slice(0, 2)).state.targets['sister-art']?.courses;
    const after = run(policy(), steps).state.targets['sister-art']?.courses;
    expect(before?.[A]).toMatchObject({ alerted: true, lastOpenAlertAt: expect.any(String) });
    expect(before?.[A]?.closedSince).toBeDefined();
    expect(after?.[A]).toEqual({ alerted: false });
    expect(after?.[B]).toEqual(before?.[B]);
  });
});
