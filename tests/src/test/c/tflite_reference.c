/*
 * tflite_reference.c: runs a .tflite model through the TensorFlow Lite C API alone, as the reference that
 * the conformance tests compare the Java runtime with. Built at test time by CReference.java with gcc,
 * against the headers the bindings were generated from; it dlopen()s the very library the Java runtime
 * loaded (a JNI library, so it is opened by path, never linked by name).
 *
 * Usage:
 *   tflite_reference --library LIB --model MODEL [--signature KEY] [--threads N] [--xnnpack]
 *                    --outputs DIR { [--shape NAME DIMS] [--input NAME FILE]... --invoke }...
 *
 *   --signature KEY   the signature runner to use; without it, TFLite's default runner (a NULL key)
 *   --threads N       TfLiteInterpreterOptionsSetNumThreads (default 1); also XNNPACK's thread count
 *   --xnnpack         apply the XNNPACK delegate: its default options with num_threads = max(N, 0)
 *   --shape NAME DIMS resize input NAME to DIMS ("5,1"; "" for a scalar) before the next invoke
 *   --input NAME FILE the raw bytes of input NAME for the next invoke (exactly the tensor's byte size)
 *   --invoke          allocate if needed, copy the inputs in, invoke, and write every output k of this
 *                     invocation i as DIR/i.k.bin (raw bytes) and DIR/i.k.txt ("name", "type" (TfLiteType),
 *                     "shape" and "bytes" lines)
 *
 * Every invocation must give every input. All invocations run on one interpreter, in order, so a stateful
 * model sees the same sequence as on the Java side. Prints "invoke I took N ns" for each invocation and, at the
 * end, "invocations I outputs K". Exits 0 on success, 1 when TFLite fails (after its own messages on stderr),
 * 2 on a usage error.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tensorflow/lite/core/c/c_api.h"
#include "tflite_ffm_extra.h"

/* The C API functions used here, resolved with dlsym; typeof keeps the headers' prototypes. */
#define TFLITE_FUNCTIONS(X)                   \
  X(TfLiteVersion)                            \
  X(TfLiteModelCreateFromFile)                \
  X(TfLiteModelDelete)                        \
  X(TfLiteInterpreterOptionsCreate)           \
  X(TfLiteInterpreterOptionsDelete)           \
  X(TfLiteInterpreterOptionsSetNumThreads)    \
  X(TfLiteInterpreterOptionsAddDelegate)      \
  X(TfLiteInterpreterCreate)                  \
  X(TfLiteInterpreterDelete)                  \
  X(TfLiteInterpreterGetInputTensorCount)     \
  X(TfLiteInterpreterGetInputTensor)          \
  X(TfLiteInterpreterResizeInputTensor)       \
  X(TfLiteInterpreterGetSignatureRunner)      \
  X(TfLiteSignatureRunnerGetInputCount)       \
  X(TfLiteSignatureRunnerGetInputName)        \
  X(TfLiteSignatureRunnerGetInputTensor)      \
  X(TfLiteSignatureRunnerResizeInputTensor)   \
  X(TfLiteSignatureRunnerAllocateTensors)     \
  X(TfLiteSignatureRunnerInvoke)              \
  X(TfLiteSignatureRunnerGetOutputCount)      \
  X(TfLiteSignatureRunnerGetOutputName)       \
  X(TfLiteSignatureRunnerGetOutputTensor)     \
  X(TfLiteSignatureRunnerDelete)              \
  X(TfLiteTensorType)                         \
  X(TfLiteTensorNumDims)                      \
  X(TfLiteTensorDim)                          \
  X(TfLiteTensorByteSize)                     \
  X(TfLiteTensorData)                         \
  X(TfLiteTensorCopyFromBuffer)               \
  X(TfLiteTensorGetDimsSignature)             \
  X(TfLiteXNNPackDelegateOptionsDefault)      \
  X(TfLiteXNNPackDelegateCreate)              \
  X(TfLiteXNNPackDelegateDelete)

#define DECLARE_POINTER(name) static __typeof__(&name) p_##name;
TFLITE_FUNCTIONS(DECLARE_POINTER)

#define MAX_DIMS 16

