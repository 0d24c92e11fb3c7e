import { describe, expect, it } from 'vitest';
import { overlappingWindow } from './slot-overlap.ts';

const window = (over: Partial<Parameters<typeof overlappingWindow>[0]> = {}) => ({ id: 'a', dayOfWeek: 1, startTime: '09:00', endTime: '12:00', isActive: true, ...over });

describe('overlapping weekly windows', () => {
  it('finds an overlap on the same weekday and product', () => {
    const other = window({ id: 'b', startTime: '11:00', endTime: '13:00' });
    expect(overlappingWindow(window(), [other])).toBe(other);
    expect(overlappingWindow(window({ productId: 'p' }), [{ ...other, productId: 'p' }])).toEqual({ ...other, productId: 'p' });
  });

  it('ignores touching windows, other weekdays, other products, inactive windows and itself', () => {
    expect(overlappingWindow(window(), [window({ id: 'b', startTime: '12:00', endTime: '24:00' })])).toBeUndefined();
    expect(overlappingWindow(window(), [window({ id: 'b', dayOfWeek: 2 })])).toBeUndefined();
    expect(overlappingWindow(window(), [window({ id: 'b', productId: 'p' })])).toBeUndefined();
    expect(overlappingWindow(window(), [window({ id: 'b', isActive: false })])).toBeUndefined();
    expect(overlappingWindow(window({ isActive: false }), [window({ id: 'b' })])).toBeUndefined();
    expect(overlappingWindow(window(), [window()])).toBeUndefined();
  });
});
