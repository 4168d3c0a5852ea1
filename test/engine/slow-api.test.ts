import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { openRuntime, useLoggedInWorld } from './world.js';

describe('issue 11: a hanging API leaves the page fallback its share of a short cycle', () => {
  const world = useLoggedInWorld();

  it('reads the seats from the course pages when the API hangs and the cycle is 15 s', async () => {
    world.portal.admin.setSeats('ART-101', 2);
    world.portal.admin.setFault('api', 'hang');
    const rt = await openRuntime(world.writeConfig({ cycleTimeoutSeconds: 15 }, 'short.yaml'));
    try {
      const result = await runCycle(rt);
      expect(result.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
      expect(result.observations.find((o) => o.courseId === 'ART-101')).toMatchObject({
        state: 'open',
        seats: 2,
      });
      expect(rt.logs.join('\n')).toContain('reading the course pages instead');
    } finally {
      world.portal.admin.setFault('all', 'none');
      await rt.close();
    }
  });
});