static void fail(int code, const char *format, ...) {
  va_list args;
  va_start(args, format);
  fputs("tflite_reference: ", stderr);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
  exit(code);
}

static void load_library(const char *path) {
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) fail(1, "cannot dlopen %s: %s", path, dlerror());
#define RESOLVE(name)                                                       \
  *(void **)(&p_##name) = dlsym(library, #name);                            \
  if (p_##name == NULL) fail(1, "%s does not export %s", path, #name);
  TFLITE_FUNCTIONS(RESOLVE)
#undef RESOLVE
}

static int parse_dims(const char *text, int *dims) {
  int count = 0;
  const char *p = text;
  while (*p != '\0') {
    char *end;
    errno = 0;
    long value = strtol(p, &end, 10);
    if (end == p || errno != 0 || value < 0 || value > 0x7fffffff || (*end != ',' && *end != '\0'))
      fail(2, "bad dimensions '%s': expected non-negative integers separated by commas", text);
    if (count == MAX_DIMS) fail(2, "bad dimensions '%s': more than %d", text, MAX_DIMS);
    dims[count++] = (int)value;
    p = *end == ',' ? end + 1 : end;
  }
  return count;
}

/* Tensors are looked up by name each time they are used, never kept: TFLite may move its TfLiteTensor
 * structs when it allocates or invokes (kernels add tensors to the subgraph's tensor vector). */
static TfLiteTensor *input_tensor(TfLiteSignatureRunner *runner, const char *name) {
  TfLiteTensor *t = p_TfLiteSignatureRunnerGetInputTensor(runner, name);
  if (t == NULL) fail(2, "the signature has no input '%s'", name);
  return t;
}

static int same_shape(const TfLiteTensor *t, const int *dims, int rank) {
  if (p_TfLiteTensorNumDims(t) != rank) return 0;
  for (int i = 0; i < rank; i++)
    if (p_TfLiteTensorDim(t, i) != dims[i]) return 0;
  return 1;
}

/* As the Java runtime: a signature resize when only -1 dimensions of the shape signature change
 * (TFLite's strict resize), else a resize by index of the primary subgraph's input. */
static void resize(TfLiteInterpreter *interpreter, TfLiteSignatureRunner *runner, const char *name,
                   const int *dims, int rank) {
  TfLiteTensor *t = input_tensor(runner, name);
  const TfLiteIntArray *signature = p_TfLiteTensorGetDimsSignature(t);
  int strict_fits = signature != NULL && signature->size == rank;
  for (int i = 0; strict_fits && i < rank; i++)
    strict_fits = signature->data[i] == -1 || signature->data[i] == dims[i];
  if (strict_fits) {
    if (p_TfLiteSignatureRunnerResizeInputTensor(runner, name, dims, rank) != kTfLiteOk)
      fail(1, "TfLiteSignatureRunnerResizeInputTensor failed for input '%s'", name);
    return;
  }
  int count = p_TfLiteInterpreterGetInputTensorCount(interpreter);
  for (int i = 0; i < count; i++) {
    if (p_TfLiteInterpreterGetInputTensor(interpreter, i) == t) {
      if (p_TfLiteInterpreterResizeInputTensor(interpreter, i, dims, rank) != kTfLiteOk)
        fail(1, "TfLiteInterpreterResizeInputTensor failed for input '%s' (index %d)", name, i);
      return;
    }
  }
  fail(1, "input '%s' may change only its -1 dimensions, and is not an input of the primary subgraph", name);
}

static void copy_input(TfLiteSignatureRunner *runner, const char *name, const char *file) {
  TfLiteTensor *t = input_tensor(runner, name);
  size_t expected = p_TfLiteTensorByteSize(t);
  FILE *f = fopen(file, "rb");
  if (f == NULL) fail(2, "cannot open input file %s for '%s': %s", file, name, strerror(errno));
  char *bytes = malloc(expected + 1);
  if (bytes == NULL) fail(1, "out of memory");
  size_t got = fread(bytes, 1, expected + 1, f);
  int read_error = ferror(f);
  fclose(f);
  if (read_error) fail(2, "cannot read input file %s", file);
  if (got != expected)
    fail(2, "input '%s' takes %zu bytes, file %s has %s%zu", name, expected, file, got > expected ? "more than " : "",
         got > expected ? expected : got);
  if (p_TfLiteTensorCopyFromBuffer(t, bytes, expected) != kTfLiteOk) fail(1, "TfLiteTensorCopyFromBuffer failed for '%s'", name);
  free(bytes);
}

static void write_outputs(TfLiteSignatureRunner *runner, const char *dir, int invocation) {
  size_t count = p_TfLiteSignatureRunnerGetOutputCount(runner);
  for (size_t k = 0; k < count; k++) {
    const char *name = p_TfLiteSignatureRunnerGetOutputName(runner, (int32_t)k);
    const TfLiteTensor *t = p_TfLiteSignatureRunnerGetOutputTensor(runner, name);
    if (t == NULL) fail(1, "no tensor for output '%s'", name);
    char path[4096];
    snprintf(path, sizeof path, "%s/%d.%zu.bin", dir, invocation, k);
    FILE *f = fopen(path, "wb");
    if (f == NULL) fail(2, "cannot write %s: %s", path, strerror(errno));
    size_t size = p_TfLiteTensorByteSize(t);
    const void *data = p_TfLiteTensorData(t);
    if (size > 0 && (data == NULL || fwrite(data, 1, size, f) != size)) fail(1, "cannot write output '%s' to %s", name, path);
    if (fclose(f) != 0) fail(2, "cannot write %s", path);
    snprintf(path, sizeof path, "%s/%d.%zu.txt", dir, invocation, k);
    f = fopen(path, "w");
    if (f == NULL) fail(2, "cannot write %s: %s", path, strerror(errno));
    fprintf(f, "name %s\ntype %d\nshape ", name, (int)p_TfLiteTensorType(t));
    for (int i = 0; i < p_TfLiteTensorNumDims(t); i++) fprintf(f, i == 0 ? "%d" : ",%d", p_TfLiteTensorDim(t, i));
    fprintf(f, "\nbytes %zu\n", size);
    if (fclose(f) != 0) fail(2, "cannot write %s", path);
  }
}

static const char *value_of(int argc, char **argv, int i, int needed) {
  if (i + needed >= argc) fail(2, "%s needs %d argument%s", argv[i], needed, needed == 1 ? "" : "s");
  return argv[i + 1];
}

int main(int argc, char **argv) {
  const char *library = NULL, *model_path = NULL, *signature = NULL, *out_dir = NULL;
  int threads = 1, xnnpack = 0;
  /* First pass: what the interpreter is made of. */
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--library") == 0) library = value_of(argc, argv, i++, 1);
    else if (strcmp(a, "--model") == 0) model_path = value_of(argc, argv, i++, 1);
    else if (strcmp(a, "--signature") == 0) signature = value_of(argc, argv, i++, 1);
    else if (strcmp(a, "--outputs") == 0) out_dir = value_of(argc, argv, i++, 1);
    else if (strcmp(a, "--threads") == 0) threads = atoi(value_of(argc, argv, i++, 1));
    else if (strcmp(a, "--xnnpack") == 0) xnnpack = 1;
    else if (strcmp(a, "--shape") == 0 || strcmp(a, "--input") == 0) {
      value_of(argc, argv, i, 2);
      i += 2;
    }
    else if (strcmp(a, "--invoke") != 0) fail(2, "unknown argument '%s'", a);
  }
  if (library == NULL || model_path == NULL || out_dir == NULL) fail(2, "--library, --model and --outputs are required");
  if (threads < -1 || threads == 0) fail(2, "--threads must be >= 1, or -1 to let TFLite decide");

  load_library(library);
  TfLiteModel *model = p_TfLiteModelCreateFromFile(model_path);
  if (model == NULL) fail(1, "TfLiteModelCreateFromFile failed for %s", model_path);
  TfLiteInterpreterOptions *options = p_TfLiteInterpreterOptionsCreate();
  p_TfLiteInterpreterOptionsSetNumThreads(options, threads);
  TfLiteDelegate *delegate = NULL;
  if (xnnpack) {
    TfLiteXNNPackDelegateOptions xnnpack_options = p_TfLiteXNNPackDelegateOptionsDefault();
    xnnpack_options.num_threads = threads > 0 ? threads : 0;
    delegate = p_TfLiteXNNPackDelegateCreate(&xnnpack_options);
    if (delegate == NULL) fail(1, "TfLiteXNNPackDelegateCreate returned no delegate");
    p_TfLiteInterpreterOptionsAddDelegate(options, delegate);
  }
  TfLiteInterpreter *interpreter = p_TfLiteInterpreterCreate(model, options);
  if (interpreter == NULL) fail(1, "TfLiteInterpreterCreate failed for %s", model_path);
  TfLiteSignatureRunner *runner = p_TfLiteInterpreterGetSignatureRunner(interpreter, signature);
  if (runner == NULL) fail(1, "no signature runner for %s%s%s", signature ? "key '" : "the default (NULL) key", signature ? signature : "", signature ? "'" : "");

  /* Second pass: resizes, inputs and invocations, in order. */
  int input_count = (int)p_TfLiteSignatureRunnerGetInputCount(runner);
  char *given = calloc(input_count > 0 ? input_count : 1, 1);
  int *pending = calloc(argc, sizeof(int)); /* argv indexes of the --input options since the last --invoke */
  if (given == NULL || pending == NULL) fail(1, "out of memory");
  int needs_allocation = 1, invocation = 0, pending_count = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--shape") == 0) {
      int dims[MAX_DIMS];
      int rank = parse_dims(argv[i + 2], dims);
      if (!same_shape(input_tensor(runner, argv[i + 1]), dims, rank)) {
        resize(interpreter, runner, argv[i + 1], dims, rank);
        needs_allocation = 1;
      }
      i += 2;
    } else if (strcmp(a, "--input") == 0) {
      pending[pending_count++] = i; /* read at --invoke, after allocation */
      i += 2;
    } else if (strcmp(a, "--library") == 0 || strcmp(a, "--model") == 0 || strcmp(a, "--signature") == 0
               || strcmp(a, "--outputs") == 0 || strcmp(a, "--threads") == 0) {
      i += 1;
    } else if (strcmp(a, "--invoke") == 0) {
      if (needs_allocation) {
        if (p_TfLiteSignatureRunnerAllocateTensors(runner) != kTfLiteOk) fail(1, "TfLiteSignatureRunnerAllocateTensors failed");
        needs_allocation = 0;
      }
      memset(given, 0, input_count > 0 ? input_count : 1);
      for (int p = 0; p < pending_count; p++) {
        const char *name = argv[pending[p] + 1];
        int found = 0;
        for (int k = 0; k < input_count; k++) {
          if (strcmp(p_TfLiteSignatureRunnerGetInputName(runner, k), name) == 0) given[k] = 1, found = 1;
        }
        if (!found) fail(2, "the signature has no input '%s'", name);
        copy_input(runner, name, argv[pending[p] + 2]);
      }
      pending_count = 0;
      for (int k = 0; k < input_count; k++) {
        if (!given[k]) fail(2, "invocation %d gives no --input for '%s'", invocation, p_TfLiteSignatureRunnerGetInputName(runner, k));
      }
      struct timespec start_time, end_time;
      clock_gettime(CLOCK_MONOTONIC, &start_time);
      if (p_TfLiteSignatureRunnerInvoke(runner) != kTfLiteOk) fail(1, "TfLiteSignatureRunnerInvoke failed (invocation %d)", invocation);
      clock_gettime(CLOCK_MONOTONIC, &end_time);
      printf("invoke %d took %lld ns\n", invocation,
             (long long)(end_time.tv_sec - start_time.tv_sec) * 1000000000LL + (end_time.tv_nsec - start_time.tv_nsec));
      write_outputs(runner, out_dir, invocation);
      invocation++;
    }
  }
  if (pending_count > 0) fail(2, "--input after the last --invoke");
  printf("invocations %d outputs %zu\n", invocation, p_TfLiteSignatureRunnerGetOutputCount(runner));

  free(pending);
  free(given);
  p_TfLiteSignatureRunnerDelete(runner);
  p_TfLiteInterpreterDelete(interpreter);
  if (delegate != NULL) p_TfLiteXNNPackDelegateDelete(delegate);
  p_TfLiteInterpreterOptionsDelete(options);
  p_TfLiteModelDelete(model);
  return 0;
}
