// Gather and scatter-add along one axis. The data arrays are contiguous and seen as [outer, len, inner]
// (outer = product of the axes before the indexed one, inner = product of those after it). The int64
// index for position (o, j, i) of the [outer, count, inner] index space sits at
// idx[o*si0 + j*si1 + i*si2]:
//   a full index array, torch.gather style, [outer, count, inner] contiguous: si0 = count*inner, si1 = inner, si2 = 1;
//   one index list shared by all rows, index_select style, [count]: si0 = 0, si1 = 1, si2 = 0.
// An index outside [0, len) is not followed: the element gets NaN (gather) or is skipped (scatter),
// and *bad is set to 1 when bad is not null, for the host to report.
#include "common.cuh"

// The index of element e of the [outer, count, inner] index space, idx(o, j, i) with o, j, i taken from e;
// its (o, i) in *o_out, *i_out. Returns -1 (and sets *bad when bad is not null) for an index outside [0, len).
__device__ __forceinline__ long long index_at(long long e, long long len, long long count, long long inner, const long long* idx,
                                              long long si0, long long si1, long long si2, long long* o_out, long long* i_out, int* bad) {
    const long long i = e % inner;
    const long long j = (e / inner) % count;
    const long long o = e / (inner * count);
    const long long at = idx[o * si0 + j * si1 + i * si2];
    *o_out = o;
    *i_out = i;
    if (at < 0 || at >= len) {
        if (bad) atomicExch(bad, 1);
        return -1;
    }
    return at;
}

// out[(o*count + j)*inner + i] = x[(o*len + idx(o,j,i))*inner + i]; out is [outer, count, inner].
template <typename T>
__device__ void gather_impl(long long outer, long long len, long long count, long long inner, const T* x,
                            const long long* idx, long long si0, long long si1, long long si2, T* out, int* bad) {
    const long long total = outer * count * inner;
    for (long long e = poly_first(); e < total; e += poly_step()) {
        long long o, i;
        const long long at = index_at(e, len, count, inner, idx, si0, si1, si2, &o, &i, bad);
        out[e] = at < 0 ? pm_nan(T(0)) : x[(o * len + at) * inner + i];
    }
}

// out[(o*len + idx(o,j,i))*inner + i] += src[(o*count + j)*inner + i] with atomicAdd, so repeated
// indices accumulate; src is [outer, count, inner], out is [outer, len, inner] and keeps its contents
// (zero it first for a plain scatter-add into zeros). double atomicAdd needs sm_60 or later.
template <typename T>
__device__ void scatter_add_impl(long long outer, long long len, long long count, long long inner, const T* src,
                                 const long long* idx, long long si0, long long si1, long long si2, T* out, int* bad) {
    const long long total = outer * count * inner;
    for (long long e = poly_first(); e < total; e += poly_step()) {
        long long o, i;
        const long long at = index_at(e, len, count, inner, idx, si0, si1, si2, &o, &i, bad);
        if (at >= 0) atomicAdd(&out[(o * len + at) * inner + i], src[e]);
    }
}

extern "C" __global__ void gather_f32(long long outer, long long len, long long count, long long inner, const float* x,
                                      const long long* idx, long long si0, long long si1, long long si2, float* out, int* bad) {
    gather_impl(outer, len, count, inner, x, idx, si0, si1, si2, out, bad);
}
extern "C" __global__ void gather_f64(long long outer, long long len, long long count, long long inner, const double* x,
                                      const long long* idx, long long si0, long long si1, long long si2, double* out, int* bad) {
    gather_impl(outer, len, count, inner, x, idx, si0, si1, si2, out, bad);
}
extern "C" __global__ void scatter_add_f32(long long outer, long long len, long long count, long long inner, const float* src,
                                           const long long* idx, long long si0, long long si1, long long si2, float* out, int* bad) {
    scatter_add_impl(outer, len, count, inner, src, idx, si0, si1, si2, out, bad);
}
extern "C" __global__ void scatter_add_f64(long long outer, long long len, long long count, long long inner, const double* src,
                                           const long long* idx, long long si0, long long si1, long long si2, double* out, int* bad) {
    scatter_add_impl(outer, len, count, inner, src, idx, si0, si1, si2, out, bad);
}
