import { textProblem } from './text.js';

/**
 * ORG-4: an organization name is rejected if it contains `<`, `>` or an http(s) URL; bare domains are allowed.
 * Shared by the engine (the authority) and the elements (to say so before a round trip).
 */
export function orgNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'The organization name cannot be empty.';
  if (trimmed.length > 100) return 'The organization name can be at most 100 characters.';
  const text = textProblem(trimmed);
  if (text) return `The organization name ${text}.`;
  if (/[<>]/.test(trimmed)) return 'The organization name cannot contain < or >.';
  if (/https?:\/\//i.test(trimmed)) return 'The organization name cannot contain a web address (http:// or https://).';
  return null;
}
