/** The stylesheet of the rendered report (media/report.css), for the CLI and the server alike. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * media/report.css beside the bundle (dist/cli.js, dist/server.js), or at the repository root when
 * running from the tsc output (out/server/src/*, the tests).
 */
export function stylesheetCandidates(): string[] {
  return [path.join(__dirname, '..', 'media', 'report.css'), path.join(__dirname, '..', '..', '..', '..', 'media', 'report.css')];
}

/** The stylesheet's text; throws the first read error when no candidate can be read. */
export function readStylesheet(): string {
  let first: unknown;
  for (const file of stylesheetCandidates()) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      first ??= e;
    }
  }
  throw first;
}
