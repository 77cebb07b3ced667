// Shared definitions of the gpu bundle's CUDA kernels: op codes, element math per dtype, index
// decoding of strided views. Compiled by nvcc (one fatbin for sm_90 + compute_75 PTX) and, in the
// bundle's tests, by g++ as plain C++ through an emulation header (src/test/cuda/cuda_emulation.h).
//
// Conventions of every kernel in this folder:
//  - launches are 1-D: grid = blockIdx.x only, block = threadIdx.x only;
//  - element counts, offsets and strides are in elements (not bytes) and are 64-bit (long long);
//  - a strided operand is (base pointer, element offset, strides[rank]); element (c_0..c_{r-1}) of
//    the logical shape lives at base[offset + sum_d c_d * stride_d]; a broadcast axis has stride 0;
//  - rank <= POLY_MAX_RANK; the caller squeezes or merges axes beyond that;
//  - kernels loop grid-stride, so any grid size covers any n.
#pragma once

#include <math.h>

#define POLY_MAX_RANK 8

// Binary op codes (BinaryOp in CudaOps.java carries the same numbers).
// Comparisons give 1 or 0 in the operands' dtype. max/min propagate NaN.
enum PolyBinaryOp {
    POLY_ADD = 0, POLY_SUB = 1, POLY_MUL = 2, POLY_DIV = 3, POLY_POW = 4,
    POLY_MAX = 5, POLY_MIN = 6,
    POLY_EQ = 7, POLY_NE = 8, POLY_LT = 9, POLY_LE = 10, POLY_GT = 11, POLY_GE = 12,
    POLY_ATAN2 = 13, POLY_MOD = 14
};

// Unary op codes (UnaryOp in CudaOps.java carries the same numbers).
enum PolyUnaryOp {
    POLY_NEG = 0, POLY_EXP = 1, POLY_LOG = 2, POLY_SQRT = 3, POLY_ABS = 4, POLY_TANH = 5,
    POLY_SIGMOID = 6, POLY_SIN = 7, POLY_COS = 8, POLY_RELU = 9, POLY_SQUARE = 10,
    POLY_RECIPROCAL = 11, POLY_LOG1P = 12, POLY_EXPM1 = 13,
    POLY_SIGN = 14, POLY_RSQRT = 15, POLY_TAN = 16, POLY_ASIN = 17, POLY_ACOS = 18, POLY_ATAN = 19,
    POLY_SINH = 20, POLY_COSH = 21, POLY_ERF = 22, POLY_FLOOR = 23, POLY_CEIL = 24, POLY_ROUND = 25,
    POLY_IS_NAN = 26, POLY_IS_FINITE = 27
};

// Reduction op codes (ReduceOp in CudaOps.java): sum, max, min and product over the last axis.
// Identities of an empty row: 0, -inf, +inf, 1.
enum PolyReduceOp { POLY_RED_SUM = 0, POLY_RED_MAX = 1, POLY_RED_MIN = 2, POLY_RED_PROD = 3 };

// Ops of argreduce_last (ArgOp in KernelOps.java): index of the first maximum or minimum.
enum PolyArgOp { POLY_ARGMAX = 0, POLY_ARGMIN = 1 };

