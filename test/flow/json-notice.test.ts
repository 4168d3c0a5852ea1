import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PortalChangedError, PortalUnavailableError } from '../../src/core/errors.js';
import { PortalHttpError } from '../../src/flow/http.js';
import { checkShapeOrNotice, unavailableNotice } from '../../src/flow/json-notice.js';

/** Issue 26: a 2xx JSON notice "系统维护中" / "系统繁忙" is "unavailable", never "portal changed". */
const events = z.object({ events: z.array(z.object({ id: z.string() })) });
const answer = { label: 'GET http://api.example/api/v1/events', status: 200 };

describe('unavailableNotice', () => {
  it.each([
    [{ error: 'maintenance', message: '系统维护中，请稍后再试。' }, '系统维护'],
    [{ error: 'busy', message: '系统繁忙，请稍后再试。' }, '系统繁忙'],
    [{ code: 0, msg: '服务器繁忙' }, '服务器繁忙'],
    [{ errmsg: 'The system is under maintenance' }, 'under maintenance'],
    [{ error: { message: 'Service temporarily unavailable' } }, 'temporarily unavailable'],
  ])('%j says %s', (body, phrase) => {
    expect(unavailableNotice(body)).toBe(`says "${phrase}"`);
  });

  it('reads nothing into answers without such words, or without words at all', () => {
    expect(unavailableNotice({ message: '名额已满' })).toBeUndefined();
    expect(unavailableNotice({ message: '请先登录，系统维护中' })).toBeUndefined();
    expect(unavailableNotice({ events: [] })).toBeUndefined();
    expect(unavailableNotice(null)).toBeUndefined();
    expect(unavailableNotice('系统维护中')).toBeUndefined();
  });

  it("takes the flow's own unavailable texts too, matched in the answer's words only", () => {
    const signals = { unavailable: { text: ['暂停服务'] } };
    expect(unavailableNotice({ msg: '网站暂停服务' }, signals)).toBe('says "暂停服务"');
    expect(unavailableNotice({ msg: '网站暂停服务' })).toBeUndefined();
    expect(unavailableNotice({ title: '暂停服务', msg: 'ok' }, signals)).toBeUndefined();
  });
});

describe('checkShapeOrNotice', () => {
  it('returns data that fits, even when it carries a maintenance message', () => {
    const body = { events: [{ id: 'A' }], message: '系统维护中' };
    expect(checkShapeOrNotice(events, body, answer)).toEqual({ events: [{ id: 'A' }] });
  });

  it('a notice that does not fit is PortalHttpError (unavailable) with its status, naming the words', () => {
    const failure = (() => {
      try {
        checkShapeOrNotice(events, { error: 'maintenance', message: '系统维护中' }, answer);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(PortalHttpError);
    expect(failure).toBeInstanceOf(PortalUnavailableError);
    expect(failure).not.toBeInstanceOf(PortalChangedError);
    expect((failure as PortalHttpError).status).toBe(200);
    expect((failure as Error).message).toBe(
      'GET http://api.example/api/v1/events: the answer says "系统维护" (the portal is unavailable for now)',
    );
  });

  it('an answer of another shape without such words is still a redesign', () => {
    expect(() => checkShapeOrNotice(events, { remain: 2 }, answer)).toThrow(PortalChangedError);
    expect(() => checkShapeOrNotice(events, { message: '成功' }, answer)).toThrow(/portal has changed/);
  });

  it('a schema that throws something else lets it through untouched', () => {
    const boom = z.any().transform(() => {
      throw new TypeError('boom');
    });
    expect(() => checkShapeOrNotice(boom, { message: '系统维护中' }, answer)).toThrow(TypeError);
  });
});
