// Shared definitions of the molecular-dynamics kernels (md_*.cu): float64 only, metal or any
// consistent units (lengths in Å, energies in eV in md.run).
//
// Conventions:
//  - positions x, velocities v and forces f are contiguous [N, 3] row-major doubles;
//  - the periodic cell is `box` [18] doubles: h (row-major 3x3, its COLUMNS the lattice vectors a, b, c,
//    so that x = h s for fractional s) followed by h^-1; every axis is periodic, orthogonal or triclinic;
//  - positions are never wrapped (the host sees continuous trajectories); the neighbour search bins
//    the wrapped fractional coordinates and keeps for each neighbour entry the integer image m of the
//    lattice translation that takes x_j to the neighbour: d_ij = (x_j + h m) - x_i;
//  - an image m = (m0, m1, m2) is packed into one long long, each component + 2^20 in 21 bits (|m| < 2^20);
//  - neighbour lists are full (i lists j and j lists i), [N, max_nbr] row-major with a count per atom,
//    the entries of a row in a fixed order (cells visited in order, atoms of a cell by index), so every
//    force sum runs in the same order on every launch: results are deterministic.
#pragma once

#include "common.cuh"

#define MD_IMAGE_BIAS (1 << 20)
#define MD_IMAGE_MASK ((1LL << 21) - 1)

__device__ __forceinline__ long long md_pack_image(int m0, int m1, int m2) {
    return (long long) (m0 + MD_IMAGE_BIAS) | ((long long) (m1 + MD_IMAGE_BIAS) << 21) | ((long long) (m2 + MD_IMAGE_BIAS) << 42);
}

__device__ __forceinline__ void md_unpack_image(long long packed, int* m) {
    m[0] = (int) (packed & MD_IMAGE_MASK) - MD_IMAGE_BIAS;
    m[1] = (int) ((packed >> 21) & MD_IMAGE_MASK) - MD_IMAGE_BIAS;
    m[2] = (int) ((packed >> 42) & MD_IMAGE_MASK) - MD_IMAGE_BIAS;
}

// The packed image -m of a packed image m (the entry of j's row that points back to i).
__device__ __forceinline__ long long md_negate_image(long long packed) {
    int m[3];
    md_unpack_image(packed, m);
    return md_pack_image(-m[0], -m[1], -m[2]);
}

// d = (x_j + h m) - x_i for the packed image m; returns |d|^2.
__device__ __forceinline__ double md_displacement(const double* x, const double* box, long long i, long long j, long long packed, double* d) {
    int m[3];
    md_unpack_image(packed, m);
    double r2 = 0;
    for (int a = 0; a < 3; ++a) {
        const double t = box[3 * a] * m[0] + box[3 * a + 1] * m[1] + box[3 * a + 2] * m[2];
        d[a] = (x[3 * j + a] + t) - x[3 * i + a];
        r2 += d[a] * d[a];
    }
    return r2;
}

// floor(a / n) for n > 0 and any integer a.
__device__ __forceinline__ int md_floor_div(int a, int n) {
    return a >= 0 ? a / n : -((-a + n - 1) / n);
}

// Integer atomic maximum (CUDA's atomicMax on int).
__device__ __forceinline__ void md_atomic_max(int* address, int value) { atomicMax(address, value); }
