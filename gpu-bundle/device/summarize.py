#!/usr/bin/env python3
"""Gathers one device check's results into summary.json and prints the short table (check.sh's last step).

argv: WORK OUT_JSON. WORK holds what check.sh wrote: steps.tsv (name, exit status, seconds, note),
env/*.txt (nvidia-smi, nvcc, java), junit/junit.json (DeviceTests), peer_bench.json, pack.json and
bench/*.json: the numbers the carried Java tests or benchmarks wrote under the folder named by the
system property polymorph.device.out (environment POLYMORPH_DEVICE_OUT). A bench file may hold
"matmul" rows {dtype, n, ms_median}, "mlp" rows {dtype, batch, grad_ms_median} and "md" rows
{potential, atoms, atom_steps_per_s}; matmul and mlp rows are set against peer_bench's rows of the
same dtype and size: speed = PyTorch ms / ours ms (targets: >= 0.9 matmul, >= 0.8 MLP), with both
sides' GFLOP/s where the rows carry them. A case that only one side measured (the harness left it out
of its budget, say: its "not_run" and "errors" entries carry the reason) is listed under
"not_compared". "md" rows (DeviceMdBench's md_bench.json: potential, atoms, atom_steps_per_s on the GPU,
cpu_atom_steps_per_s of our CPU path on the same input and cpu_threads, ratio GPU/CPU, the force kernel's
effective bandwidth and bandwidth_fraction of the device's peak) are carried as they are, ours against
ours (no torch peer); the MD cases a harness left out or failed are listed under "md_not_run".
Standard library only.
"""
import glob
import json
import os
import re
import sys

TARGETS = {'matmul': 0.9, 'mlp': 0.8}


def read(path, default=None):
    try:
        with open(path, errors='replace') as f:
            return f.read()
    except OSError:
        return default


def load(path):
    text = read(path)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError as e:
        return {'unreadable': '%s: %s' % (os.path.basename(path), e)}


def steps(work):
    out = []
    for line in (read(os.path.join(work, 'steps.tsv'), '') or '').splitlines():
        name, rc, seconds, note = (line.split('\t') + ['', '', '', ''])[:4]
        rc = int(rc) if re.fullmatch(r'-?\d+', rc) else None
        status = 'ok' if rc == 0 else 'timed out' if rc in (124, 137) else 'skipped' if rc is None else 'failed'
        out.append({'step': name, 'rc': rc, 'seconds': float(seconds or 0), 'status': status, 'note': note})
    return out


def gpu(work):
    smi = read(os.path.join(work, 'env', 'gpu.csv'))
    if not smi or not smi.strip() or 'not found' in smi or 'failed' in smi.lower():
        why = (smi or 'nvidia-smi gave nothing').strip().splitlines()
        return {'present': False, 'why': why[-1] if why else 'nvidia-smi gave nothing'}
    rows = [r.split(', ') for r in smi.strip().splitlines()]
    keys = ['name', 'driver', 'memory', 'sm_clock', 'max_sm_clock', 'temperature_c', 'power']
    return {'present': True, 'devices': [dict(zip(keys, r)) for r in rows]}


def ratios(peer, benches):
    out = []
    if not peer:
        return out
    for name, bench in benches.items():
        for part, size_key, ms_key in (('matmul', 'n', 'ms_median'), ('mlp', 'batch', 'grad_ms_median')):
            theirs = {(r.get('dtype'), r.get(size_key)): r.get(ms_key) for r in peer.get(part, [])}
            for r in bench.get(part, []) if isinstance(bench, dict) else []:
                t = theirs.get((r.get('dtype'), r.get(size_key)))
                ours = r.get(ms_key)
                if t and ours:
                    speed = t / ours
                    row = {'part': part, 'dtype': r['dtype'], 'size': r[size_key], 'ours_ms': ours, 'torch_ms': t,
                           'speed_vs_torch': round(speed, 3), 'target': TARGETS[part], 'meets': speed >= TARGETS[part], 'from': name}
                    gflops = GFLOPS_KEY[part]
                    theirs_row = next(p for p in peer.get(part, []) if (p.get('dtype'), p.get(size_key)) == (r['dtype'], r[size_key]))
                    if gflops in r:
                        row['ours_gflops'] = r[gflops]
                    if gflops in theirs_row:
                        row['torch_gflops'] = theirs_row[gflops]
                    out.append(row)
    return out


# --- the cases one side measured and the other did not (GpuBench's budget, an error, a size peer_bench did not run)
GFLOPS_KEY = {'matmul': 'gflops_median', 'mlp': 'grad_gflops_median'}
SIZE_KEY = {'matmul': 'n', 'mlp': 'batch'}


