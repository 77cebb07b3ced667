// Row-wise sequential kernels over the last axis of a contiguous row-major [rows, n] array, one
// thread per row (grid-stride over rows): the cumulative sum and the index of the first maximum or
// minimum. Work per thread is O(n), so they suit many short rows; long single rows run on one thread.
#include "common.cuh"

// out[r*n + j] = sum_{q <= j} x[r*n + q], accumulated in double and rounded once per element.
template <typename T>
__device__ void cumsum_last_impl(long long rows, long long n, const T* x, T* out) {
    for (long long r = poly_first(); r < rows; r += poly_step()) {
        double acc = 0;
        for (long long j = 0; j < n; ++j) {
            acc += (double) x[r * n + j];
            out[r * n + j] = (T) acc;
        }
    }
}

// out[r] = the first j maximising (op 0) or minimising (op 1) x[r*n + j]; a NaN counts as both the
// maximum and the minimum, so the first NaN wins. n >= 1.
template <typename T>
__device__ void argreduce_last_impl(int op, long long rows, long long n, const T* x, long long* out) {
    for (long long r = poly_first(); r < rows; r += poly_step()) {
        const T* xr = x + r * n;
        long long best = 0;
        T v = xr[0];
        for (long long j = 1; j < n && v == v; ++j) {
            T c = xr[j];
            if (c != c || (op == POLY_ARGMAX ? c > v : c < v)) {
                best = j;
                v = c;
            }
        }
        out[r] = best;
    }
}

extern "C" __global__ void cumsum_last_f32(long long rows, long long n, const float* x, float* out) { cumsum_last_impl(rows, n, x, out); }
extern "C" __global__ void cumsum_last_f64(long long rows, long long n, const double* x, double* out) { cumsum_last_impl(rows, n, x, out); }
extern "C" __global__ void argreduce_last_f32(int op, long long rows, long long n, const float* x, long long* out) {
    argreduce_last_impl(op, rows, n, x, out);
}
extern "C" __global__ void argreduce_last_f64(int op, long long rows, long long n, const double* x, long long* out) {
    argreduce_last_impl(op, rows, n, x, out);
}
