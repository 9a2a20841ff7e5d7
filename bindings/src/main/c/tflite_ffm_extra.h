/*
 * tflite_ffm_extra.h -- written by the tflite-ffm project (not an upstream
 * file).
 *
 * TARGET: the TensorFlow Lite 2.21.0 native library (C API). The rest of the
 * binding is generated from the TensorFlow Lite 2.16.1 AAR headers. This header
 * declares only what those 2.16.1 headers lack and what the 2.21.0 library
 * exports (each name checked with `nm -D --defined-only`). Signatures and
 * struct layouts are copied from the 2.21-era upstream headers listed here.
 * Parameter names, comments and `TFL_CAPI_EXPORT` are left out. Empty C
 * parameter lists `()` are written as `(void)`, which does not change the ABI.
 *
 * Sources (upstream repository + path; all files read at LiteRT commit
 * 2a0d2650fbe3ad9017e69007d1d64adcf4c6810c, 2026-02-13, the last commit before
 * TfLiteXNNPackDelegateOptions grew a field; the 2.21.0 library still has the
 * 56-byte struct, see the XNNPACK section):
 *   [1] google-ai-edge/LiteRT  tflite/core/c/common.h
 *         (TfLiteTensorGetDimsSignature, TfLiteBlockwiseQuantization, and the
 *          the TfLiteQuantizationType / TfLiteAllocationType /
 *          TfLiteDelegateFlags values in section 0)
 *   [2] google-ai-edge/LiteRT  tflite/converter/core/c/tflite_types.h
 *         (TfLiteType values added after 2.16)
 *   [3] google-ai-edge/LiteRT  tflite/core/c/c_api_types.h
 *         (TfLiteStatus value added after 2.16)
 *   [4] google-ai-edge/LiteRT  tflite/delegates/xnnpack/xnnpack_delegate.h
 *   [5] google-ai-edge/LiteRT  tflite/delegates/external/external_delegate.h
 *       (tensorflow/tensorflow
 *        tensorflow/lite/delegates/external/external_delegate.h declares
 *        the same things)
 *   [6] google-ai-edge/LiteRT  tflite/core/c/operator.h
 *         (read at commit 0a13a3b674e62a690e3f69ecf8ed0bb12233781d)
 *   [7] google-ai-edge/LiteRT  tflite/core/c/c_api.h
 *         (TfLiteInterpreterOptionsAddOperator; read at commit
 *          294013afc9cdc08863554c03a085f36c8bb00415)
 *   [8] google-ai-edge/LiteRT  tflite/profiling/telemetry/c/profiler.h
 *   [9] google-ai-edge/LiteRT  tflite/core/c/c_api_experimental.h
 *         (TfLiteInterpreterOptionsSetTelemetryProfiler)
 *
 * Plain C (C99/C11), kept parseable by jextract / libclang 14. Include it
 * after, or instead of, the AAR's tensorflow/lite/core/c/c_api.h.
 */
#ifndef TFLITE_FFM_EXTRA_H_
#define TFLITE_FFM_EXTRA_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/core/c/c_api.h"
#include "tensorflow/lite/core/c/common.h"

