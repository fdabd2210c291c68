/**
 * The tfjs backend of the learned claims: the quick tier trains on the CPU with the deterministic wasm backend (the
 * same results on every machine, GPU or not); the full tier takes whatever `auto` picks (a GPU where one works).
 */
import { initBackend } from '../../models/index.js';
import type { Tier } from '../engine/claim.js';

/** Initialises the learned claims' backend for a tier; returns its name. */
export async function learnedBackend(tier: Tier): Promise<string> {
  const want = tier === 'quick' ? 'wasm' : 'auto';
  const info = await initBackend(want);
  return info.name;
}
