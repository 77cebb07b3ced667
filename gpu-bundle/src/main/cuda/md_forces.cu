// Force kernels of the MD path, one thread per atom i gathering over its full neighbour-list row
// (no atomics: each sum runs in the row's fixed order). Per atom they write the force f_i [3] (eV/Å),
// the energy share e_i (eV; the energies sum to the potential energy) and the virial share
// w_i [6] (eV; order xx, yy, zz, xy, xz, yz; the shares sum to LAMMPS's W = sum r (x) f).
#include "md_common.cuh"

// LAMMPS lj/cut: E = sum over pairs of 4 eps [(sig/r)^12 - (sig/r)^6] - offset for r < rc, with
// coefficients per type pair p = t_i T + t_j as LAMMPS's init_one: coef[p] = lj1, coef[P + p] = lj2,
// coef[2P + p] = lj3, coef[3P + p] = lj4, coef[4P + p] = offset (E(rc) when shifted, else 0), P = T^2.
// Each pair's energy and virial are split half and half between its atoms.
extern "C" __global__ void md_lj_cut(long long n, const double* x, const double* box, const int* type, int types,
                                     const double* coef, double rcsq, int max_nbr, const int* nbr, const long long* image,
                                     const int* count, double* f, double* e, double* w) {
    const int pairs = types * types;
    for (long long i = poly_first(); i < n; i += poly_step()) {
        const int rows = count[i] < max_nbr ? count[i] : max_nbr;
        double fi[3] = {0, 0, 0}, ei = 0, wi[6] = {0, 0, 0, 0, 0, 0};
        for (int q = 0; q < rows; ++q) {
            const int j = nbr[i * max_nbr + q];
            double d[3];
            const double r2 = md_displacement(x, box, i, j, image[i * max_nbr + q], d);
            if (r2 >= rcsq) continue;
            const int p = type[i] * types + type[j];
            const double r2inv = 1.0 / r2;
            const double r6inv = r2inv * r2inv * r2inv;
            ei += 0.5 * (r6inv * (coef[2 * pairs + p] * r6inv - coef[3 * pairs + p]) - coef[4 * pairs + p]);
            const double f_over_r = r6inv * (coef[p] * r6inv - coef[pairs + p]) * r2inv; // -(dE/dr)/r
            for (int a = 0; a < 3; ++a) fi[a] -= f_over_r * d[a];
            const double h = 0.5 * f_over_r;
            wi[0] += h * d[0] * d[0];
            wi[1] += h * d[1] * d[1];
            wi[2] += h * d[2] * d[2];
            wi[3] += h * d[0] * d[1];
            wi[4] += h * d[0] * d[2];
            wi[5] += h * d[1] * d[2];
        }
        for (int a = 0; a < 3; ++a) f[3 * i + a] = fi[a];
        e[i] = ei;
        for (int a = 0; a < 6; ++a) w[6 * i + a] = wi[a];
    }
}

// Stillinger-Weber parameters per type triplet slot s = (t_i T + t_j) T + t_k (T^3 slots), row r at
// par[r * slots + s]: the rows below. A pair (i, j) uses slot (t_i, t_j, t_j).
#define SW_CUT 0         // a sigma
#define SW_CUTSQ 1       // neighbour cutoff^2 (LAMMPS's tol reduction applied)
#define SW_SIGMA 2
#define SW_SIGMA_GAMMA 3 // gamma sigma
#define SW_LAMBDA_EPS 4  // lambda epsilon
#define SW_COSTHETA0 5
#define SW_C5 6          // A eps B sigma^p
#define SW_C6 7          // A eps sigma^q
#define SW_P 8
#define SW_Q 9
#define SW_ROWS 10

// r^e, by repeated multiplication for an integer |e| <= 16 (as the CPU kernel), else pow.
__device__ __forceinline__ double sw_pow(double r, double e) {
    if (e == rint(e) && fabs(e) <= 16) {
        const int k = (int) fabs(e);
        const double base = e < 0 ? 1.0 / r : r;
        double out = 1;
        for (int q = 0; q < k; ++q) out *= base;
        return out;
    }
    return pow(r, e);
}

