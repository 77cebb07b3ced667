// Creation kernels: fill and arange over a contiguous range of n elements.
#include "common.cuh"

// out[i] = value for 0 <= i < n.
template <typename T> __device__ void fill_impl(T* out, long long n, T value) {
    for (long long i = poly_first(); i < n; i += poly_step()) out[i] = value;
}

// out[i] = start + i * step for 0 <= i < n (computed per element, so no rounding accumulates).
template <typename T> __device__ void arange_impl(T* out, long long n, T start, T step) {
    for (long long i = poly_first(); i < n; i += poly_step()) out[i] = start + (T) i * step;
}

extern "C" __global__ void fill_f32(float* out, long long n, float value) { fill_impl(out, n, value); }
extern "C" __global__ void fill_f64(double* out, long long n, double value) { fill_impl(out, n, value); }
extern "C" __global__ void arange_f32(float* out, long long n, float start, float step) { arange_impl(out, n, start, step); }
extern "C" __global__ void arange_f64(double* out, long long n, double start, double step) { arange_impl(out, n, start, step); }
