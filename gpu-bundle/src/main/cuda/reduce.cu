// Reductions (sum, max, min, product) over the last axis of a contiguous row-major [rows, n] array: out[r] = reduce_j x[r*n + j].
// One block per row (grid-stride over rows when grid < rows): each thread folds the columns
// j = tid, tid + blockDim, ... into a private partial, the block's partials go to shared memory and a
// tree of halving steps, separated by __syncthreads, folds them into partial[0].
// blockDim.x <= POLY_REDUCE_MAX_THREADS, any size (not only powers of two).
#include "common.cuh"

#define POLY_REDUCE_MAX_THREADS 1024

template <typename T> __device__ __forceinline__ T reduce_identity(int op) {
    return op == POLY_RED_SUM ? T(0) : op == POLY_RED_MAX ? -pm_inf(T(0)) : op == POLY_RED_MIN ? pm_inf(T(0)) : T(1);
}

template <typename T> __device__ __forceinline__ T reduce_combine(int op, T a, T b) {
    return op == POLY_RED_SUM ? a + b : op == POLY_RED_MAX ? pm_max(a, b) : op == POLY_RED_MIN ? pm_min(a, b) : a * b;
}

template <typename T>
__device__ void reduce_last_impl(int op, long long rows, long long n, const T* x, T* out) {
    __shared__ T partial[POLY_REDUCE_MAX_THREADS];
    const unsigned tid = threadIdx.x;
    unsigned span = 1; // the smallest power of two >= blockDim.x
    while (span < blockDim.x) span <<= 1;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const T* xr = x + row * n;
        T acc = reduce_identity<T>(op);
        for (long long j = tid; j < n; j += blockDim.x) acc = reduce_combine(op, acc, xr[j]);
        partial[tid] = acc;
        __syncthreads();
        // after the step with stride s, partial[t] (t < s) holds the fold of partial[t + q*s] over q
        for (unsigned s = span / 2; s > 0; s >>= 1) {
            if (tid < s && tid + s < blockDim.x) partial[tid] = reduce_combine(op, partial[tid], partial[tid + s]);
            __syncthreads();
        }
        if (tid == 0) out[row] = partial[0];
        __syncthreads(); // partial[0] is read before the next row overwrites it
    }
}

extern "C" __global__ void reduce_last_f32(int op, long long rows, long long n, const float* x, float* out) {
    reduce_last_impl(op, rows, n, x, out);
}
extern "C" __global__ void reduce_last_f64(int op, long long rows, long long n, const double* x, double* out) {
    reduce_last_impl(op, rows, n, x, out);
}
