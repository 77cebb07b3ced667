// Batched matrix product, row-major, shared-memory tiles of POLY_TILE x POLY_TILE.
//   C[t] = A[t] . B[t] for t < batch, A[t]: [m, k] at a + t*sa, B[t]: [k, n] at b + t*sb, C[t]: [m, n]
//   at c + t*sc (batch strides in elements; 0 repeats one matrix for every t);
//   C[t][i][j] = sum_{p<k} A[t][i*k + p] * B[t][p*n + j].
// Each block computes one output tile at a time (grid-stride over batch * ceil(m/TILE) * ceil(n/TILE)
// tiles, tile index -> (t, tile row, tile column) in that order); for each k-slab of width TILE the
// block stages the A and B tiles in shared memory (zero-padded at the edges), synchronises, and every
// thread accumulates its cells e = tid + s*blockDim (s < POLY_TILE_CELLS_PER_THREAD) of the tile.
// blockDim.x >= TILE*TILE / POLY_TILE_CELLS_PER_THREAD = 32; 256 gives one cell per thread.
#include "common.cuh"

#define POLY_TILE 16
#define POLY_TILE_CELLS (POLY_TILE * POLY_TILE)
#define POLY_TILE_CELLS_PER_THREAD 8

template <typename T>
__device__ void matmul_impl(long long batch, int m, int n, int k, const T* a, long long sa,
                            const T* b, long long sb, T* c, long long sc) {
    __shared__ T as[POLY_TILE][POLY_TILE];
    __shared__ T bs[POLY_TILE][POLY_TILE];
    const int tid = threadIdx.x;
    const int nt = blockDim.x;
    if (nt * POLY_TILE_CELLS_PER_THREAD < POLY_TILE_CELLS) return; // too small a block; same for all its threads
    const long long tilesM = (m + POLY_TILE - 1) / POLY_TILE;
    const long long tilesN = (n + POLY_TILE - 1) / POLY_TILE;
    const long long tiles = batch * tilesM * tilesN;
    for (long long t = blockIdx.x; t < tiles; t += gridDim.x) {
        const long long bt = t / (tilesM * tilesN);
        const long long rem = t % (tilesM * tilesN);
        const int i0 = (int) (rem / tilesN) * POLY_TILE;
        const int j0 = (int) (rem % tilesN) * POLY_TILE;
        const T* ab = a + bt * sa;
        const T* bb = b + bt * sb;
        T* cb = c + bt * sc;
        T acc[POLY_TILE_CELLS_PER_THREAD];
#pragma unroll
        for (int s = 0; s < POLY_TILE_CELLS_PER_THREAD; ++s) acc[s] = T(0);
        for (int p0 = 0; p0 < k; p0 += POLY_TILE) {
            for (int e = tid; e < POLY_TILE_CELLS; e += nt) {
                const int r = e / POLY_TILE, q = e % POLY_TILE;
                as[r][q] = (i0 + r < m && p0 + q < k) ? ab[(long long) (i0 + r) * k + p0 + q] : T(0);
                bs[r][q] = (p0 + r < k && j0 + q < n) ? bb[(long long) (p0 + r) * n + j0 + q] : T(0);
            }
            __syncthreads();
#pragma unroll
            for (int s = 0; s < POLY_TILE_CELLS_PER_THREAD; ++s) {
                const int e = tid + s * nt;
                if (e < POLY_TILE_CELLS) {
                    const int r = e / POLY_TILE, q = e % POLY_TILE;
                    T sum = acc[s];
                    for (int p = 0; p < POLY_TILE; ++p) sum += as[r][p] * bs[p][q];
                    acc[s] = sum;
                }
            }
            __syncthreads(); // the tiles are read before the next slab overwrites them
        }
#pragma unroll
        for (int s = 0; s < POLY_TILE_CELLS_PER_THREAD; ++s) {
            const int e = tid + s * nt;
            if (e < POLY_TILE_CELLS) {
                const int r = e / POLY_TILE, q = e % POLY_TILE;
                if (i0 + r < m && j0 + q < n) cb[(long long) (i0 + r) * n + j0 + q] = acc[s];
            }
        }
    }
}

extern "C" __global__ void matmul_f32(long long batch, int m, int n, int k, const float* a, long long sa,
                                      const float* b, long long sb, float* c, long long sc) {
    matmul_impl(batch, m, n, k, a, sa, b, sb, c, sc);
}
extern "C" __global__ void matmul_f64(long long batch, int m, int n, int k, const double* a, long long sa,
                                      const double* b, long long sb, double* c, long long sc) {
    matmul_impl(batch, m, n, k, a, sa, b, sb, c, sc);
}
