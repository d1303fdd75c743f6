/** file: URIs ↔ paths (the server works with the local folders of the workspace). */
import { fileURLToPath, pathToFileURL } from 'node:url';

export const filePathOf = (uri: string): string | undefined => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);
export const uriOf = (file: string): string => pathToFileURL(file).href;
