// Random draws of a counter-based key (org.polymorph.core.tensor.RandomKey): element i of the output
// is a function of the key (k0, k1) and i only, so the device gives the numbers the host services give.
//  - bits(i)    = mix(k0 ^ mix(k1 + i * 0x9E3779B97F4A7C15)), mix the SplitMix64 finaliser
//                 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014);
//                 64-bit arithmetic wraps modulo 2^64 as Java's long does;
//  - uniform(i) = (bits(i) >> 11) * 2^-53, a double in [0, 1) with 53 random bits;
//  - normal(i)  = sqrt(-2 log(1 - uniform(2i))) * cos(2 pi uniform(2i + 1)) (Box and Muller, Ann. Math.
//                 Statist. 29, 1958), a standard normal.
// Every value is computed in double and a float32 output is the double rounded to nearest, as the host
// services store it. The products and sums go through __dmul_rn / __dadd_rn so that nvcc does not fuse
// them into an fma: the uniform draws are then bit-identical to Java's. log, sqrt and cos are the CUDA
// math library's (within 1 or 2 ulp, as Java's Math may differ from the correctly rounded value by 1 ulp),
// so a normal draw agrees with the host's to a few ulp, not always bit for bit.
#include "common.cuh"

// SplitMix64's finaliser (RandomKey.mix).
__device__ __forceinline__ unsigned long long rk_mix(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// 64 random bits of draw `index` (RandomKey.bits).
__device__ __forceinline__ unsigned long long rk_bits(unsigned long long k0, unsigned long long k1, unsigned long long index) {
    return rk_mix(k0 ^ rk_mix(k1 + index * 0x9E3779B97F4A7C15ULL));
}

// Uniform double in [0, 1) of draw `index` (RandomKey.uniform): the top 53 bits scaled by 2^-53 (exact).
__device__ __forceinline__ double rk_uniform(unsigned long long k0, unsigned long long k1, unsigned long long index) {
    return __dmul_rn((double) (rk_bits(k0, k1, index) >> 11), 1.1102230246251565404236316680908203125e-16);
}

// Standard normal of draw `index` (RandomKey.normal): Box-Muller on draws 2*index and 2*index + 1.
__device__ __forceinline__ double rk_normal(unsigned long long k0, unsigned long long k1, unsigned long long index) {
    double u1 = __dsub_rn(1.0, rk_uniform(k0, k1, 2 * index)); // (0, 1]
    double u2 = rk_uniform(k0, k1, 2 * index + 1);
    // 2.0 * M_PI is exact (a power-of-two scaling of Java's Math.PI), so the angle is one rounding of 2 pi u2, as in Java
    double angle = __dmul_rn(2.0 * M_PI, u2);
    return __dmul_rn(sqrt(__dmul_rn(-2.0, log(u1))), cos(angle));
}

// out[i] = (T) (low + (high - low) * uniform(i)) for 0 <= i < n; out contiguous. low and high are
// doubles for both dtypes: the value is formed in double and rounded once.
template <typename T>
__device__ void random_uniform_impl(T* out, long long n, long long k0, long long k1, double low, double high) {
    double width = high - low;
    for (long long i = poly_first(); i < n; i += poly_step()) {
        out[i] = (T) __dadd_rn(low, __dmul_rn(width, rk_uniform((unsigned long long) k0, (unsigned long long) k1, (unsigned long long) i)));
    }
}

// out[i] = (T) normal(i) for 0 <= i < n; out contiguous.
template <typename T>
__device__ void random_normal_impl(T* out, long long n, long long k0, long long k1) {
    for (long long i = poly_first(); i < n; i += poly_step()) {
        out[i] = (T) rk_normal((unsigned long long) k0, (unsigned long long) k1, (unsigned long long) i);
    }
}

extern "C" __global__ void random_uniform_f32(float* out, long long n, long long k0, long long k1, double low, double high) { random_uniform_impl(out, n, k0, k1, low, high); }
extern "C" __global__ void random_uniform_f64(double* out, long long n, long long k0, long long k1, double low, double high) { random_uniform_impl(out, n, k0, k1, low, high); }
extern "C" __global__ void random_normal_f32(float* out, long long n, long long k0, long long k1) { random_normal_impl(out, n, k0, k1); }
extern "C" __global__ void random_normal_f64(double* out, long long n, long long k0, long long k1) { random_normal_impl(out, n, k0, k1); }
