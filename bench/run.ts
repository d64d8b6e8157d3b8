// All benchmarks, one after the other. Each prints ratios against a baseline measured in the same run.
import { runCheckBench } from './check.js';

runCheckBench();
