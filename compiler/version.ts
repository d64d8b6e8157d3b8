/** The tool's version, printed by --version and written into every emitted program. */
export const VERSION = '0.1.0';
