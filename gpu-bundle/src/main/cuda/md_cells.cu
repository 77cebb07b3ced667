// The neighbour search of the MD kernels: a cell list rebuilt from the current positions, then a full
// neighbour list of every pair closer than the cutoff (all periodic images, so boxes narrower than
// twice the cutoff work too). Launch order on one stream:
//   md_bin (counts zeroed first) -> md_cell_starts -> md_cell_fill (cursor zeroed first)
//   -> md_cell_sort -> md_neighbors.
// The grid has n0 x n1 x n2 cells along the lattice vectors a, b, c, cell (c0, c1, c2) at index
// (c0 n1 + c1) n2 + c2; along axis k the cells are at least the cutoff wide, or (narrow box) one cell
// whose neighbours are searched `reach_k` cells, that is periodic images, away.
#include "md_common.cuh"

// Per atom: wrapped fractional coordinates s - floor(s), the cell they fall in, and the wrap count
// floor(s) (int [N, 3]); counts[cell] += 1 (atomic). counts [n0 n1 n2] must be zero.
extern "C" __global__ void md_bin(long long n, const double* x, const double* box, int n0, int n1, int n2,
                                  int* cell_of, int* wrap, int* counts) {
    const double* hinv = box + 9;
    const int nc[3] = {n0, n1, n2};
    for (long long i = poly_first(); i < n; i += poly_step()) {
        int c[3];
        for (int k = 0; k < 3; ++k) {
            const double s = hinv[3 * k] * x[3 * i] + hinv[3 * k + 1] * x[3 * i + 1] + hinv[3 * k + 2] * x[3 * i + 2];
            const double f = floor(s);
            int ck = (int) ((s - f) * nc[k]);
            if (ck >= nc[k]) ck = nc[k] - 1; // s - f rounds up to 1 for s just below an integer
            if (ck < 0) ck = 0;              // a non-finite position: binned anywhere, reported by md_kick_check
            c[k] = ck;
            wrap[3 * i + k] = fabs(f) < 1e9 ? (int) f : 0; // not for NaN or inf (undefined in C++)
        }
        const int cell = (c[0] * n1 + c[1]) * n2 + c[2];
        cell_of[i] = cell;
        atomicAdd(&counts[cell], 1);
    }
}

#define MD_SCAN_THREADS 1024

// starts[c] = sum of counts[q] over q < c, for c <= cells (starts has cells + 1 entries). One block
// (blockDim.x <= MD_SCAN_THREADS): each thread sums a contiguous chunk, thread 0 scans the chunk totals,
// then each thread writes its chunk's running sums.
extern "C" __global__ void md_cell_starts(int cells, const int* counts, int* starts) {
    __shared__ int chunk_total[MD_SCAN_THREADS];
    const int t = threadIdx.x;
    const int threads = blockDim.x;
    const int per = (cells + threads - 1) / threads;
    const int lo = t * per < cells ? t * per : cells;
    const int hi = lo + per < cells ? lo + per : cells;
    int sum = 0;
    for (int c = lo; c < hi; ++c) sum += counts[c];
    chunk_total[t] = sum;
    __syncthreads();
    if (t == 0) {
        int acc = 0;
        for (int q = 0; q < threads; ++q) {
            const int here = chunk_total[q];
            chunk_total[q] = acc;
            acc += here;
        }
        starts[cells] = acc;
    }
    __syncthreads();
    int acc = chunk_total[t];
    for (int c = lo; c < hi; ++c) {
        starts[c] = acc;
        acc += counts[c];
    }
    __syncthreads(); // chunk_total is read by every thread before a later launch's thread 0 rewrites it
}

// atoms[starts[cell] + k] = i for the atoms of each cell, in the order the atomics hand out places;
// cursor [cells] must be zero. md_cell_sort then orders each cell by atom index.
extern "C" __global__ void md_cell_fill(long long n, const int* cell_of, const int* starts, int* cursor, int* atoms) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        const int cell = cell_of[i];
        const int at = atomicAdd(&cursor[cell], 1);
        atoms[starts[cell] + at] = (int) i;
    }
}

