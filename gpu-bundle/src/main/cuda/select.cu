// Dtype conversion and selection: cast between float and double, and where(cond, a, b).
#include "common.cuh"

// out[i] = (To) x[i] for 0 <= i < n; both contiguous. double -> float rounds to nearest.
template <typename From, typename To>
__device__ void cast_impl(long long n, const From* x, To* out) {
    for (long long i = poly_first(); i < n; i += poly_step()) out[i] = (To) x[i];
}

// out[oo + i] = c[oc + pc] != 0 ? a[oa + pa] : b[ob + pb] for the row-major linear index i of shape;
// out is contiguous, the three operands are strided views (zero strides broadcast; a NaN condition
// counts as true, as a cast to bool would). meta (device, int64) = [shape[rank], sc[rank], sa[rank], sb[rank]].
template <typename T>
__device__ void where_impl(long long n, int rank, const long long* meta, const T* c, long long oc,
                           const T* a, long long oa, const T* b, long long ob, T* out, long long oo) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        long long pc, pa, pb;
        poly_offsets(i, rank, meta, 3, &pc, &pa, &pb);
        out[oo + i] = c[oc + pc] != T(0) ? a[oa + pa] : b[ob + pb];
    }
}

extern "C" __global__ void cast_f32_f64(long long n, const float* x, double* out) { cast_impl(n, x, out); }
extern "C" __global__ void cast_f64_f32(long long n, const double* x, float* out) { cast_impl(n, x, out); }
extern "C" __global__ void where_f32(long long n, int rank, const long long* meta, const float* c, long long oc,
                                     const float* a, long long oa, const float* b, long long ob, float* out, long long oo) {
    where_impl(n, rank, meta, c, oc, a, oa, b, ob, out, oo);
}
extern "C" __global__ void where_f64(long long n, int rank, const long long* meta, const double* c, long long oc,
                                     const double* a, long long oa, const double* b, long long ob, double* out, long long oo) {
    where_impl(n, rank, meta, c, oc, a, oa, b, ob, out, oo);
}