// Per entry (i, q) of the neighbour list: leg[3 (i max_nbr + q) + 0..2] = r, exp(gamma sigma / (r - a sigma)),
// and its r-derivative over r; r = -1 for an entry outside the pair's cutoff (then not a leg of any triplet).
extern "C" __global__ void md_sw_legs(long long n, const double* x, const double* box, const int* type, int types,
                                      const double* par, int max_nbr, const int* nbr, const long long* image, const int* count, double* leg) {
    const int slots = types * types * types;
    for (long long i = poly_first(); i < n; i += poly_step()) {
        const int rows = count[i] < max_nbr ? count[i] : max_nbr;
        for (int q = 0; q < rows; ++q) {
            const long long at = 3 * (i * max_nbr + q);
            const int j = nbr[i * max_nbr + q];
            const int s = (type[i] * types + type[j]) * types + type[j];
            double d[3];
            const double r2 = md_displacement(x, box, i, j, image[i * max_nbr + q], d);
            if (!(r2 < par[SW_CUTSQ * slots + s])) {
                leg[at] = -1;
                leg[at + 1] = 0;
                leg[at + 2] = 0;
                continue;
            }
            const double r = sqrt(r2);
            const double rainv = 1.0 / (r - par[SW_CUT * slots + s]);
            const double g = par[SW_SIGMA_GAMMA * slots + s] * rainv;
            const double l = exp(g);
            leg[at] = r;
            leg[at + 1] = l;
            leg[at + 2] = -l * g * rainv / r;
        }
    }
}

// phi3 of the triplet centred on c with legs A (to a, displacement da, length ra, leg la, dla) and B:
// lambda eps (cos - cos0)^2 la lb. Returns the energy; ga and gb get dphi3/d(da) and dphi3/d(db).
__device__ __forceinline__ double sw_triplet(const double* da, double ra, double la, double dla,
                                             const double* db, double rb, double lb, double dlb,
                                             double lambda_eps, double costheta0, double* ga, double* gb) {
    const double inv = 1.0 / (ra * rb);
    const double cs = (da[0] * db[0] + da[1] * db[1] + da[2] * db[2]) * inv;
    const double dc = cs - costheta0;
    const double fac = la * lb;
    const double w3 = lambda_eps * dc * dc;
    const double ang = 2 * lambda_eps * fac * dc; // dphi3/dcos
    const double ca = w3 * dla * lb - ang * cs / (ra * ra);
    const double cb = w3 * dlb * la - ang * cs / (rb * rb);
    const double ci = ang * inv;
    for (int k = 0; k < 3; ++k) {
        ga[k] = ca * da[k] + ci * db[k];
        gb[k] = cb * db[k] + ci * da[k];
    }
    return w3 * fac;
}

