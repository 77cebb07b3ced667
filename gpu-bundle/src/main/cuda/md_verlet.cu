// Velocity Verlet (Swope et al., J. Chem. Phys. 76, 637 (1982)) on the device, with the same
// arithmetic as the CPU integrator (materials' Steps.kick and Steps.drift), and the sums a thermo
// row needs. x, v, f are [N, 3]; mass [N] (amu); c = (dt/2) ftm2v, the kick's factor of f/m.
#include "md_common.cuh"

// The first half of a step: v += (c / m) f, then x += dt v.
extern "C" __global__ void md_kick_drift(long long n, double c, double dt, const double* mass, const double* f, double* v, double* x) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        const double a = c / mass[i];
        for (int k = 0; k < 3; ++k) {
            v[3 * i + k] += a * f[3 * i + k];
            x[3 * i + k] += dt * v[3 * i + k];
        }
    }
}

// The second half of a step: v += (c / m) f; then, for the blow-up check, status[2] = the largest
// N - i over atoms i with a non-finite position, velocity or force component (so N - status[2] is
// the first such atom; status[2] stays 0 when all are finite). Does nothing when the step's neighbour
// search overflowed its rows (status[0] > max_nbr) or met a runaway image (status[1]): the host then
// redoes the search, the forces and this kick.
extern "C" __global__ void md_kick_check(long long n, double c, const double* mass, const double* f, double* v, const double* x, int max_nbr,
                                         int* status) {
    if (status[0] > max_nbr || status[1] != 0) return;
    for (long long i = poly_first(); i < n; i += poly_step()) {
        const double a = c / mass[i];
        bool finite = true;
        for (int k = 0; k < 3; ++k) {
            v[3 * i + k] += a * f[3 * i + k];
            // x - x is 0 for a finite x and NaN for inf or NaN; likewise for v and f
            finite = finite && x[3 * i + k] - x[3 * i + k] == 0 && v[3 * i + k] - v[3 * i + k] == 0 && f[3 * i + k] - f[3 * i + k] == 0;
        }
        if (!finite) md_atomic_max(&status[2], (int) (n - i));
    }
}

#define MD_SUM_THREADS 256
#define MD_SUMS 8

// One block of blockDim.x = MD_SUM_THREADS threads: out[0] = sum_i e_i (eV), out[1] = sum_i m_i |v_i|^2
// (amu Å^2/ps^2; times mvv2e it is twice the kinetic energy), out[2 + a] = sum_i w_i[a] (eV). Thread t
// sums the atoms t, t + 256, ... and a fixed tree folds the partials, so the result is deterministic.
extern "C" __global__ void md_sums(long long n, const double* e, const double* mass, const double* v, const double* w, double* out) {
    __shared__ double partial[MD_SUMS][MD_SUM_THREADS];
    const unsigned t = threadIdx.x;
    double acc[MD_SUMS] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (long long i = t; i < n; i += blockDim.x) {
        acc[0] += e[i];
        acc[1] += mass[i] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
        for (int a = 0; a < 6; ++a) acc[2 + a] += w[6 * i + a];
    }
    for (int s = 0; s < MD_SUMS; ++s) partial[s][t] = acc[s];
    __syncthreads();
    for (unsigned stride = MD_SUM_THREADS / 2; stride > 0; stride >>= 1) {
        if (t < stride) {
            for (int s = 0; s < MD_SUMS; ++s) partial[s][t] += partial[s][t + stride];
        }
        __syncthreads();
    }
    if (t == 0) {
        for (int s = 0; s < MD_SUMS; ++s) out[s] = partial[s][0];
    }
    __syncthreads();
}
