// Lets g++ compile the bundle's CUDA kernels (src/main/cuda) as plain C++ for the tests' EmulatedDevice.
// Included first in the generated translation unit (see KernelShimGenerator), before the kernel sources.
//  - __global__, __device__, __host__ go away; __forceinline__ is inline;
//  - __shared__ becomes static: a function-local static array is shared by every thread that runs the
//    function, and the emulator runs one block at a time, so it is shared by exactly one block's threads;
//  - threadIdx, blockIdx, blockDim, gridDim are thread-local, set by the emulator for each thread and block;
//  - __syncthreads() waits on the running block's pthread barrier;
//  - __dadd_rn / __dsub_rn / __dmul_rn are the plain operators;
//  - atomicAdd / atomicExch / atomicMax are __atomic builtins (a compare-and-swap loop for floating point and for max).
#pragma once

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static

struct emu_dim3 {
    unsigned x, y, z;
};

static thread_local emu_dim3 threadIdx;
static thread_local emu_dim3 blockIdx;
static thread_local emu_dim3 blockDim;
static thread_local emu_dim3 gridDim;

// The barrier of the block being run (one launch at a time; set by emu_launch).
static pthread_barrier_t* emu_block_barrier;

// The round-to-nearest arithmetic intrinsics, which nvcc never fuses into an fma; g++ does not fuse
// either (-std=c++17 sets -ffp-contract=off), so plain operators give the same roundings.
static inline double __dadd_rn(double a, double b) { return a + b; }
static inline double __dsub_rn(double a, double b) { return a - b; }
static inline double __dmul_rn(double a, double b) { return a * b; }

static inline void __syncthreads() { pthread_barrier_wait(emu_block_barrier); }

template <typename T, typename Bits> static inline T emu_atomic_add_float(T* address, T value) {
    static_assert(sizeof(T) == sizeof(Bits), "bit pattern type");
    Bits* word = reinterpret_cast<Bits*>(address);
    Bits seen = __atomic_load_n(word, __ATOMIC_RELAXED);
    for (;;) {
        T old;
        memcpy(&old, &seen, sizeof(T));
        T sum = old + value;
        Bits desired;
        memcpy(&desired, &sum, sizeof(T));
        if (__atomic_compare_exchange_n(word, &seen, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) return old;
    }
}

static inline float atomicAdd(float* address, float value) { return emu_atomic_add_float<float, uint32_t>(address, value); }
static inline double atomicAdd(double* address, double value) { return emu_atomic_add_float<double, uint64_t>(address, value); }
static inline int atomicAdd(int* address, int value) { return __atomic_fetch_add(address, value, __ATOMIC_SEQ_CST); }
static inline int atomicExch(int* address, int value) { return __atomic_exchange_n(address, value, __ATOMIC_SEQ_CST); }
static inline int atomicMax(int* address, int value) {
    int seen = __atomic_load_n(address, __ATOMIC_RELAXED);
    while (seen < value && !__atomic_compare_exchange_n(address, &seen, value, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) { }
    return seen;
}
