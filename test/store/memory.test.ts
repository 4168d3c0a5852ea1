import { createMemoryStore } from '../../src/store/memory.js';
import { testKvStore } from './store-suite.js';

testKvStore('memory', async () => ({
  open: async (options) => createMemoryStore(options),
  persistent: false,
  cleanup: async () => {},
}));
