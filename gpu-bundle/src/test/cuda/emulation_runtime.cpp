// The emulator's launch: included last in the generated translation unit, after the kernel sources and
// the generated table `emu_kernels` of launch wrappers (name, void (*)(void** args)).
// emu_launch(name, grid, block, args) starts `block` pthreads; thread t runs the kernel as threadIdx.x = t
// of block 0, waits at the end-of-block barrier, runs block 1, and so on to grid - 1. Blocks therefore run
// one after another and a block's threads share its __shared__ (static) arrays; __syncthreads() is the
// same barrier. Launches are serialised by a mutex. Result codes are CUDA driver codes:
// 0 success, 1 CUDA_ERROR_INVALID_VALUE (grid or block out of range), 500 CUDA_ERROR_NOT_FOUND
// (no such kernel), 701 CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES (threads could not be started).
#include <stdlib.h>

struct EmuLaunch {
    void (*kernel)(void**);
    void** args;
    unsigned grid;
    unsigned block;
    pthread_barrier_t barrier;
    pthread_mutex_t gate_lock;
    pthread_cond_t gate;
    int state; // 0 waiting, 1 run, -1 abandon (not all threads could be started)
};

struct EmuThread {
    EmuLaunch* launch;
    unsigned index;
};

static pthread_mutex_t emu_launch_lock = PTHREAD_MUTEX_INITIALIZER;

static void* emu_worker(void* p) {
    EmuThread* self = static_cast<EmuThread*>(p);
    EmuLaunch* l = self->launch;
    pthread_mutex_lock(&l->gate_lock);
    while (l->state == 0) pthread_cond_wait(&l->gate, &l->gate_lock);
    int state = l->state;
    pthread_mutex_unlock(&l->gate_lock);
    if (state < 0) return nullptr;
    threadIdx = {self->index, 0, 0};
    blockDim = {l->block, 1, 1};
    gridDim = {l->grid, 1, 1};
    for (unsigned b = 0; b < l->grid; ++b) {
        blockIdx = {b, 0, 0};
        l->kernel(l->args);
        pthread_barrier_wait(&l->barrier); // the block ends for all its threads before the next begins
    }
    return nullptr;
}

extern "C" int emu_kernel_count() { return (int) (sizeof(emu_kernels) / sizeof(emu_kernels[0])); }

extern "C" const char* emu_kernel_name(int i) { return emu_kernels[i].name; }

extern "C" int emu_launch(const char* name, int grid, int block, void** args) {
    void (*kernel)(void**) = nullptr;
    for (int i = 0; i < emu_kernel_count(); ++i) {
        if (strcmp(emu_kernels[i].name, name) == 0) kernel = emu_kernels[i].launch;
    }
    if (kernel == nullptr) return 500;
    if (grid <= 0 || block <= 0 || block > 1024) return 1;
    pthread_mutex_lock(&emu_launch_lock);
    EmuLaunch l;
    l.kernel = kernel;
    l.args = args;
    l.grid = (unsigned) grid;
    l.block = (unsigned) block;
    l.state = 0;
    pthread_barrier_init(&l.barrier, nullptr, (unsigned) block);
    pthread_mutex_init(&l.gate_lock, nullptr);
    pthread_cond_init(&l.gate, nullptr);
    emu_block_barrier = &l.barrier;
    pthread_t* threads = static_cast<pthread_t*>(calloc((size_t) block, sizeof(pthread_t)));
    EmuThread* selves = static_cast<EmuThread*>(calloc((size_t) block, sizeof(EmuThread)));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    int started = 0;
    while (threads != nullptr && selves != nullptr && started < block) {
        selves[started] = {&l, (unsigned) started};
        if (pthread_create(&threads[started], &attr, emu_worker, &selves[started]) != 0) break;
        ++started;
    }
    pthread_attr_destroy(&attr);
    pthread_mutex_lock(&l.gate_lock);
    l.state = started == block ? 1 : -1;
    pthread_cond_broadcast(&l.gate);
    pthread_mutex_unlock(&l.gate_lock);
    for (int t = 0; t < started; ++t) pthread_join(threads[t], nullptr);
    int result = started == block ? 0 : 701;
    free(threads);
    free(selves);
    pthread_cond_destroy(&l.gate);
    pthread_mutex_destroy(&l.gate_lock);
    pthread_barrier_destroy(&l.barrier);
    emu_block_barrier = nullptr;
    pthread_mutex_unlock(&emu_launch_lock);
    return result;
}
