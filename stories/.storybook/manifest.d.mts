import type { Plugin } from 'vite';

export const MANIFEST_MODULE: 'virtual:orgkit/custom-elements';
export function generateManifest(): { manifest: unknown; file: string; tags: string[]; ms: number };
export function orgkitManifest(): Plugin;
