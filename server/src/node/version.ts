/** The version the CLI and the server report: server/package.json's, the one place it is written. */
import manifest from '../../package.json';

export const VERSION: string = manifest.version;
