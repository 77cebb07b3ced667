#!/usr/bin/env python3
"""PyTorch peer numbers for the CUDA benchmarks, on the GPU machine (or on the CPU where torch imports).

(a) torch.matmul of two random n x n matrices, float32 and float64, n = 1024 ... 16384 on a GPU
    (256 ... 1024 on a CPU unless --sizes is given). TF32 is OFF (torch.backends.cuda.matmul.allow_tf32
    = False, float32 matmul precision "highest"): the float32 numbers are true FP32 products, the
    ones a float32 CUDA TensorService is compared with. Each product's first 8 rows are checked
    against a float64 product of the same inputs (max relative error, recorded).
(b) bench.autodiff's MLP (autodiff-bundle MlpBench): x [batch, 784] -> tanh(x W1 + b1) ->
    tanh(. W2 + b2) -> logits [batch, 10], loss = mean softmax cross-entropy against integer labels,
    hidden = 1024, float32 and float64; timed: loss value and its gradient with respect to the six
    parameters (one torch.autograd.grad), and the Hessian-vector product (double backward) as in
    bench.autodiff's own peer script. Weights ~ N(0, 1/fan_in), biases 0, x ~ N(0, 1).

Timing: CUDA events around each call (perf_counter on a CPU), after --warmup untimed calls; the
repeats adapt so that one case takes about --case-s seconds (at least 3, at most --repeats);
median and minimum in ms are reported. The whole run stops starting new cases after --budget-s.

Output: one JSON object (to --out, rewritten after each case with "status": "running" until the
end, so that a run stopped by a timeout leaves what it measured; a short table on stdout). Without torch it reports
{"status": "skipped", "reason": ...} and exits 0; a bad argument exits 2 with a message naming it.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

DTYPES = ('float32', 'float64')
INPUT = 784     # MLP input width and classes, as bench.autodiff's MlpBench
CLASSES = 10


class BadInput(Exception):
    pass


def positive_ints(name, text, lo, hi):
    try:
        values = [int(v) for v in text.split(',') if v.strip()]
    except ValueError:
        raise BadInput('%s %r is not a comma-separated list of whole numbers; give e.g. %s 1024,2048' % (name, text, name))
    if not values or any(v < lo or v > hi for v in values):
        raise BadInput('%s %r must list numbers in [%d, %d]; give e.g. %s %d' % (name, text, lo, hi, name, lo))
    return values


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', help='JSON file to write (default: stdout only)')
    p.add_argument('--device', default='auto', help='auto (cuda when available), cuda or cpu')
    p.add_argument('--sizes', help='matmul n list (default 1024,...,16384 on cuda; 256,512,1024 on cpu)')
    p.add_argument('--dtypes', default='float32,float64', help='float32,float64 or one of them')
    p.add_argument('--batches', default='256,4096', help='MLP batch sizes')
    p.add_argument('--hidden', default='1024', help='MLP hidden width (bench.autodiff default 1024)')
    p.add_argument('--warmup', default='2', help='untimed calls per case')
    p.add_argument('--repeats', default='20', help='most timed calls per case (at least 3 are made)')
    p.add_argument('--case-s', default='1.0', help='seconds of timed calls aimed at per case')
    p.add_argument('--budget-s', default='240', help='no new case starts after this many seconds')
    p.add_argument('--skip', default='', help='comma list of parts to leave out: matmul, mlp, hvp')
    p.add_argument('--seed', default='0', help='torch.manual_seed')
    a = p.parse_args(argv)   # argparse's own errors (an unknown option) exit 2 with its message
    if a.device not in ('auto', 'cuda', 'cpu'):
        raise BadInput('--device %r is not known; give e.g. --device auto (or cuda, cpu)' % a.device)
    a.dtypes = [d.strip() for d in a.dtypes.split(',') if d.strip()]
    if not a.dtypes or any(d not in DTYPES for d in a.dtypes):
        raise BadInput('--dtypes %r must name float32 and/or float64; give e.g. --dtypes float32,float64' % ','.join(a.dtypes))
    a.sizes = positive_ints('--sizes', a.sizes, 1, 65536) if a.sizes is not None else None
    a.batches = positive_ints('--batches', a.batches, 1, 1 << 20)
    a.hidden = positive_ints('--hidden', a.hidden, 1, 65536)[0]
    a.warmup = positive_ints('--warmup', a.warmup, 0, 100)[0]
    a.repeats = positive_ints('--repeats', a.repeats, 3, 10000)[0]
    a.seed = positive_ints('--seed', a.seed, 0, 2**31 - 1)[0]
    for name in ('case_s', 'budget_s'):
        flag = '--' + name.replace('_', '-')
        try:
            v = float(getattr(a, name))
        except ValueError:
            raise BadInput('%s %r is not a number of seconds; give e.g. %s 60' % (flag, getattr(a, name), flag))
        if not (v > 0 and math.isfinite(v)):
            raise BadInput('%s %r must be positive; give e.g. %s 60' % (flag, getattr(a, name), flag))
        setattr(a, name, v)
    a.skip = [s.strip() for s in a.skip.split(',') if s.strip()]
    if any(s not in ('matmul', 'mlp', 'hvp') for s in a.skip):
        raise BadInput('--skip %r may name only matmul, mlp, hvp; give e.g. --skip hvp' % ','.join(a.skip))
    return a


class Clock:
    """Times one call: CUDA events on a GPU (ms of device time between the events), perf_counter on a CPU."""

    def __init__(self, torch, device):
        self.torch, self.cuda = torch, device.type == 'cuda'

    def __call__(self, fn):
        t = self.torch
        if self.cuda:
            t.cuda.synchronize()
            start, end = t.cuda.Event(enable_timing=True), t.cuda.Event(enable_timing=True)
            start.record()
            fn()
            end.record()
            end.synchronize()
            return start.elapsed_time(end)
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1e3


def measure(clock, fn, warmup, repeats, case_s):
    """ms of each timed call: warm-up calls, then repeats sized from the last warm-up to last about case_s."""
    guess = None
    for _ in range(max(warmup, 1)):
        guess = clock(fn)
    n = int(min(repeats, max(3, case_s * 1e3 / max(guess, 1e-3))))
    return [clock(fn) for _ in range(n)]


def stats(ms):
    return {'ms_median': round(statistics.median(ms), 4), 'ms_min': round(min(ms), 4), 'repeats': len(ms)}


def bench_matmul(torch, device, clock, a, dtype_name, n, gen):
    dt = getattr(torch, dtype_name)
    x = torch.randn(n, n, dtype=dt, device=device, generator=gen)
    y = torch.randn(n, n, dtype=dt, device=device, generator=gen)
    out = torch.empty(n, n, dtype=dt, device=device)
    ms = measure(clock, lambda: torch.matmul(x, y, out=out), a.warmup, a.repeats, a.case_s)
    rows = min(8, n)
    exact = torch.matmul(x[:rows].double(), y.double())
    err = ((out[:rows].double() - exact).abs().max() / exact.abs().max()).item()
    row = {'dtype': dtype_name, 'n': n}
    row.update(stats(ms))
    row['gflops_median'] = round(2.0 * n ** 3 / (row['ms_median'] * 1e-3) / 1e9, 1)
    row['max_rel_err_vs_f64'] = float('%.3g' % err)
    del x, y, out, exact
    return row


def mlp_setup(torch, device, dtype_name, batch, hidden, gen):
    dt = getattr(torch, dtype_name)
    x = torch.randn(batch, INPUT, dtype=dt, device=device, generator=gen)
    y = torch.randint(0, CLASSES, (batch,), device=device, generator=gen)
    shapes = [(INPUT, hidden), (hidden,), (hidden, hidden), (hidden,), (hidden, CLASSES), (CLASSES,)]
    ps = [(torch.randn(*s, dtype=dt, device=device, generator=gen) / math.sqrt(s[0]) if len(s) == 2
           else torch.zeros(*s, dtype=dt, device=device)).requires_grad_() for s in shapes]
    vs = [torch.randn(*s, dtype=dt, device=device, generator=gen) for s in shapes]

    def loss():
        h = torch.tanh(x @ ps[0] + ps[1])
        h = torch.tanh(h @ ps[2] + ps[3])
        return torch.nn.functional.cross_entropy(h @ ps[4] + ps[5], y)
    return ps, vs, loss


def bench_mlp(torch, device, clock, a, dtype_name, batch, gen):
    ps, vs, loss = mlp_setup(torch, device, dtype_name, batch, a.hidden, gen)
    last = {}

    def value_and_grad():
        value = loss()
        last['grads'] = torch.autograd.grad(value, ps)
        last['value'] = value

    def hvp():
        g = torch.autograd.grad(loss(), ps, create_graph=True)
        return torch.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(g, vs)), ps)

    ms = measure(clock, value_and_grad, a.warmup, a.repeats, a.case_s)
    forward_flops = 2.0 * batch * (INPUT * a.hidden + a.hidden * a.hidden + a.hidden * CLASSES)
    row = {'dtype': dtype_name, 'batch': batch, 'hidden': a.hidden}
    row.update({'grad_' + k: v for k, v in stats(ms).items()})
    row['grad_gflops_median'] = round(3 * forward_flops / (row['grad_ms_median'] * 1e-3) / 1e9, 1)
    row['loss'] = last['value'].item()
    row['grad_norm'] = math.sqrt(sum(float((gi.double() ** 2).sum()) for gi in last['grads']))
    if 'hvp' not in a.skip:
        row.update({'hvp_' + k: v for k, v in stats(measure(clock, hvp, a.warmup, a.repeats, a.case_s)).items()})
    return row


def environment(torch, device):
    env = {'torch': torch.__version__, 'python': platform.python_version(), 'device': device.type,
           'threads': torch.get_num_threads(), 'host': platform.node()}
    if device.type == 'cuda':
        p = torch.cuda.get_device_properties(device)
        env.update({'gpu': p.name, 'capability': '%d.%d' % (p.major, p.minor), 'sms': p.multi_processor_count,
                    'memory_gib': round(p.total_memory / 2 ** 30, 1), 'cuda': torch.version.cuda})
    return env


def save(a, res):
    """Writes res to --out (after every case, so that a run cut off by a timeout leaves what it measured)."""
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out + '.part', 'w') as f:
            json.dump(res, f, indent=1)
        os.replace(a.out + '.part', a.out)


def run(a, torch):
    device = torch.device('cuda' if a.device == 'auto' and torch.cuda.is_available() else ('cpu' if a.device == 'auto' else a.device))
    if device.type == 'cuda' and not torch.cuda.is_available():
        raise BadInput('--device cuda was asked for but torch.cuda.is_available() is False; give --device auto or cpu')
    # TF32 off: float32 products in full FP32, as the CUDA TensorService's float32 is compared with
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision('highest')
    torch.manual_seed(a.seed)
    gen = torch.Generator(device=device)
    gen.manual_seed(a.seed)
    sizes = a.sizes or ([1024, 2048, 4096, 8192, 16384] if device.type == 'cuda' else [256, 512, 1024])
    clock = Clock(torch, device)
    res = {'tool': 'peer_bench', 'status': 'ok', 'env': environment(torch, device),
           'tf32': {'matmul_allow_tf32': torch.backends.cuda.matmul.allow_tf32,
                    'float32_matmul_precision': torch.get_float32_matmul_precision()},
           'args': {k: v for k, v in vars(a).items()}, 'matmul': [], 'mlp': [], 'not_run': [], 'errors': []}
    res['status'] = 'running'   # what a run cut off from outside leaves in --out
    save(a, res)
    t_start = time.perf_counter()
    cases = []
    if 'matmul' not in a.skip:
        cases += [('matmul', d, n) for n in sizes for d in a.dtypes]
    if 'mlp' not in a.skip:
        cases += [('mlp', d, b) for b in a.batches for d in a.dtypes]
    for part, d, size in cases:
        if time.perf_counter() - t_start > a.budget_s:
            res['not_run'].append({'part': part, 'dtype': d, 'size': size, 'why': 'past --budget-s %g' % a.budget_s})
            continue
        try:
            row = (bench_matmul if part == 'matmul' else bench_mlp)(torch, device, clock, a, d, size, gen)
            res[part].append(row)
            print(json.dumps(row), flush=True)
        except Exception as e:   # e.g. out of memory at the largest size: record it, go on with the rest
            res['errors'].append({'part': part, 'dtype': d, 'size': size, 'error': '%s: %s' % (type(e).__name__, str(e).split('\n')[0])})
            print('peer_bench: %s %s %d failed: %s' % (part, d, size, res['errors'][-1]['error']), file=sys.stderr, flush=True)
        finally:
            if device.type == 'cuda':
                torch.cuda.empty_cache()
            res['seconds'] = round(time.perf_counter() - t_start, 2)
            save(a, res)
    res['status'] = 'partial' if res['errors'] or res['not_run'] else 'ok'
    res['seconds'] = round(time.perf_counter() - t_start, 2)
    return res


def table(res):
    lines = []
    for r in res.get('matmul', []):
        lines.append('matmul %-7s n=%-6d %10.3f ms  %9.1f GFLOP/s  err %.1e' % (r['dtype'], r['n'], r['ms_median'], r['gflops_median'], r['max_rel_err_vs_f64']))
    for r in res.get('mlp', []):
        lines.append('mlp    %-7s b=%-6d %10.3f ms  %9.1f GFLOP/s  (value-and-grad)' % (r['dtype'], r['batch'], r['grad_ms_median'], r['grad_gflops_median']))
    return '\n'.join(lines)


def main(argv=None):
    try:
        a = parse(sys.argv[1:] if argv is None else argv)
    except BadInput as e:
        print('peer_bench: %s' % e, file=sys.stderr)
        return 2
    try:
        import torch
    except Exception as e:   # ImportError, or a broken install
        res = {'tool': 'peer_bench', 'status': 'skipped', 'reason': 'torch is not importable by %s (%s: %s)' % (sys.executable, type(e).__name__, e),
               'args': {k: v for k, v in vars(a).items()}, 'matmul': [], 'mlp': [], 'not_run': [], 'errors': []}
        print('peer_bench: skipped: ' + res['reason'])
    else:
        try:
            res = run(a, torch)
        except BadInput as e:
            print('peer_bench: %s' % e, file=sys.stderr)
            return 2
        print(table(res))
    save(a, res)
    return 0


if __name__ == '__main__':
    sys.exit(main())
