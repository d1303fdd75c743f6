/** Node-side code shared by the CLI and the language server: files, the stylesheet, the version. */
export { REPORT_FILE, ioMessage, writeFileAtomic } from './files';
export { readStylesheet } from './stylesheet';
export { VERSION } from './version';
