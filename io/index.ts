/**
 * Public entry of `io/`, the ground floor of file output: atomic files and atomic directories with crash recovery.
 * Everything that writes results uses it (reports, the CLI's outputs, sample folders, training run folders and
 * checkpoints). It imports nothing from the project, so every layer may import it.
 */
export { writeFileAtomic } from './atomic-file.js';
export { recoverInterruptedDir, writeDirAtomic, writeDirAtomicSync } from './atomic-dir.js';