def side(report, part, dtype, size):
    """What a report (peer_bench's or a Java bench file) says of one case: 'measured', 'not run: why', 'error: what' or None."""
    if not isinstance(report, dict):
        return None
    if any((r.get('dtype'), r.get(SIZE_KEY[part])) == (dtype, size) for r in report.get(part, []) or []):
        return 'measured'
    for key, label in (('not_run', 'not run'), ('errors', 'error')):
        for e in report.get(key, []) or []:
            if (e.get('part'), e.get('dtype'), e.get('size')) == (part, dtype, size):
                return '%s: %s' % (label, e.get('why') or e.get('error') or '')
    return None


def not_compared(peer, benches):
    """Every matmul/MLP case named by either side (rows, not_run, errors) that has no ratio, with what each side says."""
    keys = []
    for report in [peer] + list(benches.values()):
        if not isinstance(report, dict):
            continue
        for part in TARGETS:
            named = [(r.get('dtype'), r.get(SIZE_KEY[part])) for r in report.get(part, []) or []]
            named += [(e.get('dtype'), e.get('size')) for key in ('not_run', 'errors') for e in report.get(key, []) or [] if e.get('part') == part]
            for dtype, size in named:
                if (part, dtype, size) not in keys:
                    keys.append((part, dtype, size))
    out = []
    for part, dtype, size in keys:
        theirs = side(peer, part, dtype, size)
        for name, bench in benches.items() or [('', None)]:
            ours = side(bench, part, dtype, size)
            if ours == 'measured' and theirs == 'measured':
                continue
            if ours is None and theirs == 'measured' and len(benches) > 1:
                continue   # another bench file's case
            out.append({'part': part, 'dtype': dtype, 'size': size, 'ours': ours or 'absent', 'torch': theirs or 'absent',
                        'target': TARGETS[part], 'from': name})
    return out


def main():
    work, out_json = sys.argv[1], sys.argv[2]
    benches = {os.path.basename(p): load(p) for p in sorted(glob.glob(os.path.join(work, 'bench', '*.json')))}
    junit = load(os.path.join(work, 'junit', 'junit.json'))
    peer = load(os.path.join(work, 'peer_bench.json'))
    pack = load(os.path.join(work, 'pack.json')) or {}
    s = {
        'gpu': gpu(work),
        'nvcc': ((read(os.path.join(work, 'env', 'nvcc.txt'), '') or '').strip().splitlines() or ['absent'])[-1],
        'java': {'used': (read(os.path.join(work, 'env', 'java-used.txt'), '') or '').strip(),
                 'version': ((read(os.path.join(work, 'env', 'java.txt'), '') or '').strip().splitlines() or [''])[0],
                 'system': ((read(os.path.join(work, 'env', 'java-system.txt'), '') or '').strip().splitlines() or ['absent'])[0]},
        'steps': steps(work),
        'junit': junit and {k: v for k, v in junit.items() if k != 'results'},
        'junit_not_passed': [r for r in (junit or {}).get('results', []) if r.get('status') != 'passed'],
        'peer': peer,
        'java_bench': benches,
        'ratios': ratios(peer, benches),
        'not_compared': not_compared(peer, benches),
        'md': [dict(r, **{'from': name}) for name, b in benches.items() if isinstance(b, dict) for r in b.get('md', []) or []],
        'md_not_run': [dict(e, **{'from': name}) for name, b in benches.items() if isinstance(b, dict)
                       for key in ('not_run', 'errors') for e in b.get(key, []) or [] if e.get('part') == 'md'],
        'pack': {k: pack.get(k) for k in ('built', 'commit', 'total_bytes', 'modules', 'left_out_test_classes', 'warnings')},
    }
    with open(out_json, 'w') as f:
        json.dump(s, f, indent=1)
    print('\n'.join(table(s)))


