/**
 * Head inputs: a feature table [rows × d] (one row per leaf configuration of the encoded modality), standardised per
 * column and extended by a constant 1 (the bias). A linear(-softmax) head is invariant to an affine change of its
 * features up to its ridge term, so standardising only conditions the optimisation and makes one ridge weight mean
 * the same for every encoder.
 */

/** A standardised feature table with a bias column: [rows × (d + 1)], last column 1. */
export interface HeadFeatures {
  readonly rows: number;
  /** Columns including the bias (d + 1). */
  readonly cols: number;
  readonly data: Float64Array;
}

/** Standardises each of the d columns (unweighted mean and standard deviation over the rows; constant columns → 0) and appends 1. */
export function headFeatures(table: Float64Array, rows: number, d: number): HeadFeatures {
  if (table.length !== rows * d) throw new RangeError(`headFeatures: table has ${table.length} entries, expected ${rows} × ${d}`);
  const cols = d + 1;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += table[r * d + j];
    mean /= rows;
    let sq = 0;
    for (let r = 0; r < rows; r++) sq += (table[r * d + j] - mean) ** 2;
    const sd = Math.sqrt(sq / rows);
    for (let r = 0; r < rows; r++) data[r * cols + j] = sd > 1e-12 ? (table[r * d + j] - mean) / sd : 0;
  }
  for (let r = 0; r < rows; r++) data[r * cols + d] = 1;
  return { rows, cols, data };
}

/** Root-posterior features log π (clamped at log 1e-300), [rows × S]: the ideal sufficient statistic of a modality. */
export function logPosteriorTable(post: Float64Array): Float64Array {
  return Float64Array.from(post, (v) => Math.log(Math.max(v, 1e-300)));
}

/** Rows of a table permuted by `perm` (row r of the result = row perm[r] of the input): the planted shuffled encoder. */
export function permuteRows(table: Float64Array, d: number, perm: ArrayLike<number>): Float64Array {
  const out = new Float64Array(table.length);
  for (let r = 0; r < perm.length; r++) out.set(table.subarray(perm[r] * d, perm[r] * d + d), r * d);
  return out;
}
