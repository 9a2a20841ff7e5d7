/*
 * cloop.c -- the floor for bench/: the same work as the Java contenders (write the input, invoke, read the
 * output) in a C loop over the TFLite C API, timed with clock_gettime(CLOCK_MONOTONIC).
 *
 * The TFLite library is opened with dlopen at the path given (the library this runtime uses, e.g.
 * TfLiteLibrary.get().location()) and every function is looked up with dlsym, as FFM does. Headers: the
 * 2.16.1 AAR's C headers, bindings/src/main/c/standins and bindings/src/main/c/tflite_ffm_extra.h (XNNPACK).
 *
 * Usage:
 *   cloop latency    LIB MODEL SIG IN OUT INPUT_FILE XNNPACK WARMUP_MS ITER_MS ITERATIONS LABEL
 *   cloop throughput LIB MODEL SIG IN OUT INPUT_FILE XNNPACK WARMUP_MS ITER_MS ITERATIONS LABEL THREADS
 *   cloop first      LIB MODEL SIG IN OUT INPUT_FILE XNNPACK LABEL
 * SIG is the signature key, or "-" for TFLite's placeholder signature (a model without SignatureDefs).
 * Each interpreter runs with 1 thread; "throughput" runs THREADS interpreters, one per pthread.
 * Prints one JSON object per line: {"label":..., "mode":"avgt"|"thrpt"|"ss", "unit":..., "raw":[...]}.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tensorflow/lite/core/c/c_api.h"
#include "tflite_ffm_extra.h"

#define FUNCTIONS(X)                            \
  X(TfLiteModelCreateFromFile)                  \
  X(TfLiteModelDelete)                          \
  X(TfLiteInterpreterOptionsCreate)             \
  X(TfLiteInterpreterOptionsSetNumThreads)      \
  X(TfLiteInterpreterOptionsAddDelegate)        \
  X(TfLiteInterpreterOptionsDelete)             \
  X(TfLiteInterpreterCreate)                    \
  X(TfLiteInterpreterDelete)                    \
  X(TfLiteInterpreterGetSignatureRunner)        \
  X(TfLiteSignatureRunnerAllocateTensors)       \
  X(TfLiteSignatureRunnerGetInputTensor)        \
  X(TfLiteSignatureRunnerGetOutputTensor)       \
  X(TfLiteSignatureRunnerInvoke)                \
  X(TfLiteSignatureRunnerDelete)                \
  X(TfLiteTensorData)                           \
  X(TfLiteTensorByteSize)                       \
  X(TfLiteXNNPackDelegateOptionsDefault)        \
  X(TfLiteXNNPackDelegateCreate)                \
  X(TfLiteXNNPackDelegateDelete)                \
  X(TfLiteVersion)

#define DECLARE(name) static __typeof__(&name) p_##name;
FUNCTIONS(DECLARE)

static void die(const char* what, const char* detail) {
  fprintf(stderr, "cloop: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

static void load(const char* path) {
  void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) die("dlopen failed", dlerror());
#define LOOKUP(name) \
  if (!(p_##name = (__typeof__(&name))dlsym(lib, #name))) die("missing symbol", #name);
  FUNCTIONS(LOOKUP)
}

static inline uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

typedef struct {
  const char* model_path;
  const char* sig; /* NULL: placeholder signature */
  const char* in_name;
  const char* out_name;
  const void* input;
  size_t input_bytes;
  int xnnpack;
} Config;

typedef struct {
  TfLiteModel* model;
  TfLiteDelegate* delegate;
  TfLiteInterpreterOptions* options;
  TfLiteInterpreter* interpreter;
  TfLiteSignatureRunner* runner;
  void* in;
  const void* out;
  size_t out_bytes;
  unsigned char* out_copy;
  unsigned long checksum;
} Session;

