import { shellVariableOf } from '../context.js';
import type { Rule } from '../rule.js';

/** Variables a script's clean environment sets itself (runtime/script.sh), and why replacing them hurts. */
const BASE_ENVIRONMENT: Readonly<Record<string, string>> = {
  PATH: 'commands would be looked up elsewhere',
  HOME: 'the program sets HOME=/root',
  LANG: 'the program sets LANG=C.UTF-8',
  LC_ALL: 'it overrides every locale setting',
  IFS: 'word splitting in the script would change',
  LD_PRELOAD: 'every command of the script would load that library',
  LD_LIBRARY_PATH: 'every command of the script would look for libraries there',
  BASH_ENV: 'bash would run that file before the script',
  ENV: 'sh would run that file before the script',
  SHELLOPTS: 'it changes how bash runs the script',
  BASHOPTS: 'it changes how bash runs the script',
  http_proxy: 'it replaces the proxy the program passes through',
  https_proxy: 'it replaces the proxy the program passes through',
  no_proxy: 'it replaces the proxy setting the program passes through',
  HTTP_PROXY: 'it replaces the proxy the program passes through',
  HTTPS_PROXY: 'it replaces the proxy the program passes through',
  NO_PROXY: 'it replaces the proxy setting the program passes through',
  ftp_proxy: 'it replaces the proxy the program passes through',
  all_proxy: 'it replaces the proxy the program passes through',
  FTP_PROXY: 'it replaces the proxy the program passes through',
  ALL_PROXY: 'it replaces the proxy the program passes through',
};

/**
 * A name listed in a script's `env_vars` is exported under its shell variable; when that
 * variable is one the script's clean environment already sets (PATH, HOME, LANG, ...) or one
 * that changes how the script itself starts (LD_PRELOAD, BASH_ENV, ...), the argument
 * silently replaces it (SIP3021, a warning: it may be wanted, but it should be seen).
 */
export const safeScriptEnvironment: Rule = {
  name: 'safe-script-environment',
  description: "env_vars should not replace the script's base environment",
  codes: ['SIP3021'],
  check(ctx) {
    const variableOf = new Map(ctx.arguments.map((a) => [a.name.value, a.shellVariable]));
    for (const script of ctx.ofKind('script')) {
      for (const env of script.envVars) {
        const variable = variableOf.get(env.value) ?? shellVariableOf(env.value);
        const why = Object.hasOwn(BASE_ENVIRONMENT, variable) ? BASE_ENVIRONMENT[variable] : undefined;
        if (why !== undefined) ctx.report('SIP3021', env.loc, { name: env.value, variable, why });
      }
    }
  },
};
