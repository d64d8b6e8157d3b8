// All benchmarks, one after the other. Each prints ratios against a baseline measured in the same run.
import { runCheckBench } from './check.js';
import { pluginsBench } from './plugins.js';
import { compileBench, programBench } from './program.js';
import { runRegistryBench } from './registry-baseline.js';

runCheckBench();
runRegistryBench();
compileBench();
await programBench();
await pluginsBench();
