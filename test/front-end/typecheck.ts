import * as path from 'node:path';

import * as ts from 'typescript';

/** The compiler's errors for a TypeScript project (its tsconfig.json), one line each; empty when it type-checks. */
export function typeErrorsOf(projectFolder: string): string[] {
  const configFile = path.join(projectFolder, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  if (error) return [ts.flattenDiagnosticMessageText(error.messageText, '\n')];
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, projectFolder, undefined, configFile);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${path.relative(projectFolder, diagnostic.file.fileName)}:${line + 1}: ${message}`;
  });
}