// Element math, overloaded by dtype so that templates pick the float or double library routine.
__device__ __forceinline__ float  pm_exp(float x)    { return expf(x); }
__device__ __forceinline__ double pm_exp(double x)   { return exp(x); }
__device__ __forceinline__ float  pm_log(float x)    { return logf(x); }
__device__ __forceinline__ double pm_log(double x)   { return log(x); }
__device__ __forceinline__ float  pm_sqrt(float x)   { return sqrtf(x); }
__device__ __forceinline__ double pm_sqrt(double x)  { return sqrt(x); }
__device__ __forceinline__ float  pm_abs(float x)    { return fabsf(x); }
__device__ __forceinline__ double pm_abs(double x)   { return fabs(x); }
__device__ __forceinline__ float  pm_tanh(float x)   { return tanhf(x); }
__device__ __forceinline__ double pm_tanh(double x)  { return tanh(x); }
__device__ __forceinline__ float  pm_sin(float x)    { return sinf(x); }
__device__ __forceinline__ double pm_sin(double x)   { return sin(x); }
__device__ __forceinline__ float  pm_cos(float x)    { return cosf(x); }
__device__ __forceinline__ double pm_cos(double x)   { return cos(x); }
__device__ __forceinline__ float  pm_log1p(float x)  { return log1pf(x); }
__device__ __forceinline__ double pm_log1p(double x) { return log1p(x); }
__device__ __forceinline__ float  pm_expm1(float x)  { return expm1f(x); }
__device__ __forceinline__ double pm_expm1(double x) { return expm1(x); }
__device__ __forceinline__ float  pm_tan(float x)    { return tanf(x); }
__device__ __forceinline__ double pm_tan(double x)   { return tan(x); }
__device__ __forceinline__ float  pm_asin(float x)   { return asinf(x); }
__device__ __forceinline__ double pm_asin(double x)  { return asin(x); }
__device__ __forceinline__ float  pm_acos(float x)   { return acosf(x); }
__device__ __forceinline__ double pm_acos(double x)  { return acos(x); }
__device__ __forceinline__ float  pm_atan(float x)   { return atanf(x); }
__device__ __forceinline__ double pm_atan(double x)  { return atan(x); }
__device__ __forceinline__ float  pm_sinh(float x)   { return sinhf(x); }
__device__ __forceinline__ double pm_sinh(double x)  { return sinh(x); }
__device__ __forceinline__ float  pm_cosh(float x)   { return coshf(x); }
__device__ __forceinline__ double pm_cosh(double x)  { return cosh(x); }
__device__ __forceinline__ float  pm_erf(float x)    { return erff(x); }
__device__ __forceinline__ double pm_erf(double x)   { return erf(x); }
__device__ __forceinline__ float  pm_floor(float x)  { return floorf(x); }
__device__ __forceinline__ double pm_floor(double x) { return floor(x); }
__device__ __forceinline__ float  pm_ceil(float x)   { return ceilf(x); }
__device__ __forceinline__ double pm_ceil(double x)  { return ceil(x); }
// rint rounds halves to even in the default rounding mode (numpy.round with 0 decimals)
__device__ __forceinline__ float  pm_rint(float x)   { return rintf(x); }
__device__ __forceinline__ double pm_rint(double x)  { return rint(x); }
__device__ __forceinline__ float  pm_atan2(float a, float b)   { return atan2f(a, b); }
__device__ __forceinline__ double pm_atan2(double a, double b) { return atan2(a, b); }
__device__ __forceinline__ float  pm_fmod(float a, float b)    { return fmodf(a, b); }
__device__ __forceinline__ double pm_fmod(double a, double b)  { return fmod(a, b); }
__device__ __forceinline__ float  pm_pow(float a, float b)   { return powf(a, b); }
__device__ __forceinline__ double pm_pow(double a, double b) { return pow(a, b); }
__device__ __forceinline__ float  pm_nan(float)  { return nanf(""); }
__device__ __forceinline__ double pm_nan(double) { return nan(""); }
__device__ __forceinline__ float  pm_inf(float)  { return HUGE_VALF; }
__device__ __forceinline__ double pm_inf(double) { return HUGE_VAL; }

// max/min that return NaN when either operand is NaN (fmax/fmin would drop it).
template <typename T> __device__ __forceinline__ T pm_max(T a, T b) {
    return (a != a || b != b) ? pm_nan(a) : (a > b ? a : b);
}
template <typename T> __device__ __forceinline__ T pm_min(T a, T b) {
    return (a != a || b != b) ? pm_nan(a) : (a < b ? a : b);
}

// numpy.mod: the remainder of fmod moved to the divisor's sign (NaN for a zero divisor).
template <typename T> __device__ __forceinline__ T pm_mod(T a, T b) {
    T r = pm_fmod(a, b);
    if (r != T(0) && ((r < T(0)) != (b < T(0)))) r += b;
    return r;
}

// Logistic function 1/(1+e^-x), written so that neither branch overflows.
template <typename T> __device__ __forceinline__ T pm_sigmoid(T x) {
    if (x >= T(0)) return T(1) / (T(1) + pm_exp(-x));
    T e = pm_exp(x);
    return e / (T(1) + e);
}