static void session_open(Session* s, const Config* c, TfLiteModel* shared_model) {
  memset(s, 0, sizeof *s);
  s->model = shared_model ? shared_model : p_TfLiteModelCreateFromFile(c->model_path);
  if (!s->model) die("cannot load model", c->model_path);
  s->options = p_TfLiteInterpreterOptionsCreate();
  p_TfLiteInterpreterOptionsSetNumThreads(s->options, 1);
  if (c->xnnpack) {
    TfLiteXNNPackDelegateOptions xo = p_TfLiteXNNPackDelegateOptionsDefault();
    xo.num_threads = 1;
    s->delegate = p_TfLiteXNNPackDelegateCreate(&xo);
    if (!s->delegate) die("TfLiteXNNPackDelegateCreate failed", NULL);
    p_TfLiteInterpreterOptionsAddDelegate(s->options, s->delegate);
  }
  s->interpreter = p_TfLiteInterpreterCreate(s->model, s->options);
  if (!s->interpreter) die("TfLiteInterpreterCreate failed", c->model_path);
  s->runner = p_TfLiteInterpreterGetSignatureRunner(s->interpreter, c->sig);
  if (!s->runner) die("no signature runner", c->sig ? c->sig : "(placeholder)");
  if (p_TfLiteSignatureRunnerAllocateTensors(s->runner) != kTfLiteOk) die("AllocateTensors failed", NULL);
  /* Tensors are looked up after AllocateTensors: kernels may add tensors while preparing, which can move
   * the interpreter's tensor array. */
  TfLiteTensor* in = p_TfLiteSignatureRunnerGetInputTensor(s->runner, c->in_name);
  const TfLiteTensor* out = p_TfLiteSignatureRunnerGetOutputTensor(s->runner, c->out_name);
  if (!in || !out) die("no such input or output", c->in_name);
  if (p_TfLiteTensorByteSize(in) != c->input_bytes) die("input size differs from the input file", c->in_name);
  s->in = p_TfLiteTensorData(in);
  s->out = p_TfLiteTensorData(out);
  s->out_bytes = p_TfLiteTensorByteSize(out);
  s->out_copy = malloc(s->out_bytes);
}

/* One step: write the input, invoke, read the output (copied out, as the Java contenders do). */
static inline void session_step(Session* s, const Config* c) {
  memcpy(s->in, c->input, c->input_bytes);
  if (p_TfLiteSignatureRunnerInvoke(s->runner) != kTfLiteOk) die("Invoke failed", NULL);
  memcpy(s->out_copy, s->out, s->out_bytes);
  s->checksum += s->out_copy[0];
}

static void session_close(Session* s, int delete_model) {
  p_TfLiteSignatureRunnerDelete(s->runner);
  p_TfLiteInterpreterDelete(s->interpreter);
  if (s->delegate) p_TfLiteXNNPackDelegateDelete(s->delegate);
  p_TfLiteInterpreterOptionsDelete(s->options);
  if (delete_model) p_TfLiteModelDelete(s->model);
  free(s->out_copy);
}

/* Steps in a batch of about 2 ms, so that reading the clock costs nothing measurable. */
static long calibrate(Session* s, const Config* c) {
  long batch = 1;
  for (;;) {
    uint64_t t0 = now_ns();
    for (long i = 0; i < batch; i++) session_step(s, c);
    uint64_t dt = now_ns() - t0;
    if (dt >= 2000000u || batch >= (1L << 30)) {
      long b = (long)((double)batch * 2e6 / (double)(dt ? dt : 1));
      return b < 1 ? 1 : b;
    }
    batch *= 2;
  }
}

/* Runs batches for at least ms milliseconds; returns steps done and the time taken. */
static void run_for(Session* s, const Config* c, long batch, double ms, long* steps, uint64_t* ns) {
  uint64_t t0 = now_ns(), t;
  long n = 0;
  do {
    for (long i = 0; i < batch; i++) session_step(s, c);
    n += batch;
    t = now_ns();
  } while ((double)(t - t0) < ms * 1e6);
  *steps = n;
  *ns = t - t0;
}

static void* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) die("cannot open", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void* buf = malloc(n > 0 ? (size_t)n : 1);
  if (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n) die("cannot read", path);
  fclose(f);
  *size = (size_t)n;
  return buf;
}

typedef struct {
  const Config* c;
  TfLiteModel* model;
  double warmup_ms, iter_ms;
  int iterations;
  pthread_barrier_t* barrier;
  double* ops_per_s; /* per iteration, this thread's */
} Worker;

