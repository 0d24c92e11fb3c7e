import { inject } from 'vitest';
import { useEnvironment } from '../local/runtime.ts';

// Every test worker's handlers talk to the run's emulators (see global-setup.ts).
useEnvironment(inject('env'));
