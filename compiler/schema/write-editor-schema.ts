// Writes compiler/schema/manifest.schema.json (the editor schema) from the definitions.
import { writeFileSync } from 'node:fs';
import { editorSchema } from './editor.js';

const file = new URL('./manifest.schema.json', import.meta.url);
writeFileSync(file, JSON.stringify(editorSchema(), null, 2) + '\n');
process.stdout.write(`wrote ${file.pathname}\n`);