// LAMMPS sw (Stillinger & Weber, Phys. Rev. B 31, 5262 (1985)): E = sum_i [ sum_j phi2(r_ij)/2
// + sum_{j<k} phi3(ij, ik) ] with phi2 = (c5 r^-p - c6 r^-q) exp(sigma / (r - a sigma)). The force
// on i gathers dE/dx_i from its pairs, from the triplets it centres, and from the triplets centred on
// each neighbour j in which it is an end (found through j's row, the entry back to i skipped). The
// energy share of i is its pairs' halves and the triplets it centres; the virial share the same terms'
// -d (x) dE/dd. leg from md_sw_legs.
extern "C" __global__ void md_sw(long long n, const double* x, const double* box, const int* type, int types,
                                 const double* par, int max_nbr, const int* nbr, const long long* image, const int* count,
                                 const double* leg, double* f, double* e, double* w) {
    const int slots = types * types * types;
    for (long long i = poly_first(); i < n; i += poly_step()) {
        const int rows = count[i] < max_nbr ? count[i] : max_nbr;
        const int ti = type[i];
        double fi[3] = {0, 0, 0}, ei = 0, wi[6] = {0, 0, 0, 0, 0, 0};
        for (int a = 0; a < rows; ++a) {
            const long long ea = i * max_nbr + a;
            const double ra = leg[3 * ea];
            if (ra < 0) continue;
            const int ja = nbr[ea];
            const int tj = type[ja];
            double da[3];
            md_displacement(x, box, i, ja, image[ea], da);
            // the pair, half of its energy and virial
            const int s = (ti * types + tj) * types + tj;
            const double rainv = 1.0 / (ra - par[SW_CUT * slots + s]);
            const double p = par[SW_P * slots + s], qq = par[SW_Q * slots + s];
            const double c5 = par[SW_C5 * slots + s], c6 = par[SW_C6 * slots + s], sigma = par[SW_SIGMA * slots + s];
            const double rp = sw_pow(ra, -p), rq = sw_pow(ra, -qq);
            const double ex = exp(sigma * rainv);
            const double u = c5 * rp - c6 * rq;
            ei += 0.5 * u * ex;
            const double dudr = (-p * c5 * rp + qq * c6 * rq) / ra;
            const double radial = (dudr * ex - u * ex * sigma * rainv * rainv) / ra; // (dphi2/dr) / r
            double g[3];
            for (int k = 0; k < 3; ++k) g[k] = radial * da[k];
            // the triplets centred on i with a < b
            for (int b = a + 1; b < rows; ++b) {
                const long long eb = i * max_nbr + b;
                const double rb = leg[3 * eb];
                if (rb < 0) continue;
                const int jb = nbr[eb];
                const int t3 = (ti * types + tj) * types + type[jb];
                double db[3], ga[3], gb[3];
                md_displacement(x, box, i, jb, image[eb], db);
                ei += sw_triplet(da, ra, leg[3 * ea + 1], leg[3 * ea + 2], db, rb, leg[3 * eb + 1], leg[3 * eb + 2],
                                 par[SW_LAMBDA_EPS * slots + t3], par[SW_COSTHETA0 * slots + t3], ga, gb);
                for (int k = 0; k < 3; ++k) fi[k] += ga[k] + gb[k];
                wi[0] -= da[0] * ga[0] + db[0] * gb[0];
                wi[1] -= da[1] * ga[1] + db[1] * gb[1];
                wi[2] -= da[2] * ga[2] + db[2] * gb[2];
                wi[3] -= da[0] * ga[1] + db[0] * gb[1];
                wi[4] -= da[0] * ga[2] + db[0] * gb[2];
                wi[5] -= da[1] * ga[2] + db[1] * gb[2];
            }
            // the pair: f_i += G, W -= d (x) G / 2 (the other half is j's)
            for (int k = 0; k < 3; ++k) fi[k] += g[k];
            wi[0] -= 0.5 * da[0] * g[0];
            wi[1] -= 0.5 * da[1] * g[1];
            wi[2] -= 0.5 * da[2] * g[2];
            wi[3] -= 0.5 * da[0] * g[1];
            wi[4] -= 0.5 * da[0] * g[2];
            wi[5] -= 0.5 * da[1] * g[2];
            // the triplets centred on ja in which i is an end: find ja's entry back to i
            const int rows_j = count[ja] < max_nbr ? count[ja] : max_nbr;
            const long long back_image = md_negate_image(image[ea]);
            int back = -1;
            for (int q = 0; q < rows_j; ++q) {
                const long long eq = (long long) ja * max_nbr + q;
                if (nbr[eq] == (int) i && image[eq] == back_image) {
                    back = q;
                    break;
                }
            }
            if (back < 0) continue;
            const long long eback = (long long) ja * max_nbr + back;
            const double rback = leg[3 * eback];
            if (rback < 0) continue; // i is outside ja's cutoff for the pair (ja, i)
            double dback[3];
            md_displacement(x, box, ja, i, image[eback], dback);
            for (int q = 0; q < rows_j; ++q) {
                if (q == back) continue;
                const long long eq = (long long) ja * max_nbr + q;
                const double rq2 = leg[3 * eq];
                if (rq2 < 0) continue;
                const int k3 = nbr[eq];
                // the CPU kernel's slot of a pair of legs (a, b), a before b in the centre's row: (t_c, t_a, t_b)
                const int t3 = back < q ? (tj * types + ti) * types + type[k3] : (tj * types + type[k3]) * types + ti;
                double dq[3], gback[3], gq[3];
                md_displacement(x, box, ja, k3, image[eq], dq);
                sw_triplet(dback, rback, leg[3 * eback + 1], leg[3 * eback + 2], dq, rq2, leg[3 * eq + 1], leg[3 * eq + 2],
                           par[SW_LAMBDA_EPS * slots + t3], par[SW_COSTHETA0 * slots + t3], gback, gq);
                for (int k = 0; k < 3; ++k) fi[k] -= gback[k];
            }
        }
        for (int k = 0; k < 3; ++k) f[3 * i + k] = fi[k];
        e[i] = ei;
        for (int k = 0; k < 6; ++k) w[6 * i + k] = wi[k];
    }
}
