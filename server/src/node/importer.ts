/**
 * The importer (core/import: the HTML parser, the DOCX reader, pdf.js) loaded on first use, so that
 * starting the CLI or the language server and every keystroke never pay for it. In the bundles
 * (dist/cli.js, dist/server.js) the require below becomes `require('./import.js')`, the importer's own
 * bundle beside them (scripts/bundle.mjs); from the tsc output (the tests) it is the module itself.
 */
import type * as Importer from '../core/import';

export type { Importer };

let loaded: typeof Importer | undefined;

export function importer(): typeof Importer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../core/import') as typeof Importer;
  return loaded;
}
