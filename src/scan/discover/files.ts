/**
 * Reading one file of the tree as YAML, with unreadable and unparsable files turned into
 * issues at their location instead of exceptions.
 */
import type { FileTree } from '../source/tree.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { parseYaml, type ParseYamlOptions, type YamlDoc } from '../yaml/yaml-doc.ts';

export function readText(tree: FileTree, path: string, issues: ScanIssue[]): string | undefined {
  const r = tree.read(path);
  if ('text' in r) return r.text;
  issues.push(skippedIssue(path, r.skipped.reason, r.skipped.detail));
  return undefined;
}

export function skippedIssue(path: string, reason: string, detail: string): ScanIssue {
  return {
    code: `file.${reason}`,
    message: `File ${path} was not read: ${detail}.`,
    // A text file one can open gets line 1; binaries, huge files and symlinks are file-level.
    location: { file: path, ...(reason === 'unreadable' ? { line: 1 } : {}) },
    key: issueKey(`file.${reason}`, path),
  };
}

/** Parses YAML; syntax errors become 'file.invalid-yaml' issues and the result is undefined. */
export function readYaml(tree: FileTree, path: string, issues: ScanIssue[], options: ParseYamlOptions = {}): YamlDoc | undefined {
  const text = readText(tree, path, issues);
  if (text === undefined) return undefined;
  return parseYamlText(text, path, issues, options);
}

export function parseYamlText(text: string, path: string, issues: ScanIssue[], options: ParseYamlOptions = {}): YamlDoc | undefined {
  const doc = parseYaml(text, options);
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 5)) {
      issues.push({
        code: 'file.invalid-yaml',
        message: `${path} is not valid YAML: ${e.message}.`.replace(/\.\.$/, '.'),
        location: { file: path, line: e.line, column: e.column },
        key: issueKey('file.invalid-yaml', path, e.message),
      });
    }
    return undefined;
  }
  return doc;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
