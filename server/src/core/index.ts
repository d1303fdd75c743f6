/**
 * The GovReport core: a pure library (no editor, no LSP, no file system) used by the server, the CLI
 * and the tests. parse → model → checks, then the features and the renderer on the same model.
 *   model/     the located report, the schema's labels, the tables, rules, diagnostics, l10n, limits
 *   checks/    analyze (every single-report rule) and the across-years comparison
 *   features/  completion, hover, inlay hints, outline, formatter, skeletons
 *   render/    the official document laid out once, written as HTML
 *   export/    the official document as a Word file (.docx)
 */
export * from './model';
export * from './checks';
export * from './features';
export * from './render';
export * from './export';