#ifdef __cplusplus
extern "C" {
#endif /* __cplusplus */

/* ------------------------------------------------------------------------
 * 0. Enum values that 2.21 adds to enums the 2.16.1 headers already define.
 *    All additions come after the existing values, so every 2.16.1 value is
 *    unchanged. Upstream names are given in the comments. The names here have
 *    a TFLITE_FFM_ prefix so they cannot clash with the upstream enumerators.
 * ---------------------------------------------------------------------- */
/* TfLiteType [2] */
#define TFLITE_FFM_TYPE_BFLOAT16 19 /* kTfLiteBFloat16 */
#define TFLITE_FFM_TYPE_INT2 20     /* kTfLiteInt2 */
#define TFLITE_FFM_TYPE_UINT4 21    /* kTfLiteUInt4 */
/* TfLiteStatus [3] */
#define TFLITE_FFM_STATUS_OUTPUT_SHAPE_NOT_KNOWN 9 /* kTfLiteOutputShapeNotKnown */
/* TfLiteQuantizationType [1] */
#define TFLITE_FFM_QUANTIZATION_BLOCKWISE 2 /* kTfLiteBlockwiseQuantization */
/* TfLiteAllocationType [1] */
#define TFLITE_FFM_ALLOCATION_NON_CPU 8 /* kTfLiteNonCpu */
/* TfLiteDelegateFlags [1] */
#define TFLITE_FFM_DELEGATE_FLAGS_HINT_FULLY_DELEGATED_TO_SINGLE_DELEGATE \
  8 /* kTfLiteDelegateFlagsHintFullyDelegatedToSingleDelegate */

/* Used by `TfLiteQuantization.params` when `type` is
 * kTfLiteBlockwiseQuantization (2). Copied from [1]; sizeof == 16. */
typedef struct TfLiteBlockwiseQuantization {
  /* Index of the tensor containing the scales. */
  int32_t scale;
  /* Index of the tensor containing the zero points. */
  int32_t zero_point;
  /* Quantization blocksize. */
  int32_t blocksize;
  int32_t quantized_dimension;
} TfLiteBlockwiseQuantization;

/* ------------------------------------------------------------------------
 * 1. Tensor shape signature. Source [1]; declared in upstream common.h
 *    (not c_api.h) inside `#ifndef TF_LITE_STATIC_MEMORY`.
 * ---------------------------------------------------------------------- */

/* Returns the tensor's shape with -1 for each unknown dimension. If some
 * dimension is unknown this is `t->dims_signature`, otherwise `t->dims`.
 * The returned array belongs to the tensor. */
const TfLiteIntArray* TfLiteTensorGetDimsSignature(const TfLiteTensor* t);

/* ------------------------------------------------------------------------
 * 2. XNNPACK delegate. Source [4].
 *
 *    Use the LiteRT copy of this file, not the stale copy in
 *    tensorflow/tensorflow. Checked against the 2.21.0 library:
 *    TfLiteXNNPackDelegateOptionsDefault() writes exactly 56 bytes, namely
 *    num_threads=0, runtime_flags=0, flags=0x3 (QS8|QU8),
 *    weight_cache_file_descriptor=-1 and everything else 0/NULL. Later LiteRT
 *    revisions (2026-02-13 on) add `bool weight_cache_lock_memory`, making the
 *    struct 64 bytes. The 2.21.0 library does NOT have that field, so it is
 *    not declared here.
 * ---------------------------------------------------------------------- */

/* Bits for TfLiteXNNPackDelegateOptions.flags */
/* Enable XNNPACK acceleration for signed quantized 8-bit inference
 * (including operators with channel-wise quantized weights). */
#define TFLITE_XNNPACK_DELEGATE_FLAG_QS8 0x00000001
/* Enable XNNPACK acceleration for unsigned quantized 8-bit inference. */
#define TFLITE_XNNPACK_DELEGATE_FLAG_QU8 0x00000002
/* Force FP16 inference for FP32 operators. */
#define TFLITE_XNNPACK_DELEGATE_FLAG_FORCE_FP16 0x00000004
/* Enable XNNPACK acceleration for FULLY_CONNECTED with dynamic weights. */
#define TFLITE_XNNPACK_DELEGATE_FLAG_DYNAMIC_FULLY_CONNECTED 0x00000008
/* Enable VAR_HANDLE, READ_VARIABLE and ASSIGN_VARIABLE operators. */
#define TFLITE_XNNPACK_DELEGATE_FLAG_VARIABLE_OPERATORS 0x00000010
/* Transient indirection buffer (less memory, re-initialised every run). */
#define TFLITE_XNNPACK_DELEGATE_FLAG_TRANSIENT_INDIRECTION_BUFFER 0x00000020
/* Enable the latest, not yet default, XNNPACK operators and features. */
#define TFLITE_XNNPACK_DELEGATE_FLAG_ENABLE_LATEST_OPERATORS 0x00000040
/* Enable subgraph reshaping (dynamic tensors / efficient input resize).
 * Upstream has deprecated this flag: reshaping has been on by default since
 * mid-2025. */
#define TFLITE_XNNPACK_DELEGATE_FLAG_ENABLE_SUBGRAPH_RESHAPING 0x00000080
/* Aim for numerically consistent results (avoid faster inconsistent paths). */
#define TFLITE_XNNPACK_DELEGATE_FLAG_SLOW_CONSISTENT_ARITHMETIC 0x00000200
/* Disable subgraph reshaping (models with dynamic tensors unsupported). */
#define TFLITE_XNNPACK_DELEGATE_FLAG_DISABLE_SUBGRAPH_RESHAPING 0x00000400
/* Disable delegation of dynamically quantized ops. Added upstream 2025-09-09
 * (LiteRT da62d1774), so older copies such as LiteRT 0fdbbff (2025-07-04) do
 * not have it; the struct layout is the same in both. The 2.21.0 library does
 * check this bit: its disassembly has `testb $0x8,0xf1(delegate)` (flags bit
 * 0x800) followed by `cmp $1` (kTfLiteFloat32), matching the upstream
 * code. */
#define TFLITE_XNNPACK_DELEGATE_FLAG_DISABLE_DYNAMICALLY_QUANTIZED_OPS 0x00000800

/* Opaque weights cache that several delegate instances can share. */
struct TfLiteXNNPackDelegateWeightsCache;

/* x86-64 / LP64 layout (checked with offsetof):
 *   off  0 int32_t     num_threads
 *   off  4 uint32_t    runtime_flags
 *   off  8 uint32_t    flags
 *   (4 bytes padding)
 *   off 16 struct TfLiteXNNPackDelegateWeightsCache* weights_cache
 *   off 24 bool        handle_variable_ops
 *   (7 bytes padding)
 *   off 32 const char* weight_cache_file_path
 *   off 40 int         weight_cache_file_descriptor
 *   (4 bytes padding)
 *   off 48 void*       weight_cache_provider
 *   sizeof == 56, alignof == 8
 * Upstream declares it as an anonymous `typedef struct {...}`. The struct tag
 * added here does not change the layout or the ABI. */
typedef struct TfLiteXNNPackDelegateOptions {
  /* Number of threads in the thread pool. 0 or negative means no thread
   * pool. */
  int32_t num_threads;
  /* Flags to pass to `xnn_create_runtime`. */
  uint32_t runtime_flags;
  /* Bitfield of TFLITE_XNNPACK_DELEGATE_FLAG_* values. */
  uint32_t flags;
  /* Cache for packed weights, can be shared between delegate instances. */
  struct TfLiteXNNPackDelegateWeightsCache* weights_cache;
  /* Deprecated: use flags with TFLITE_XNNPACK_DELEGATE_FLAG_VARIABLE_OPERATORS. */
  bool handle_variable_ops;
  /* Path of the weight cache to load. Only used when weights_cache is NULL. */
  const char* weight_cache_file_path;
  /* Explicit weight cache file descriptor. It overrides the path, and 0 is not
   * accepted (use -1 for "none"). The delegate takes ownership. Only used when
   * weights_cache is NULL. */
  int weight_cache_file_descriptor;
  /* Existing weight cache provider (NOT owned by the delegate). It overrides
   * the path and the descriptor. Only used when weights_cache is NULL. */
  void* weight_cache_provider;
} TfLiteXNNPackDelegateOptions;

/* True on systems that support the in-memory weight cache provider. */
bool TfLiteXNNPackDelegateCanUseInMemoryWeightCacheProvider(void);

/* Pass this as weight_cache_file_path to activate the in-memory weight cache
 * (weight deduplication). The string is static. */
const char* TfLiteXNNPackDelegateInMemoryFilePath(void);

/* Returns the default XNNPack delegate options. */
TfLiteXNNPackDelegateOptions TfLiteXNNPackDelegateOptionsDefault(void);

/* Creates a delegate. Destroy it with TfLiteXNNPackDelegateDelete. If
 * options is NULL, the defaults are used. */
TfLiteDelegate* TfLiteXNNPackDelegateCreate(
    const TfLiteXNNPackDelegateOptions* options);

/* Returns the pthreadpool_t used by the delegate. NULL if single-threaded.
 * Experimental. */
void* TfLiteXNNPackDelegateGetThreadPool(TfLiteDelegate* delegate);

/* Returns the delegate's options (owned by the delegate). NULL if delegate is
 * NULL. Experimental. */
const TfLiteXNNPackDelegateOptions* TfLiteXNNPackDelegateGetOptions(
    TfLiteDelegate* delegate);

/* Returns the delegate's flags (TfLiteXNNPackDelegateOptions.flags).
 * Experimental. */
int TfLiteXNNPackDelegateGetFlags(TfLiteDelegate* delegate);

/* Destroys a delegate created by TfLiteXNNPackDelegateCreate. */
void TfLiteXNNPackDelegateDelete(TfLiteDelegate* delegate);

/* Creates a weights cache that several delegate instances can share. Prefer
 * ...CreateWithSize. */
struct TfLiteXNNPackDelegateWeightsCache*
TfLiteXNNPackDelegateWeightsCacheCreate(void);

/* Creates a weights cache that can hold `size` bytes without growing. */
struct TfLiteXNNPackDelegateWeightsCache*
TfLiteXNNPackDelegateWeightsCacheCreateWithSize(size_t size);

/* Soft-finalizes the cache: later inserts are allowed only on a cache hit.
 * Returns true on success. */
bool TfLiteXNNPackDelegateWeightsCacheFinalizeSoft(
    struct TfLiteXNNPackDelegateWeightsCache* cache);

/* Hard-finalizes the cache: it is frozen and shrunk to the smallest size.
 * Returns true on success. */
bool TfLiteXNNPackDelegateWeightsCacheFinalizeHard(
    struct TfLiteXNNPackDelegateWeightsCache* cache);

/* Destroys a weights cache. */
void TfLiteXNNPackDelegateWeightsCacheDelete(
    struct TfLiteXNNPackDelegateWeightsCache* cache);

/* ------------------------------------------------------------------------
 * 3. External delegate (dlopen()s a delegate plugin library). Source [5].
 * ---------------------------------------------------------------------- */

#define kExternalDelegateMaxOptions 256

/* x86-64 / LP64 layout (checked with offsetof):
 *   off    0 const char* lib_path
 *   off    8 int         count
 *   (4 bytes padding)
 *   off   16 const char* keys[256]
 *   off 2064 const char* values[256]
 *   off 4112 TfLiteStatus (*insert)(struct TfLiteExternalDelegateOptions*,
 *                                   const char*, const char*)
 *   sizeof == 4120, alignof == 8
 * The keys, values and lib_path strings are NOT copied. They must outlive
 * TfLiteExternalDelegateCreate. */
typedef struct TfLiteExternalDelegateOptions {
  const char* lib_path;
  int count;
  const char* keys[kExternalDelegateMaxOptions];
  const char* values[kExternalDelegateMaxOptions];
  TfLiteStatus (*insert)(struct TfLiteExternalDelegateOptions* options,
                         const char* key, const char* value);
} TfLiteExternalDelegateOptions;

/* Adds a key/value pair to the options. */
TfLiteStatus TfLiteExternalDelegateOptionsInsert(
    TfLiteExternalDelegateOptions* options, const char* key,
    const char* value);

/* Returns options holding only the given shared library path, with count=0
 * and insert=TfLiteExternalDelegateOptionsInsert. In 2.21.0 the keys[] and
 * values[] arrays are NOT initialised (they hold stack garbage), so read only
 * the first `count` entries. */
TfLiteExternalDelegateOptions TfLiteExternalDelegateOptionsDefault(
    const char* lib_path);

/* Creates a delegate that wraps the plugin's tflite_plugin_create_delegate().
 * Destroy it with TfLiteExternalDelegateDelete.
 * 2.21.0 BUG: if the library cannot be loaded, does not export
 * tflite_plugin_create_delegate / tflite_plugin_destroy_delegate, or the
 * plugin returns NULL, this still returns a NON-NULL TfLiteDelegate* whose
 * fields (data_, Prepare, ...) are uninitialised heap memory. Applying it or
 * calling TfLiteExternalDelegateDelete on it is undefined behaviour (seen:
 * "free(): invalid pointer" abort). Fixed upstream after 2.21 by LiteRT
 * 8640f51b1 (2026-06-12). Callers should check the plugin first (dlopen +
 * dlsym of both symbols) and never Delete a delegate from a failed Create. */
TfLiteDelegate* TfLiteExternalDelegateCreate(
    const TfLiteExternalDelegateOptions* options);

/* Destroys a delegate created by TfLiteExternalDelegateCreate. */
void TfLiteExternalDelegateDelete(TfLiteDelegate* delegate);

/* ------------------------------------------------------------------------
 * 4. Operators defined outside TFLite (custom ops). Sources [6] and [7].
 *
 *    2.16.1 calls this type TfLiteRegistrationExternal and its functions
 *    TfLiteRegistrationExternal*; the 2.21.0 library exports only the
 *    TfLiteOperator* names below. TfLiteBuiltinOperator comes from
 *    builtin_ops.h, TfLiteOpaqueContext and TfLiteOpaqueNode from common.h,
 *    struct TfLiteAsyncKernel from the async types header.
 *
 *    TfLiteOperatorCreate keeps the `custom_name` pointer (it does not copy
 *    the string): the string must outlive the operator and every interpreter
 *    that uses it.
 * ---------------------------------------------------------------------- */

/* An opaque version of TfLiteRegistration: the definition of a custom or
 * builtin op, with its callbacks. */
typedef struct TfLiteOperator TfLiteOperator;

/* Returns a new operator with the given identity (builtin code, or
 * kTfLiteBuiltinCustom with a custom name; version) and all callbacks unset,
 * or NULL on failure. `user_data` is passed to the ...WithData callbacks. The
 * caller keeps ownership: the operator must outlive every interpreter that
 * uses it. */
TfLiteOperator* TfLiteOperatorCreate(TfLiteBuiltinOperator builtin_code,
                                     const char* custom_name, int version,
                                     void* user_data);

/* Destroys an operator. */
void TfLiteOperatorDelete(TfLiteOperator* registration);

/* Returns the builtin op code. */
TfLiteBuiltinOperator TfLiteOperatorGetBuiltInCode(
    const TfLiteOperator* registration);

/* Returns the custom name; non-NULL iff the op is a custom op. */
const char* TfLiteOperatorGetCustomName(const TfLiteOperator* registration);

/* Returns the op version, or -1 on error or for a NULL operator. */
int TfLiteOperatorGetVersion(const TfLiteOperator* registration);

/* Returns the user data given to TfLiteOperatorCreate, or NULL. */
void* TfLiteOperatorGetUserData(const TfLiteOperator* registration);

/* Sets the init callback: makes a node's data from its serialized options
 * (custom options for custom ops). Deprecated: use ...WithData. */
void TfLiteOperatorSetInit(TfLiteOperator* registration,
                           void* (*init)(TfLiteOpaqueContext* context,
                                         const char* buffer, size_t length));

/* Sets the init callback; it also receives the operator's user data. */
TfLiteStatus TfLiteOperatorSetInitWithData(
    TfLiteOperator* registration,
    void* (*init)(void* user_data, TfLiteOpaqueContext* context,
                  const char* buffer, size_t length));

/* Sets the free callback, which frees what init returned. Deprecated: use
 * ...WithData. */
void TfLiteOperatorSetFree(TfLiteOperator* registration,
                           void (*free)(TfLiteOpaqueContext* context,
                                        void* data));

/* Sets the free callback; it also receives the operator's user data. */
TfLiteStatus TfLiteOperatorSetFreeWithData(
    TfLiteOperator* registration,
    void (*free)(void* user_data, TfLiteOpaqueContext* context, void* data));

/* Sets the prepare callback, called when the op's inputs have been resized.
 * Deprecated: use ...WithData. */
void TfLiteOperatorSetPrepare(TfLiteOperator* registration,
                              TfLiteStatus (*prepare)(
                                  TfLiteOpaqueContext* context,
                                  TfLiteOpaqueNode* node));

/* Sets the prepare callback; it also receives the operator's user data. */
TfLiteStatus TfLiteOperatorSetPrepareWithData(
    TfLiteOperator* registration,
    TfLiteStatus (*prepare)(void* user_data, TfLiteOpaqueContext* context,
                            TfLiteOpaqueNode* node));

/* Sets the invoke callback, called when the op runs. Deprecated: use
 * ...WithData. */
void TfLiteOperatorSetInvoke(TfLiteOperator* registration,
                             TfLiteStatus (*invoke)(
                                 TfLiteOpaqueContext* context,
                                 TfLiteOpaqueNode* node));

/* Sets the invoke callback; it also receives the operator's user data. */
TfLiteStatus TfLiteOperatorSetInvokeWithData(
    TfLiteOperator* registration,
    TfLiteStatus (*invoke)(void* user_data, TfLiteOpaqueContext* context,
                           TfLiteOpaqueNode* node));

/* Sets the async kernel accessor (delegates that support async execution).
 * Experimental. Deprecated: use ...WithData. */
void TfLiteOperatorSetAsyncKernel(
    TfLiteOperator* registration,
    struct TfLiteAsyncKernel* (*async_kernel)(TfLiteOpaqueContext* context,
                                              TfLiteOpaqueNode* node));

/* Sets the async kernel accessor; it also receives the operator's user
 * data. Experimental. */
TfLiteStatus TfLiteOperatorSetAsyncKernelWithData(
    TfLiteOperator* registration,
    struct TfLiteAsyncKernel* (*async_kernel)(void* user_data,
                                              TfLiteOpaqueContext* context,
                                              TfLiteOpaqueNode* node));

/* Sets the inplace_operator bitmask (see TfLiteRegistration). */
void TfLiteOperatorSetInplaceOperator(TfLiteOperator* registration,
                                      uint64_t inplace_operator);

/* Adds an operator to be applied when an interpreter is created with these
 * options. The caller keeps ownership of the operator, which must outlive
 * every interpreter created with the options. Source [7]. */
void TfLiteInterpreterOptionsAddOperator(TfLiteInterpreterOptions* options,
                                         TfLiteOperator* registration);

/* ------------------------------------------------------------------------
 * 5. Telemetry profiler [8] [9]: per-operator begin/end events, for
 *    `tflite-ffm bench --profile`. TfLiteTelemetrySettings is only passed by
 *    pointer here (ReportSettings), so it is declared incomplete.
 *    Upstream notes the struct "does not comply with ABI stability": checked
 *    against the 2.21.0 library (seven pointer fields, 56 bytes).
 * ---------------------------------------------------------------------- */
struct TfLiteTelemetrySettings;

typedef struct TfLiteTelemetryProfilerStruct {
  void* data;
  void (*ReportTelemetryEvent)(struct TfLiteTelemetryProfilerStruct* profiler,
                               const char* event_name, uint64_t status);
  void (*ReportTelemetryOpEvent)(
      struct TfLiteTelemetryProfilerStruct* profiler, const char* event_name,
      int64_t op_idx, int64_t subgraph_idx, uint64_t status);
  void (*ReportSettings)(struct TfLiteTelemetryProfilerStruct* profiler,
                         const char* setting_name,
                         const struct TfLiteTelemetrySettings* settings);
  uint32_t (*ReportBeginOpInvokeEvent)(
      struct TfLiteTelemetryProfilerStruct* profiler, const char* op_name,
      int64_t op_idx, int64_t subgraph_idx);
  void (*ReportEndOpInvokeEvent)(
      struct TfLiteTelemetryProfilerStruct* profiler, uint32_t event_handle);
  void (*ReportOpInvokeEvent)(struct TfLiteTelemetryProfilerStruct* profiler,
                              const char* op_name, uint64_t elapsed_time,
                              int64_t op_idx, int64_t subgraph_idx);
} TfLiteTelemetryProfilerStruct;

/* Sets the telemetry profiler of interpreters made with these options; the
 * profiler must outlive them. */
void TfLiteInterpreterOptionsSetTelemetryProfiler(
    TfLiteInterpreterOptions* options,
    TfLiteTelemetryProfilerStruct* profiler);

#ifdef __cplusplus
} /* extern "C" */
#endif /* __cplusplus */

#endif /* TFLITE_FFM_EXTRA_H_ */
