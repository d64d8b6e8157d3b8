// The demo plugin's validator kinds (plugin.yaml `kinds: kinds/index.js`): `file` and
// `service`. A kinds module exports by default a function of the compiler's KindModuleApi
// (compiler/plugins/kinds.ts) returning kind definitions (compiler/kinds/kind.ts); it
// imports nothing from sahara-image-pack, so it works from any plugin folder.
import { fileKind } from './file.js';
import { serviceKind } from './service.js';

/** @param {import('../../../compiler/plugins/kinds.js').KindModuleApi} api */
export default function kinds(api) {
  return [fileKind(api), serviceKind(api)];
}
