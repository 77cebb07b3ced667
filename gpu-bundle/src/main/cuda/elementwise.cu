// Strided elementwise kernels over a logical shape of rank <= POLY_MAX_RANK with n = prod(shape)
// elements; operands are strided views (see common.cuh), broadcasting is a zero stride.
#include "common.cuh"

// out[oo + sum c_d*so_d] = op(a[oa + sum c_d*sa_d], b[ob + sum c_d*sb_d]) for every coordinate c of shape.
// meta (device, int64) = [shape[rank], so[rank], sa[rank], sb[rank]].
template <typename T>
__device__ void binary_impl(int op, long long n, int rank, const long long* meta,
                            const T* a, long long oa, const T* b, long long ob, T* out, long long oo) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        long long po, pa, pb;
        poly_offsets(i, rank, meta, 3, &po, &pa, &pb);
        out[oo + po] = binary_apply<T>(op, a[oa + pa], b[ob + pb]);
    }
}

// out[oo + sum c_d*so_d] = op(x[ox + sum c_d*sx_d]); meta = [shape[rank], so[rank], sx[rank]].
template <typename T>
__device__ void unary_impl(int op, long long n, int rank, const long long* meta,
                           const T* x, long long ox, T* out, long long oo) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        long long po, px, unused;
        poly_offsets(i, rank, meta, 2, &po, &px, &unused);
        out[oo + po] = unary_apply<T>(op, x[ox + px]);
    }
}

// Strided copy: dst[od + sum c_d*sd_d] = src[os + sum c_d*ss_d]; meta = [shape[rank], sd[rank], ss[rank]].
// Materialises transposes and permutations (permuted source strides), slices (offset and strides of
// the slice) and broadcasts (zero source strides) into any destination layout.
template <typename T>
__device__ void copy_impl(long long n, int rank, const long long* meta,
                          const T* src, long long os, T* dst, long long od) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        long long pd, ps, unused;
        poly_offsets(i, rank, meta, 2, &pd, &ps, &unused);
        dst[od + pd] = src[os + ps];
    }
}

extern "C" __global__ void binary_f32(int op, long long n, int rank, const long long* meta,
                                      const float* a, long long oa, const float* b, long long ob, float* out, long long oo) {
    binary_impl(op, n, rank, meta, a, oa, b, ob, out, oo);
}
extern "C" __global__ void binary_f64(int op, long long n, int rank, const long long* meta,
                                      const double* a, long long oa, const double* b, long long ob, double* out, long long oo) {
    binary_impl(op, n, rank, meta, a, oa, b, ob, out, oo);
}
extern "C" __global__ void unary_f32(int op, long long n, int rank, const long long* meta,
                                     const float* x, long long ox, float* out, long long oo) {
    unary_impl(op, n, rank, meta, x, ox, out, oo);
}
extern "C" __global__ void unary_f64(int op, long long n, int rank, const long long* meta,
                                     const double* x, long long ox, double* out, long long oo) {
    unary_impl(op, n, rank, meta, x, ox, out, oo);
}
extern "C" __global__ void copy_strided_f32(long long n, int rank, const long long* meta,
                                            const float* src, long long os, float* dst, long long od) {
    copy_impl(n, rank, meta, src, os, dst, od);
}
extern "C" __global__ void copy_strided_f64(long long n, int rank, const long long* meta,
                                            const double* src, long long os, double* dst, long long od) {
    copy_impl(n, rank, meta, src, os, dst, od);
}