// Insertion sort of each cell's atoms by index (one thread per cell; a cell holds a few dozen atoms).
extern "C" __global__ void md_cell_sort(int cells, const int* starts, int* atoms) {
    for (long long c = poly_first(); c < cells; c += poly_step()) {
        const int lo = starts[c], hi = starts[c + 1];
        for (int p = lo + 1; p < hi; ++p) {
            const int a = atoms[p];
            int q = p - 1;
            while (q >= lo && atoms[q] > a) {
                atoms[q + 1] = atoms[q];
                --q;
            }
            atoms[q + 1] = a;
        }
    }
}

// Row i of the full neighbour list: every (j, image m) with 0 < |d_ij| and |d_ij|^2 < cutsq, j = i
// allowed in another image. The cells (c_k + o_k) for o_k in [-reach_k, reach_k] are visited in
// lexicographic order; a cell index outside [0, n_k) is wrapped into it and its whole multiple of n_k
// counted in the image. nbr and image are [N, max_nbr]; count [N] gets the row length even past
// max_nbr (entries beyond it are not stored), and status[0] the largest row length (atomic max), for
// the host to grow max_nbr and search again; status[1] = the largest N - i over atoms i with a neighbour
// 2^20 or more cells away (a runaway atom; the packed images cannot hold it).
extern "C" __global__ void md_neighbors(long long n, const double* x, const double* box, int n0, int n1, int n2,
                                        int reach0, int reach1, int reach2, double cutsq, const int* cell_of, const int* wrap,
                                        const int* starts, const int* atoms, int max_nbr, int* nbr, long long* image, int* count, int* status) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        const int ci = cell_of[i];
        const int c0 = ci / (n1 * n2), c1 = (ci / n2) % n1, c2 = ci % n2;
        int found = 0;
        for (int o0 = -reach0; o0 <= reach0; ++o0) {
            const int s0 = md_floor_div(c0 + o0, n0);
            const int a0 = c0 + o0 - s0 * n0;
            for (int o1 = -reach1; o1 <= reach1; ++o1) {
                const int s1 = md_floor_div(c1 + o1, n1);
                const int a1 = c1 + o1 - s1 * n1;
                for (int o2 = -reach2; o2 <= reach2; ++o2) {
                    const int s2 = md_floor_div(c2 + o2, n2);
                    const int a2 = c2 + o2 - s2 * n2;
                    const int cell = (a0 * n1 + a1) * n2 + a2;
                    for (int p = starts[cell]; p < starts[cell + 1]; ++p) {
                        const int j = atoms[p];
                        // image of j relative to i: the cell shift, less j's wrap, plus i's wrap
                        const int m0 = s0 - wrap[3 * j] + wrap[3 * i];
                        const int m1 = s1 - wrap[3 * j + 1] + wrap[3 * i + 1];
                        const int m2 = s2 - wrap[3 * j + 2] + wrap[3 * i + 2];
                        if (j == i && m0 == 0 && m1 == 0 && m2 == 0) continue;
                        if (abs(m0) >= MD_IMAGE_BIAS || abs(m1) >= MD_IMAGE_BIAS || abs(m2) >= MD_IMAGE_BIAS) {
                            md_atomic_max(&status[1], (int) (n - i)); // the image does not fit its 21 bits: reported by the host
                            continue;
                        }
                        const long long packed = md_pack_image(m0, m1, m2);
                        double d[3];
                        const double r2 = md_displacement(x, box, i, j, packed, d);
                        if (!(r2 < cutsq)) continue;
                        if (found < max_nbr) {
                            nbr[i * max_nbr + found] = j;
                            image[i * max_nbr + found] = packed;
                        }
                        ++found;
                    }
                }
            }
        }
        count[i] = found;
        md_atomic_max(&status[0], found);
    }
}
