// Row-wise sort of a contiguous row-major [rows, n] array along its last axis, one block per row
// (grid-stride over rows): a bitonic sorting network (Batcher 1968) over (value, index) pairs in
// shared memory, padded to the next power of two, so n <= SORT_CAPACITY. Ascending with every NaN
// last; ties are broken by the original index, which makes the order stable, as the host's argsort is.
#include "common.cuh"

#define SORT_CAPACITY 1024

// Is pair (a, ia) before pair (b, ib)? Pad slots (index >= n) go after everything, NaNs after
// every number, equal numbers by index. With signed_zeros != 0, -0.0 comes before 0.0 (the host's
// sort of values); otherwise they are equal (the host's argsort).
template <typename T>
__device__ __forceinline__ bool sort_before(T a, long long ia, T b, long long ib, long long n, int signed_zeros) {
    bool pa = ia >= n, pb = ib >= n;
    if (pa != pb) return pb;
    if (!pa) {
        bool na = a != a, nb = b != b;
        if (na != nb) return nb;
        if (!na) {
            if (a < b) return true;
            if (b < a) return false;
            if (signed_zeros && a == T(0)) {
                bool sa = signbit(a), sb = signbit(b);
                if (sa != sb) return sa;
            }
        }
    }
    return ia < ib;
}

// vals[r*n + j] = the j-th smallest of row r and idx[r*n + j] its index in the row (either may be
// null, to skip it). 1 <= n <= SORT_CAPACITY.
template <typename T>
__device__ void sort_rows_impl(long long rows, long long n, int signed_zeros, const T* x, T* vals, long long* idx) {
    __shared__ T key[SORT_CAPACITY];
    __shared__ long long pos[SORT_CAPACITY];
    long long p = 1;
    while (p < n) p <<= 1;
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        for (long long i = threadIdx.x; i < p; i += blockDim.x) {
            key[i] = i < n ? x[r * n + i] : T(0);
            pos[i] = i;
        }
        __syncthreads();
        for (long long k = 2; k <= p; k <<= 1) {
            for (long long j = k >> 1; j > 0; j >>= 1) {
                for (long long i = threadIdx.x; i < p; i += blockDim.x) {
                    long long l = i ^ j;
                    if (l <= i) continue;
                    bool up = (i & k) == 0;
                    bool swap = up ? sort_before(key[l], pos[l], key[i], pos[i], n, signed_zeros)
                                   : sort_before(key[i], pos[i], key[l], pos[l], n, signed_zeros);
                    if (swap) {
                        T tk = key[i]; key[i] = key[l]; key[l] = tk;
                        long long tp = pos[i]; pos[i] = pos[l]; pos[l] = tp;
                    }
                }
                __syncthreads();
            }
        }
        for (long long i = threadIdx.x; i < n; i += blockDim.x) {
            if (vals) vals[r * n + i] = key[i];
            if (idx) idx[r * n + i] = pos[i];
        }
        __syncthreads(); // every thread has read key and pos before the next row overwrites them
    }
}

extern "C" __global__ void sort_rows_f32(long long rows, long long n, int signed_zeros, const float* x, float* vals, long long* idx) {
    sort_rows_impl(rows, n, signed_zeros, x, vals, idx);
}
extern "C" __global__ void sort_rows_f64(long long rows, long long n, int signed_zeros, const double* x, double* vals, long long* idx) {
    sort_rows_impl(rows, n, signed_zeros, x, vals, idx);
}