static void* worker_main(void* arg) {
  Worker* w = arg;
  Session s;
  session_open(&s, w->c, w->model);
  long batch = calibrate(&s, w->c);
  long steps;
  uint64_t ns;
  pthread_barrier_wait(w->barrier);
  run_for(&s, w->c, batch, w->warmup_ms, &steps, &ns);
  for (int i = 0; i < w->iterations; i++) {
    pthread_barrier_wait(w->barrier);
    run_for(&s, w->c, batch, w->iter_ms, &steps, &ns);
    w->ops_per_s[i] = (double)steps * 1e9 / (double)ns;
  }
  session_close(&s, 0);
  return NULL;
}

static void print_json(const char* label, const char* mode, const char* unit, const double* raw, int n,
                       const Config* c, int threads) {
  printf("{\"label\":\"%s\",\"mode\":\"%s\",\"unit\":\"%s\",\"threads\":%d,\"xnnpack\":%s,\"tflite\":\"%s\",\"raw\":[",
         label, mode, unit, threads, c->xnnpack ? "true" : "false", p_TfLiteVersion());
  for (int i = 0; i < n; i++) printf("%s%.6g", i ? "," : "", raw[i]);
  printf("]}\n");
  fflush(stdout);
}

int main(int argc, char** argv) {
  if (argc < 10) {
    fprintf(stderr,
            "usage: cloop latency|throughput LIB MODEL SIG IN OUT INPUT_FILE XNNPACK WARMUP_MS ITER_MS ITERATIONS LABEL [THREADS]\n"
            "       cloop first LIB MODEL SIG IN OUT INPUT_FILE XNNPACK LABEL\n");
    return 2;
  }
  const char* mode = argv[1];
  load(argv[2]);
  Config c;
  c.model_path = argv[3];
  c.sig = strcmp(argv[4], "-") == 0 ? NULL : argv[4];
  c.in_name = argv[5];
  c.out_name = argv[6];
  c.input = read_file(argv[7], &c.input_bytes);
  c.xnnpack = atoi(argv[8]);

  if (strcmp(mode, "first") == 0) {
    /* Time to first result: load the model, create and allocate the interpreter, one step. */
    uint64_t t0 = now_ns();
    Session s;
    session_open(&s, &c, NULL);
    session_step(&s, &c);
    uint64_t dt = now_ns() - t0;
    double ms = (double)dt / 1e6;
    print_json(argv[9], "ss", "ms/op", &ms, 1, &c, 1);
    session_close(&s, 1);
    return 0;
  }
  if (argc < 13) die("missing arguments", mode);
  double warmup_ms = atof(argv[9]), iter_ms = atof(argv[10]);
  int iterations = atoi(argv[11]);
  const char* label = argv[12];
  double* raw = calloc((size_t)iterations, sizeof(double));

  if (strcmp(mode, "latency") == 0) {
    Session s;
    session_open(&s, &c, NULL);
    long batch = calibrate(&s, &c);
    long steps;
    uint64_t ns;
    run_for(&s, &c, batch, warmup_ms, &steps, &ns);
    for (int i = 0; i < iterations; i++) {
      run_for(&s, &c, batch, iter_ms, &steps, &ns);
      raw[i] = (double)ns / 1e3 / (double)steps; /* us/op */
    }
    print_json(label, "avgt", "us/op", raw, iterations, &c, 1);
    if (s.checksum == 42) fprintf(stderr, " ");
    session_close(&s, 1);
    return 0;
  }
  if (strcmp(mode, "throughput") == 0) {
    int threads = argc > 13 ? atoi(argv[13]) : 1;
    TfLiteModel* model = p_TfLiteModelCreateFromFile(c.model_path);
    if (!model) die("cannot load model", c.model_path);
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, (unsigned)threads);
    pthread_t* ids = calloc((size_t)threads, sizeof(pthread_t));
    Worker* workers = calloc((size_t)threads, sizeof(Worker));
    for (int t = 0; t < threads; t++) {
      workers[t] = (Worker){&c, model, warmup_ms, iter_ms, iterations, &barrier, calloc((size_t)iterations, sizeof(double))};
      pthread_create(&ids[t], NULL, worker_main, &workers[t]);
    }
    for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
    for (int i = 0; i < iterations; i++) {
      raw[i] = 0;
      for (int t = 0; t < threads; t++) raw[i] += workers[t].ops_per_s[i] / 1e3; /* ops/ms */
    }
    print_json(label, "thrpt", "ops/ms", raw, iterations, &c, threads);
    p_TfLiteModelDelete(model);
    return 0;
  }
  die("unknown mode", mode);
  return 2;
}
