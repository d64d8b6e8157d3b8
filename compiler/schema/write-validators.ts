// Writes compiler/schema/validators.gen.cjs: the built-in schemas precompiled by ajv standalone.
import { writeFileSync } from 'node:fs';
import { generateValidatorsSource, GENERATED_FILE } from './precompiled.js';

const file = new URL(`./${GENERATED_FILE}`, import.meta.url);
writeFileSync(file, generateValidatorsSource());
process.stdout.write(`wrote ${file.pathname}\n`);