template <typename T> __device__ __forceinline__ T binary_apply(int op, T a, T b) {
    switch (op) {
        case POLY_ADD: return a + b;
        case POLY_SUB: return a - b;
        case POLY_MUL: return a * b;
        case POLY_DIV: return a / b;
        case POLY_POW: return pm_pow(a, b);
        case POLY_MAX: return pm_max(a, b);
        case POLY_MIN: return pm_min(a, b);
        case POLY_EQ:  return a == b ? T(1) : T(0);
        case POLY_NE:  return a != b ? T(1) : T(0);
        case POLY_LT:  return a < b ? T(1) : T(0);
        case POLY_LE:  return a <= b ? T(1) : T(0);
        case POLY_GT:  return a > b ? T(1) : T(0);
        case POLY_GE:  return a >= b ? T(1) : T(0);
        case POLY_ATAN2: return pm_atan2(a, b);
        case POLY_MOD: return pm_mod(a, b);
        default:       return pm_nan(a); // unknown op code: NaN makes the mistake visible
    }
}

template <typename T> __device__ __forceinline__ T unary_apply(int op, T x) {
    switch (op) {
        case POLY_NEG:        return -x;
        case POLY_EXP:        return pm_exp(x);
        case POLY_LOG:        return pm_log(x);
        case POLY_SQRT:       return pm_sqrt(x);
        case POLY_ABS:        return pm_abs(x);
        case POLY_TANH:       return pm_tanh(x);
        case POLY_SIGMOID:    return pm_sigmoid(x);
        case POLY_SIN:        return pm_sin(x);
        case POLY_COS:        return pm_cos(x);
        case POLY_RELU:       return x > T(0) ? x : (x != x ? x : T(0));
        case POLY_SQUARE:     return x * x;
        case POLY_RECIPROCAL: return T(1) / x;
        case POLY_LOG1P:      return pm_log1p(x);
        case POLY_EXPM1:      return pm_expm1(x);
        case POLY_SIGN:       return x > T(0) ? T(1) : (x < T(0) ? T(-1) : x); // +-0 and NaN stay
        case POLY_RSQRT:      return T(1) / pm_sqrt(x);
        case POLY_TAN:        return pm_tan(x);
        case POLY_ASIN:       return pm_asin(x);
        case POLY_ACOS:       return pm_acos(x);
        case POLY_ATAN:       return pm_atan(x);
        case POLY_SINH:       return pm_sinh(x);
        case POLY_COSH:       return pm_cosh(x);
        case POLY_ERF:        return pm_erf(x);
        case POLY_FLOOR:      return pm_floor(x);
        case POLY_CEIL:       return pm_ceil(x);
        case POLY_ROUND:      return pm_rint(x);
        case POLY_IS_NAN:     return x != x ? T(1) : T(0);
        case POLY_IS_FINITE:  return x - x == T(0) ? T(1) : T(0); // inf - inf and NaN - NaN are NaN
        default:              return pm_nan(x);
    }
}

// First global thread index and the grid-stride step, as 64-bit values.
__device__ __forceinline__ long long poly_first() {
    return (long long) blockIdx.x * blockDim.x + threadIdx.x;
}
__device__ __forceinline__ long long poly_step() {
    return (long long) gridDim.x * blockDim.x;
}

// Splits the row-major linear index i of `shape` (rank axes) into coordinates and returns the
// element offsets sum_d c_d * strides_k[d] of up to three operands (strides_k = meta + k*rank).
// meta = [shape[rank], strides_0[rank], strides_1[rank], strides_2[rank]].
__device__ __forceinline__ void poly_offsets(long long i, int rank, const long long* meta, int operands,
                                             long long* off0, long long* off1, long long* off2) {
    long long o0 = 0, o1 = 0, o2 = 0;
    for (int d = rank - 1; d >= 0; --d) {
        long long extent = meta[d];
        long long c = i % extent;
        i /= extent;
        o0 += c * meta[rank + d];
        if (operands > 1) o1 += c * meta[2 * rank + d];
        if (operands > 2) o2 += c * meta[3 * rank + d];
    }
    *off0 = o0;
    *off1 = o1;
    *off2 = o2;
}
