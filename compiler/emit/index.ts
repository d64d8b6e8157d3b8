/**
 * Program emission: a program plan (compiler/lower) → the bash text, through the Handlebars
 * templates: `templates/program.hbs` lays out the file, each validator kind's partial
 * (compiler/kinds/<kind>/template.hbs, or a plugin kind's `template`) prints its steps. Data
 * enters the text only through the shell helpers of helpers.ts (`q`, `name`, `words`,
 * `heredoc`, `literal`); the runtime library files are spliced verbatim as ShCode. Which runtime call
 * each kind makes: compiler/kinds/README.md. The driver from a checked manifest to text is
 * compiler/backend.ts.
 */
export { renderProgram, programView, type RenderOptions } from './render.js';
