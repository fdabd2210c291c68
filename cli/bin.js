#!/usr/bin/env node
// Installed entry point of `clip-theory`: registers tsx so the TypeScript sources run directly.
import { register } from 'tsx/esm/api';
register();
await import('./main.ts');