def table(s):
    g = s['gpu']
    lines = ['== device check ==',
             'GPU     ' + ('; '.join('%s, driver %s, %s' % (d.get('name'), d.get('driver'), d.get('memory')) for d in g['devices'])
                          if g['present'] else 'no GPU (%s)' % g['why']),
             'nvcc    ' + s['nvcc'],
             'java    %s (%s); system java: %s' % (s['java']['version'] or 'none', s['java']['used'] or 'none', s['java']['system'])]
    j = s['junit']
    if j:
        lines.append('junit   tests %s: passed %s, failed %s, skipped %s (%.1f s)%s' % (
            j.get('tests'), j.get('passed'), j.get('failed'), j.get('skipped'), j.get('seconds', 0),
            '; absent: ' + ', '.join(a.split(' ')[0] for a in j['absent']) if j.get('absent') else ''))
        for r in s['junit_not_passed'][:8]:
            lines.append('  %-7s %s > %s  %s' % (r['status'], r['class'].rsplit('.', 1)[-1], r['name'], (r.get('message') or '').split('\n')[0][:90]))
    else:
        lines.append('junit   no report')
    p = s['peer'] or {}
    if p.get('status') == 'running':
        p = dict(p, status='cut off (the step timed out; rows so far)')
    lines.append('torch   %s%s' % (p.get('status', 'no report'), ': ' + p['reason'] if p.get('reason') else
                                   ' (%s, TF32 %s)' % (p.get('env', {}).get('gpu', p.get('env', {}).get('device')), 'on' if p.get('tf32', {}).get('matmul_allow_tf32') else 'off') if p else ''))
    for r in p.get('matmul', []):
        lines.append('  matmul %-7s n=%-5d %10.3f ms %9.0f GFLOP/s' % (r['dtype'], r['n'], r['ms_median'], r['gflops_median']))
    for r in p.get('mlp', []):
        lines.append('  mlp    %-7s b=%-5d %10.3f ms value-and-grad%s' % (r['dtype'], r['batch'], r['grad_ms_median'],
                                                                         ', hvp %.3f ms' % r['hvp_ms_median'] if 'hvp_ms_median' in r else ''))
    for e in p.get('errors', []):
        lines.append('  error  %s %s %s: %s' % (e['part'], e['dtype'], e['size'], e['error'][:90]))
    for r in s['ratios']:
        lines.append('  ours vs torch: %-6s %-7s %-5s %.2fx (target %.1f) %s%s' % (
            r['part'], r['dtype'], r['size'], r['speed_vs_torch'], r['target'], 'ok' if r['meets'] else 'BELOW',
            '  (%s vs %s GFLOP/s)' % (r['ours_gflops'], r['torch_gflops']) if 'ours_gflops' in r and 'torch_gflops' in r else ''))
    if s['ratios']:
        met = sum(1 for r in s['ratios'] if r['meets'])
        lines.append('  goals met: %d of %d compared cases; %d not compared' % (met, len(s['ratios']), len(s['not_compared'])))
    for r in s['not_compared']:
        lines.append('  not compared:  %-6s %-7s %-5s ours %s; torch %s' % (r['part'], r['dtype'], r['size'], r['ours'][:80], r['torch'][:60]))
    for r in s['md']:
        lines.append(md_line(r))
    for e in s['md_not_run']:
        lines.append('  md     %s atoms=%s not run: %s' % (e.get('potential'), e.get('atoms'), str(e.get('why') or e.get('error') or '')[:100]))
    for name, b in s['java_bench'].items():   # GpuBench's report (gpu_bench.json) and any other bench file
        b = b if isinstance(b, dict) else {}
        dev = b.get('device') if isinstance(b.get('device'), dict) else {}
        lines.append('ours    %s: %s%s%s' % (name, b.get('status', 'rows'), ' (%s)' % dev.get('name') if dev.get('name') else '',
                                            ': ' + str(b['reason']) if b.get('reason') else ''))
    if s['pack'].get('left_out_test_classes'):
        lines.append('left out of the carry: %d test classes (pack.json)' % len(s['pack']['left_out_test_classes']))
    lines.append('steps   ' + ', '.join('%s %s %.0fs' % (x['step'], x['status'], x['seconds']) for x in s['steps']))
    return lines


def md_line(r):
    """One MD row: GPU atom-steps/s; with our CPU path's rate, the ratio and the force kernel's bandwidth where the row has them."""
    line = '  md     %s atoms=%s %s atom-steps/s' % (r.get('potential'), r.get('atoms'), r.get('atom_steps_per_s'))
    if 'cpu_atom_steps_per_s' in r:
        line += ' (GPU); CPU %s on %s threads; GPU/CPU %.1fx' % (r['cpu_atom_steps_per_s'], r.get('cpu_threads'), r.get('ratio', 0))
    k = r.get('force_kernel') or {}
    if 'effective_gb_s' in k:
        line += '; force kernel %s ms, %s GB/s' % (k.get('ms_median'), k['effective_gb_s'])
        line += (' = %.1f%% of %s GB/s' % (100 * r['bandwidth_fraction'], r.get('peak_bandwidth_gb_s')) if 'bandwidth_fraction' in r
                 else ' (peak unknown)')
    return line


if __name__ == '__main__':
    main()
