/**
 * The diagnostic catalogue: every diagnostic the compiler can report, by stable code.
 * Messages are templates with `{placeholders}` filled from a diagnostic's data.
 * Codes are grouped by phase: SIP1xxx reading/YAML, SIP2xxx shape, SIP3xxx meaning,
 * SIP4xxx resources (script files). A code, once published, keeps its meaning.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface CatalogueEntry {
  readonly severity: Severity;
  readonly message: string;
}

export const catalogue = {
  // --- reading the file, YAML ---------------------------------------------------------
  SIP1001: { severity: 'error', message: 'YAML syntax error: {detail}' },
  SIP1002: { severity: 'error', message: "duplicate key '{key}'" },
  SIP1003: { severity: 'error', message: 'the manifest is empty: it needs a "validators:" list' },
  SIP1004: { severity: 'error', message: 'the file is not a text manifest ({reason})' },
  SIP1005: { severity: 'error', message: 'cannot read {path}: {reason}' },
  SIP1006: { severity: 'error', message: 'too many errors: only the first {count} are shown' },
  SIP1007: { severity: 'warning', message: 'the file holds {count} YAML documents; only the first is read' },
  SIP1008: { severity: 'error', message: "YAML {feature} are not supported in manifests{hint}" },
  SIP1009: { severity: 'warning', message: 'YAML: {detail}' },

  // --- shape ----------------------------------------------------------------------------
  SIP2001: { severity: 'error', message: 'the manifest must be a mapping with a "validators:" list, found {found}' },
  SIP2002: { severity: 'error', message: 'the manifest has no "validators:" list' },
  SIP2003: { severity: 'error', message: '{what} must be {expected}, found {found}' },
  SIP2004: { severity: 'warning', message: "unknown key '{key}' in {where} (known keys: {known})" },
  SIP2005: { severity: 'error', message: 'a validator must be a mapping with exactly one key, its kind; found {found}' },
  SIP2006: { severity: 'error', message: "unknown validator kind '{kind}'{suggestion} (known kinds: {known})" },
  SIP2007: { severity: 'error', message: 'the package list is empty: list at least one package' },
  SIP2008: { severity: 'error', message: "package name '{name}' is not allowed: a name must match ^[A-Za-z0-9][A-Za-z0-9._+:~-]*$" },
  SIP2009: { severity: 'error', message: "package version '{version}' is not allowed: a version may contain letters, digits and . + : ~ _ - only" },
  SIP2010: { severity: 'error', message: "{where} is missing the required key '{key}'" },
  SIP2011: { severity: 'warning', message: 'arguments are given as a list (the design document\'s form); write them as a mapping of name to properties' },
  SIP2012: { severity: 'warning', message: 'script properties are given as a list (the design document\'s form); write them as a mapping' },
  SIP2013: { severity: 'warning', message: "'arguments' under a script is an old alias of 'env_vars'; write 'env_vars'" },
  SIP2014: { severity: 'warning', message: "'{key}' should be a YAML boolean; the string '{value}' is read as {boolean}" },
  SIP2015: { severity: 'error', message: "'{key}' must be a boolean (true or false), found '{value}'" },
  SIP2016: { severity: 'error', message: '{what} must be a mapping with exactly one key; found {found}' },
  SIP2017: { severity: 'warning', message: '{what} is empty: it does nothing' },
  SIP2018: { severity: 'warning', message: "'{key}' has no effect on copy_script and is ignored" },
  SIP2019: { severity: 'error', message: "unknown key '{key}' in {where} (known keys: {known})" },
  SIP2020: { severity: 'error', message: '{what} must be a plain scalar (text, number or boolean), found {found}' },
  SIP2021: { severity: 'error', message: "'{key}' is given twice in the script properties" },

  // --- meaning --------------------------------------------------------------------------
  SIP3001: { severity: 'error', message: "argument '{name}' uses a reserved name (reserved: distro, test_only, reconcile)" },
  SIP3002: { severity: 'error', message: "argument '{name}' is not required, so it needs a default (add 'default:' or 'required: true')" },
  SIP3003: { severity: 'error', message: "the default '{value}' of argument '{name}' is not one of its choices: {choices}" },
  SIP3004: { severity: 'error', message: "argument '{name}' is declared twice" },
  SIP3005: { severity: 'error', message: "arguments '{first}' and '{second}' both map to the shell variable '{variable}'; give one a target_variable" },
  SIP3006: { severity: 'error', message: "argument '{name}' maps to '{variable}', which is not a valid shell variable name; set target_variable to a name matching ^[A-Za-z_][A-Za-z0-9_]*$" },
  SIP3007: { severity: 'error', message: "'{name}' is not a declared argument and nothing earlier sets it (by argument_set or a script's output){suggestion}" },
  SIP3008: { severity: 'warning', message: "env_vars names '{name}', which is not a declared argument and nothing earlier sets it: the script will not receive it{suggestion}" },
  SIP3009: { severity: 'error', message: "case '{value}' is not one of the choices of argument '{name}': {choices}" },
  SIP3010: { severity: 'info', message: "choice '{value}' of argument '{name}' has no case here: that value runs nothing" },
  SIP3011: { severity: 'error', message: "argument_set gives '{name}' the value '{value}', which is not one of its choices: {choices}" },
  SIP3012: { severity: 'error', message: "{what} cannot set the reserved name '{name}' (reserved: distro, test_only, reconcile)" },
  SIP3013: { severity: 'warning', message: "os_case branch '{key}' can never run: the earlier branch '{earlier}' already covers it" },
  SIP3014: { severity: 'warning', message: "unknown distro or family '{key}' in os_case{suggestion} ({known})" },
  SIP3015: { severity: 'warning', message: "choice '{value}' of argument '{name}' is listed twice" },
  SIP3016: { severity: 'error', message: "argument_case lists the value '{value}' twice" },
  SIP3017: { severity: 'error', message: "'{name}' is not a valid shell variable name, so {what} cannot use it" },
  SIP3018: { severity: 'warning', message: "argument '{name}' is required, so its default '{value}' is never used" },
  SIP3019: { severity: 'error', message: "argument '{name}' maps to the shell variable '{variable}', which the program reserves for scripts (reserved: {reserved}); set a different target_variable" },
  SIP3020: { severity: 'error', message: "argument '{name}' cannot be given on the command line: the program's own option --{option} takes that flag; rename the argument" },
  SIP3021: { severity: 'warning', message: "env_vars passes '{name}' as the variable {variable}, which replaces the script's own {variable} ({why})" },
  SIP3022: { severity: 'error', message: '{what} holds {problem}, which a bash program cannot carry; remove it' },
  SIP3023: { severity: 'error', message: "argument name '{name}' cannot be given on the command line as --{name}: {why}" },
  SIP3024: { severity: 'error', message: "argument '{name}' is a secret, so it cannot have a default in the manifest (the program would carry it); give it when the program runs" },

  // --- resources (script files) ---------------------------------------------------------
  SIP4001: { severity: 'error', message: "script '{path}' not found; searched: {roots}" },
  SIP4002: { severity: 'error', message: "script path '{path}' escapes its resource root (absolute paths, '..' and links that lead out of the root are not allowed)" },
  SIP4003: { severity: 'warning', message: "script '{path}' is empty ({file})" },
  SIP4004: { severity: 'error', message: "script '{path}' is a directory, not a file ({file})" },
  SIP4005: { severity: 'error', message: "cannot read script '{path}' ({file}): {reason}" },
  SIP4006: { severity: 'error', message: "script path '{path}' is not a usable file name (empty, or containing NUL or a newline)" },

  // --- compiling a program (lowering, --set) ---------------------------------------------
  SIP5001: { severity: 'error', message: "--set {name}: '{name}' is not a declared argument{suggestion} (declared: {known})" },
  SIP5002: { severity: 'error', message: "--set {name}={value}: '{value}' is not one of the choices of '{name}': {choices}" },
  SIP5003: { severity: 'error', message: "copy_script '{name}' has no usable file name to copy to (/tmp/<basename>)" },
  // SIP5004 is no longer reported: every kind of a registry has its template (compiler/kinds/).
  // Kept so that the code keeps its meaning.
  SIP5004: { severity: 'error', message: "no template is registered for the custom validator kind '{kind}'" },
  SIP5005: { severity: 'error', message: '{what} contains a NUL character, which a bash program cannot carry' },
  SIP5006: { severity: 'error', message: "--set '{entry}' is not of the form name=value" },
  SIP5007: { severity: 'error', message: "--set {name}: '{name}' is a secret, so its value is never written into the program; give --set {name}=env:VARIABLE or --set {name}=file:/PATH (read when the program runs), or pass it to the program itself (SIP_SECRET_<VARIABLE>, --{name}-file FILE)" },
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof catalogue;

/** The `{placeholder}` names in a message template, as a union of string literal types. */
type Placeholders<S extends string> = S extends `${string}{${infer K}}${infer Rest}` ? K | Placeholders<Rest> : never;

/**
 * The data a code's message needs: exactly its placeholders, each a string or a number. A report
 * site that forgets one, misspells one or adds one fails to type-check.
 */
export type DiagnosticDataFor<C extends DiagnosticCode> = {
  readonly [K in Placeholders<(typeof catalogue)[C]['message']>]: string | number;
};
