/*
 * blas.node: a minimal N-API addon exposing OpenBLAS single-precision GEMM to the project (plain C, no
 * node-addon-api). Row-major throughout. Operands are Float32Array views, including views into the tfjs wasm
 * heap, so no data is copied. Every call checks its arguments and that each view is long enough for the
 * product it describes, so a wrong shape throws a JS error instead of touching memory outside the view.
 *
 * Exports:
 *   sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
 *     C = alpha · op(A) · op(B) + beta · C, op(X) = Xᵀ when transX; op(A) is M×K, op(B) is K×N, C is M×N.
 *   sgemmBatch(batch, transA, transB, M, N, K, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc, strideC)
 *     the same for t = 0..batch-1 on A + t·strideA, B + t·strideB, C + t·strideC (strides in elements;
 *     stride 0 broadcasts one operand over the batch). One call for the whole batch.
 *   setNumThreads(n), numThreads(), config()
 *     openblas_set_num_threads / openblas_get_num_threads / openblas_get_config.
 *
 * Threads: the loader (models/backends/native-blas.ts) calls setNumThreads(1) unless CLIP_THEORY_BLAS_THREADS says
 * otherwise, because each training process is meant to use one core.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <cblas.h>
#include <stdint.h>
#include <stdio.h>

/* OpenBLAS extensions (declared by OpenBLAS's cblas.h; repeated so another cblas.h cannot hide them). */
extern void openblas_set_num_threads(int num_threads);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, NULL, "blas.node: N-API call failed");    \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

static napi_value fail(napi_env env, const char *fn, const char *msg) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s: %s", fn, msg);
  napi_throw_range_error(env, NULL, buf);
  return NULL;
}

static int get_bool(napi_env env, napi_value v, int *out) {
  bool b;
  if (napi_get_value_bool(env, v, &b) != napi_ok) return 0;
  *out = b ? 1 : 0;
  return 1;
}

/* A non-negative integer that fits in int32 (BLAS int). */
static int get_dim(napi_env env, napi_value v, int64_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return 0;
  if (!(d >= 0 && d <= 2147483647.0) || d != (double)(int64_t)d) return 0;
  *out = (int64_t)d;
  return 1;
}

static int get_f32(napi_env env, napi_value v, float *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return 0;
  *out = (float)d;
  return 1;
}

/* The data pointer and element count of a Float32Array. */
static int get_f32_array(napi_env env, napi_value v, float **data, int64_t *length) {
  bool is_ta;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type;
  size_t len;
  void *ptr;
  if (napi_get_typedarray_info(env, v, &type, &len, &ptr, NULL, NULL) != napi_ok) return 0;
  if (type != napi_float32_array) return 0;
  *data = (float *)ptr;
  *length = (int64_t)len;
  return 1;
}

/* Elements spanned by a row-major rows×cols matrix with leading dimension ld (0 when empty). */
static int64_t span(int64_t rows, int64_t cols, int64_t ld) {
  if (rows == 0 || cols == 0) return 0;
  return (rows - 1) * ld + cols;
}

typedef struct {
  int transA, transB;
  int64_t batch, m, n, k, lda, ldb, ldc, sa, sb, sc;
  float alpha, beta;
  float *a, *b, *c;
  int64_t lenA, lenB, lenC;
} Gemm;

/* Validates a (batched) product; returns NULL when valid, otherwise the message. */
static const char *validate(const Gemm *g) {
  int64_t rowsA = g->transA ? g->k : g->m, colsA = g->transA ? g->m : g->k;
  int64_t rowsB = g->transB ? g->n : g->k, colsB = g->transB ? g->k : g->n;
  if (g->lda < (colsA > 1 ? colsA : 1)) return "lda is smaller than the number of columns of A";
  if (g->ldb < (colsB > 1 ? colsB : 1)) return "ldb is smaller than the number of columns of B";
  if (g->ldc < (g->n > 1 ? g->n : 1)) return "ldc is smaller than N";
  if (g->batch == 0) return NULL;
  int64_t last = g->batch - 1;
  if (span(rowsA, colsA, g->lda) > 0 && last * g->sa + span(rowsA, colsA, g->lda) > g->lenA) return "A is too short for the given shape";
  if (span(rowsB, colsB, g->ldb) > 0 && last * g->sb + span(rowsB, colsB, g->ldb) > g->lenB) return "B is too short for the given shape";
  if (span(g->m, g->n, g->ldc) > 0 && last * g->sc + span(g->m, g->n, g->ldc) > g->lenC) return "C is too short for the given shape";
  if (g->batch > 1 && g->sc < span(g->m, g->n, g->ldc)) return "strideC is smaller than one output matrix (outputs would overlap)";
  return NULL;
}

static void run(const Gemm *g) {
  if (g->m == 0 || g->n == 0) return;
  for (int64_t t = 0; t < g->batch; t++) {
    cblas_sgemm(CblasRowMajor, g->transA ? CblasTrans : CblasNoTrans, g->transB ? CblasTrans : CblasNoTrans, (int)g->m,
                (int)g->n, (int)g->k, g->alpha, g->a + t * g->sa, (int)g->lda, g->b + t * g->sb, (int)g->ldb, g->beta,
                g->c + t * g->sc, (int)g->ldc);
  }
}

/* sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) */
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value v[13];
  CHECK(napi_get_cb_info(env, info, &argc, v, NULL, NULL));
  if (argc != 13) return fail(env, "sgemm", "expected 13 arguments (transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)");
  Gemm g = {0};
  g.batch = 1;
  if (!get_bool(env, v[0], &g.transA)) return fail(env, "sgemm", "transA must be a boolean");
  if (!get_bool(env, v[1], &g.transB)) return fail(env, "sgemm", "transB must be a boolean");
  if (!get_dim(env, v[2], &g.m)) return fail(env, "sgemm", "M must be an integer in [0, 2^31)");
  if (!get_dim(env, v[3], &g.n)) return fail(env, "sgemm", "N must be an integer in [0, 2^31)");
  if (!get_dim(env, v[4], &g.k)) return fail(env, "sgemm", "K must be an integer in [0, 2^31)");
  if (!get_f32(env, v[5], &g.alpha)) return fail(env, "sgemm", "alpha must be a number");
  if (!get_f32_array(env, v[6], &g.a, &g.lenA)) return fail(env, "sgemm", "A must be a Float32Array");
  if (!get_dim(env, v[7], &g.lda)) return fail(env, "sgemm", "lda must be an integer in [0, 2^31)");
  if (!get_f32_array(env, v[8], &g.b, &g.lenB)) return fail(env, "sgemm", "B must be a Float32Array");
  if (!get_dim(env, v[9], &g.ldb)) return fail(env, "sgemm", "ldb must be an integer in [0, 2^31)");
  if (!get_f32(env, v[10], &g.beta)) return fail(env, "sgemm", "beta must be a number");
  if (!get_f32_array(env, v[11], &g.c, &g.lenC)) return fail(env, "sgemm", "C must be a Float32Array");
  if (!get_dim(env, v[12], &g.ldc)) return fail(env, "sgemm", "ldc must be an integer in [0, 2^31)");
  const char *err = validate(&g);
  if (err) return fail(env, "sgemm", err);
  run(&g);
  return NULL;
}

/* sgemmBatch(batch, transA, transB, M, N, K, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc, strideC) */
static napi_value SgemmBatch(napi_env env, napi_callback_info info) {
  size_t argc = 17;
  napi_value v[17];
  CHECK(napi_get_cb_info(env, info, &argc, v, NULL, NULL));
  if (argc != 17) {
    return fail(env, "sgemmBatch",
                "expected 17 arguments (batch, transA, transB, M, N, K, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc, strideC)");
  }
  Gemm g = {0};
  if (!get_dim(env, v[0], &g.batch)) return fail(env, "sgemmBatch", "batch must be an integer in [0, 2^31)");
  if (!get_bool(env, v[1], &g.transA)) return fail(env, "sgemmBatch", "transA must be a boolean");
  if (!get_bool(env, v[2], &g.transB)) return fail(env, "sgemmBatch", "transB must be a boolean");
  if (!get_dim(env, v[3], &g.m)) return fail(env, "sgemmBatch", "M must be an integer in [0, 2^31)");
  if (!get_dim(env, v[4], &g.n)) return fail(env, "sgemmBatch", "N must be an integer in [0, 2^31)");
  if (!get_dim(env, v[5], &g.k)) return fail(env, "sgemmBatch", "K must be an integer in [0, 2^31)");
  if (!get_f32(env, v[6], &g.alpha)) return fail(env, "sgemmBatch", "alpha must be a number");
  if (!get_f32_array(env, v[7], &g.a, &g.lenA)) return fail(env, "sgemmBatch", "A must be a Float32Array");
  if (!get_dim(env, v[8], &g.lda)) return fail(env, "sgemmBatch", "lda must be an integer in [0, 2^31)");
  if (!get_dim(env, v[9], &g.sa)) return fail(env, "sgemmBatch", "strideA must be an integer in [0, 2^31)");
  if (!get_f32_array(env, v[10], &g.b, &g.lenB)) return fail(env, "sgemmBatch", "B must be a Float32Array");
  if (!get_dim(env, v[11], &g.ldb)) return fail(env, "sgemmBatch", "ldb must be an integer in [0, 2^31)");
  if (!get_dim(env, v[12], &g.sb)) return fail(env, "sgemmBatch", "strideB must be an integer in [0, 2^31)");
  if (!get_f32(env, v[13], &g.beta)) return fail(env, "sgemmBatch", "beta must be a number");
  if (!get_f32_array(env, v[14], &g.c, &g.lenC)) return fail(env, "sgemmBatch", "C must be a Float32Array");
  if (!get_dim(env, v[15], &g.ldc)) return fail(env, "sgemmBatch", "ldc must be an integer in [0, 2^31)");
  if (!get_dim(env, v[16], &g.sc)) return fail(env, "sgemmBatch", "strideC must be an integer in [0, 2^31)");
  const char *err = validate(&g);
  if (err) return fail(env, "sgemmBatch", err);
  run(&g);
  return NULL;
}

static napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value v[1];
  CHECK(napi_get_cb_info(env, info, &argc, v, NULL, NULL));
  int64_t n;
  if (argc != 1 || !get_dim(env, v[0], &n) || n < 1 || n > 1024) return fail(env, "setNumThreads", "n must be an integer in [1, 1024]");
  openblas_set_num_threads((int)n);
  return NULL;
}

static napi_value NumThreads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &out));
  return out;
}

static napi_value Config(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  const char *c = openblas_get_config();
  CHECK(napi_create_string_utf8(env, c ? c : "", NAPI_AUTO_LENGTH, &out));
  return out;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, Sgemm, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"sgemmBatch", NULL, SgemmBatch, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"setNumThreads", NULL, SetNumThreads, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"numThreads", NULL, NumThreads, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"config", NULL, Config, NULL, NULL, NULL, napi_default_jsproperty, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
