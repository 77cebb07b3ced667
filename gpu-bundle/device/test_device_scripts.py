"""Tests of peer_bench.py and summarize.py that run without a GPU.

    python3 -m unittest discover -s gpu-bundle/device -p 'test_*.py'

With torch importable (e.g. Debian's python3-torch under /usr/bin/python3) the CPU path of
peer_bench runs on tiny sizes and the MLP is checked against a NumPy re-computation of
bench.autodiff's network; without torch those tests skip and the "skipped" report is checked.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, 'peer_bench.py')
sys.path.insert(0, HERE)
import peer_bench  # noqa: E402
import summarize  # noqa: E402

try:
    import torch
except Exception:   # absent or broken: the torch-backed tests skip
    torch = None


def run_peer(*args, env=None):
    return subprocess.run([sys.executable, PEER] + list(args), capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env or {})))


class PeerBenchArguments(unittest.TestCase):
    def test_bad_values_exit_2_naming_the_option_and_value(self):
        cases = [(['--sizes', '1024,x'], '--sizes', '1024,x'),
                 (['--sizes', '0'], '--sizes', '0'),
                 (['--dtypes', 'bfloat16'], '--dtypes', 'bfloat16'),
                 (['--budget-s', '-1'], '--budget-s', '-1'),
                 (['--case-s', 'soon'], '--case-s', 'soon'),
                 (['--skip', 'conv'], '--skip', 'conv'),
                 (['--device', 'tpu'], '--device', 'tpu'),
                 (['--repeats', '2'], '--repeats', '2')]
        for args, option, value in cases:
            with self.subTest(args=args):
                r = run_peer(*args)
                self.assertEqual(2, r.returncode, r.stderr)
                self.assertIn(option, r.stderr)
                self.assertIn(value, r.stderr)
                self.assertIn('give e.g.', r.stderr)

    def test_unknown_option_exits_2(self):
        r = run_peer('--bogus')
        self.assertEqual(2, r.returncode)
        self.assertIn('--bogus', r.stderr)

    def test_parse_keeps_values(self):
        a = peer_bench.parse(['--sizes', '64,128', '--dtypes', 'float64', '--batches', '8', '--hidden', '16', '--skip', 'hvp'])
        self.assertEqual([64, 128], a.sizes)
        self.assertEqual(['float64'], a.dtypes)
        self.assertEqual([8], a.batches)
        self.assertEqual(16, a.hidden)
        self.assertEqual(['hvp'], a.skip)
        self.assertIsNone(peer_bench.parse([]).sizes, 'sizes default by device')

    def test_without_torch_reports_skipped_and_exits_0(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, 'shadow', 'torch'))
            with open(os.path.join(d, 'shadow', 'torch', '__init__.py'), 'w') as f:
                f.write("raise ImportError('simulated: no torch here')\n")
            out = os.path.join(d, 'peer.json')
            r = run_peer('--out', out, '--sizes', '64', env={'PYTHONPATH': os.path.join(d, 'shadow')})
            self.assertEqual(0, r.returncode, r.stderr)
            self.assertIn('skipped', r.stdout)
            with open(out) as f:
                res = json.load(f)
            self.assertEqual('skipped', res['status'])
            self.assertIn('simulated: no torch here', res['reason'])
            self.assertEqual([64], res['args']['sizes'])
            self.assertEqual([], res['matmul'])
            self.assertEqual([], res['mlp'])


@unittest.skipIf(torch is None, 'torch is not importable by this python3')
class PeerBenchOnCpu(unittest.TestCase):
    def test_tiny_run_has_the_documented_shape(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'peer.json')
            r = run_peer('--device', 'cpu', '--sizes', '32,48', '--batches', '4,8', '--hidden', '16', '--case-s', '0.01', '--out', out)
            self.assertEqual(0, r.returncode, r.stderr)
            with open(out) as f:
                res = json.load(f)
        self.assertEqual('ok', res['status'])
        self.assertFalse(res['tf32']['matmul_allow_tf32'])
        self.assertEqual('highest', res['tf32']['float32_matmul_precision'])
        self.assertEqual({('float32', 32), ('float64', 32), ('float32', 48), ('float64', 48)}, {(m['dtype'], m['n']) for m in res['matmul']})
        for m in res['matmul']:
            self.assertGreaterEqual(m['repeats'], 3)
            self.assertLessEqual(m['ms_min'], m['ms_median'])
            self.assertLess(m['max_rel_err_vs_f64'], 1e-5 if m['dtype'] == 'float32' else 1e-13)
            self.assertAlmostEqual(2 * m['n'] ** 3 / (m['ms_median'] * 1e-3) / 1e9, m['gflops_median'], delta=0.1)
        self.assertEqual(4, len(res['mlp']))
        for m in res['mlp']:
            self.assertEqual(16, m['hidden'])
            self.assertTrue(math.isfinite(m['loss']) and 1.0 < m['loss'] < 4.0, m)   # ~ ln 10 at this init
            self.assertTrue(m['grad_norm'] > 0 and math.isfinite(m['grad_norm']))
            self.assertIn('hvp_ms_median', m)

    def test_mlp_matches_a_numpy_recomputation_of_bench_autodiff_network(self):
        import numpy as np
        gen = torch.Generator().manual_seed(3)
        ps, _, loss = peer_bench.mlp_setup(torch, torch.device('cpu'), 'float64', 5, 7, gen)
        value = loss().item()
        w = [p.detach().numpy() for p in ps]
        self.assertEqual([(784, 7), (7,), (7, 7), (7,), (7, 10), (10,)], [a.shape for a in w])
        self.assertTrue(all(np.all(b == 0) for b in w[1::2]), 'biases start at 0, as MlpBench')
        # the inputs are not returned: rebuild them from the same generator state
        gen2 = torch.Generator().manual_seed(3)
        x = torch.randn(5, 784, dtype=torch.float64, generator=gen2).numpy()
        y = torch.randint(0, 10, (5,), generator=gen2).numpy()
        h = np.tanh(x @ w[0] + w[1])
        h = np.tanh(h @ w[2] + w[3])
        z = h @ w[4] + w[5]
        m = z.max(axis=1, keepdims=True)
        nll = (m[:, 0] + np.log(np.exp(z - m).sum(axis=1))) - z[np.arange(5), y]
        self.assertAlmostEqual(nll.mean(), value, places=12)

    def test_mlp_gradient_matches_central_differences(self):
        gen = torch.Generator().manual_seed(5)
        ps, _, loss = peer_bench.mlp_setup(torch, torch.device('cpu'), 'float64', 3, 4, gen)
        grads = torch.autograd.grad(loss(), ps)
        h = 1e-6
        for i, (p, g) in enumerate(zip(ps, grads)):
            d = torch.randn(p.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(10 + i))
            with torch.no_grad():
                p += h * d
                up = loss().item()
                p -= 2 * h * d
                down = loss().item()
                p += h * d
            fd = (up - down) / (2 * h)
            self.assertAlmostEqual(fd, float((g * d).sum()), delta=1e-7 * max(1.0, abs(fd)), msg='parameter %d' % i)


SAMPLE = """
package sample;
import org.junit.jupiter.api.*;
import org.junit.jupiter.api.condition.EnabledIf;
class SampleTest {
    @Test void passes() { Assertions.assertEquals(2, 1 + 1); }
    @Test void fails() { Assertions.assertEquals(3, 1 + 1, "arithmetic <&>"); }
    @Test void skipsByAssumption() { Assumptions.assumeTrue(false, "no GPU here"); }
    @Disabled("disabled on purpose") @Test void disabled() { }
}
@EnabledIf("gpu")
class GatedTest {
    static boolean gpu() { return false; }
    @Test void onGpu() { }
}
"""


@unittest.skipIf(not os.path.isdir(os.path.join(HERE, '..', '..', '.device', 'lib')) or subprocess.run(['which', 'javac'], capture_output=True).returncode,
                 'needs javac and a packed .device/lib (gpu-bundle/device/pack.sh)')
class DeviceTestsConsole(unittest.TestCase):
    """DeviceTests, the JUnit console that travels: outcomes, reports and exit status on sample tests."""

    @classmethod
    def setUpClass(cls):
        lib = os.path.join(HERE, '..', '..', '.device', 'lib')
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        os.makedirs(os.path.join(d, 'src', 'sample'))
        with open(os.path.join(d, 'src', 'sample', 'SampleTest.java'), 'w') as f:
            f.write(SAMPLE)
        jars = ':'.join(os.path.join(lib, j) for j in sorted(os.listdir(lib)))
        subprocess.run(['javac', '--release', '17', '-nowarn', '-d', os.path.join(d, 'classes'), '-cp', jars,
                        os.path.join(HERE, 'DeviceTests.java'), os.path.join(d, 'src', 'sample', 'SampleTest.java')], check=True, timeout=300)
        cls.cp = os.path.join(d, 'classes') + ':' + jars

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def console(self, *args):
        return subprocess.run(['java', '-cp', self.cp, 'DeviceTests'] + list(args), capture_output=True, text=True, timeout=300)

    def test_outcomes_reports_and_exit_1_on_a_failure(self):
        reports = os.path.join(self.tmp.name, 'r1')
        r = self.console('--reports', reports, '--package', 'sample', '--class', 'sample.Missing', '--timeout-s', '60')
        self.assertEqual(1, r.returncode, r.stdout + r.stderr)
        self.assertIn('tests 5: passed 1, failed 1, skipped 3; absent classes 1', r.stdout)
        with open(os.path.join(reports, 'junit.json')) as f:
            j = json.load(f)
        status = {(x['class'].rsplit('.', 1)[-1], x['name']): x['status'] for x in j['results']}
        self.assertEqual({('SampleTest', 'passes()'): 'passed', ('SampleTest', 'fails()'): 'failed',
                          ('SampleTest', 'skipsByAssumption()'): 'skipped', ('SampleTest', 'disabled()'): 'skipped',
                          ('GatedTest', 'GatedTest'): 'skipped'}, status)
        self.assertTrue(j['absent'][0].startswith('sample.Missing (ClassNotFoundException'))
        with open(os.path.join(reports, 'junit.xml')) as f:
            xml = f.read()
        import xml.etree.ElementTree as ET
        suites = {s.get('name'): s for s in ET.fromstring(xml)}
        self.assertEqual(('4', '1', '2'), tuple(suites['sample.SampleTest'].get(k) for k in ('tests', 'failures', 'skipped')))
        failure = suites['sample.SampleTest'].find("testcase[@name='fails()']/failure")
        self.assertIn('arithmetic <&>', failure.get('message'))
        with open(os.path.join(reports, 'junit.txt')) as f:
            txt = f.read()
        self.assertIn('ABSENT  sample.Missing', txt)
        self.assertIn('AssertionFailedError', txt, 'the failure trace follows the table')

    def test_only_skips_exit_0(self):
        reports = os.path.join(self.tmp.name, 'r2')
        r = self.console('--reports', reports, '--class', 'sample.GatedTest')
        self.assertEqual(0, r.returncode, r.stdout + r.stderr)
        self.assertIn('tests 1: passed 0, failed 0, skipped 1', r.stdout)

    def test_bad_command_line_exits_2(self):
        for args, text in ((['--package', 'x'], '--reports DIR is required'), (['--reports', 'r', '--timeout-s', '0'], '--timeout-s 0'),
                           (['--reports', 'r', '--frobnicate', 'x'], 'unknown option --frobnicate')):
            r = self.console(*args)
            self.assertEqual(2, r.returncode)
            self.assertIn(text, r.stderr)


JDEPS = """
test-classes -> classes
   a.cuda.GoodTest          -> a.cuda.Helper                 test-classes
   a.cuda.GoodTest          -> org.junit.jupiter.api.Test    not found
   a.cuda.GoodTest          -> a.cuda.Service                classes
   a.cuda.Helper            -> java.lang.Object              java.base
   a.cuda.Helper$Inner      -> java.util.logging.Logger      java.logging
   a.cuda.Service           -> com.sun.jna.Native            jna-4.3.0.jar
   a.cuda.Service           -> a.main.Unused                 classes
   com.sun.jna.Native       -> java.awt.Component            java.desktop
   a.main.Unused            -> org.nd4j.linalg.Nd4j          not found
   a.cuda.DirectTest        -> org.bytedeco.openblas.global.openblas  not found
   a.cuda.CublasTest        -> org.bytedeco.cuda.global.cublas  not found
   a.cuda.CublasTest        -> org.bytedeco.javacpp.Pointer  not found
   a.cuda.CpuTest           -> a.cpu.Backend                 classes
   a.cpu.Backend            -> org.nd4j.linalg.Nd4j          not found
   a.cuda.GapTest           -> org.slf4j.Logger              not found
   a.cuda.GuiceTest         -> com.google.inject.Injector    not found
   a.other.NotARootTest     -> java.sql.Date                 java.sql
   a.ref.Contract           -> java.util.concurrent.Flow     java.base
   a.ref.Contract           -> javax.tools.Tool              java.compiler
"""


class SelectTests(unittest.TestCase):
    """select_tests.py on a made-up jdeps listing: which roots travel, which stay behind and why."""

    def run_select(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ('a/cuda/GoodTest', 'a/cuda/Helper', 'a/cuda/Helper$Inner', 'a/cuda/DirectTest', 'a/cuda/CublasTest', 'a/cuda/CpuTest',
                         'a/cuda/GapTest', 'a/cuda/GuiceTest', 'a/other/NotARootTest'):
                os.makedirs(os.path.join(d, os.path.dirname(name)), exist_ok=True)
                open(os.path.join(d, name + '.class'), 'w').close()
            script = os.path.join(HERE, 'select_tests.py')
            r = subprocess.run([sys.executable, '-c', 'import sys; sys.path.insert(0, %r); import select_tests as s; '
                                's.CPU_BACKEND = "a.cpu."; sys.argv = [%r, %r, "a/cuda", "a.ref"]; s.main()' % (HERE, script, d)],
                               input=JDEPS, capture_output=True, text=True, timeout=60)
        self.assertEqual(0, r.returncode, r.stderr)
        return r.stdout.splitlines()

    def test_roots_kept_dropped_and_what_travels_with_them(self):
        out = self.run_select()
        kept = {l.split(' ', 1)[1] for l in out if l.startswith('KEEP ')}
        # JavaCPP and its CUDA presets travel (pack.sh carries them): a test using cuBLAS through them is kept
        self.assertEqual({'a/cuda/GoodTest.class', 'a/cuda/Helper.class', 'a/cuda/Helper$Inner.class', 'a/cuda/GuiceTest.class',
                          'a/cuda/CublasTest.class'}, kept)
        dropped = {l.split(' ')[1].rstrip(':'): l for l in out if l.startswith('DROP ')}
        self.assertEqual({'a.cuda.DirectTest', 'a.cuda.CpuTest', 'a.cuda.GapTest'}, set(dropped))
        self.assertIn('org.bytedeco.openblas.global.openblas', dropped['a.cuda.DirectTest'])
        self.assertIn('uses the ND4J backend (a.cuda.CpuTest -> a.cpu.Backend -> org.nd4j.linalg.Nd4j)', dropped['a.cuda.CpuTest'])
        self.assertIn('org.slf4j.Logger', dropped['a.cuda.GapTest'])
        warns = [l for l in out if l.startswith('WARN ')]
        self.assertEqual(1, len(warns), out)
        self.assertIn('a.cuda.GoodTest: reaches org.nd4j.linalg.Nd4j through main classes', warns[0])
        self.assertIn('JAR jna-4.3.0.jar', out)
        self.assertIn('NEEDS com.google.inject', out)
        modules = {l.split(' ')[1] for l in out if l.startswith('MODULE ')}
        # java.sql only from a class that is no root; java.compiler from the extra root package a.ref
        self.assertEqual({'java.base', 'java.logging', 'java.desktop', 'java.compiler'}, modules)


    def test_pack_exclude_leaves_a_root_behind(self):
        os.environ['PACK_EXCLUDE'] = r'\.Good'
        try:
            out = self.run_select()
        finally:
            del os.environ['PACK_EXCLUDE']
        self.assertIn(r'DROP a.cuda.GoodTest: matches PACK_EXCLUDE=\.Good', out)
        self.assertNotIn('JAR jna-4.3.0.jar', out)


class CudaLibs(unittest.TestCase):
    """cuda_libs.py on a made-up site-packages: the pip wheels' library folders, in both wheel layouts."""

    def test_folders_and_wanted_libraries(self):
        with tempfile.TemporaryDirectory() as d:
            site_dir = os.path.join(d, 'site-packages')
            files = ['nvidia/cublas/lib/libcublas.so.13', 'nvidia/cublas/lib/libcublasLt.so.13', 'nvidia/cu13/lib/libcufft.so.12',
                     'nvidia/cu13/lib/libcusolver.so.12', 'nvidia/cuda_runtime/lib/libcudart.so.13', 'nvidia/cublas/include/cublas.h',
                     'other/lib/libcublas.so.13']
            for f in files:
                os.makedirs(os.path.join(site_dir, os.path.dirname(f)), exist_ok=True)
                open(os.path.join(site_dir, f), 'w').close()
            r = subprocess.run([sys.executable, os.path.join(HERE, 'cuda_libs.py'), site_dir], capture_output=True, text=True, timeout=60)
        self.assertEqual(0, r.returncode, r.stderr)
        lines = r.stdout.splitlines()
        want = [os.path.join(site_dir, 'nvidia', p, 'lib') for p in ('cu13', 'cublas', 'cuda_runtime')]
        self.assertEqual(':'.join(want), lines[0], 'only folders under nvidia/ that hold a shared library')
        found = {l.split(' ')[1] for l in lines if l.startswith('FOUND ')}
        missing = {l.split(' ')[1] for l in lines if l.startswith('MISSING ')}
        self.assertEqual({'libcublas.so.13', 'libcublasLt.so.13', 'libcufft.so.12', 'libcusolver.so.12', 'libcudart.so.13'}, found)
        self.assertEqual({'libcusparse.so.12', 'libcusolverMg.so.12', 'libnvJitLink.so.13'}, missing)

    def test_no_wheels_prints_an_empty_path(self):
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([sys.executable, os.path.join(HERE, 'cuda_libs.py'), d], capture_output=True, text=True, timeout=60)
        self.assertEqual('', r.stdout.splitlines()[0])
        self.assertIn('MISSING libcublas.so.13', r.stdout)


class Summary(unittest.TestCase):
    def fixture(self, d, gpu_csv):
        for sub in ('env', 'junit', 'bench', 'logs'):
            os.makedirs(os.path.join(d, sub))
        with open(os.path.join(d, 'steps.tsv'), 'w') as f:
            f.write('host\t0\t1\tlimit 30s\njunit\t1\t12\tlimit 300s\npeer_bench\t124\t180\tlimit 180s\nnvcc\t\t0\tnot run: nvcc not found\n')
        with open(os.path.join(d, 'env', 'gpu.csv'), 'w') as f:
            f.write(gpu_csv)
        with open(os.path.join(d, 'junit', 'junit.json'), 'w') as f:
            json.dump({'tests': 3, 'passed': 1, 'failed': 1, 'skipped': 1, 'seconds': 2.5, 'absent': ['x.Y (ClassNotFoundException: x.Y)'],
                       'results': [{'class': 'a.B', 'name': 'ok()', 'status': 'passed', 'ms': 1, 'message': ''},
                                   {'class': 'a.B', 'name': 'bad()', 'status': 'failed', 'ms': 1, 'message': 'expected 1'},
                                   {'class': 'a.C', 'name': 'gpu()', 'status': 'skipped', 'ms': 0, 'message': 'no GPU'}]}, f)
        with open(os.path.join(d, 'peer_bench.json'), 'w') as f:
            json.dump({'status': 'ok', 'env': {'device': 'cuda', 'gpu': 'H100'}, 'tf32': {'matmul_allow_tf32': False},
                       'matmul': [{'dtype': 'float32', 'n': 1024, 'ms_median': 2.0, 'gflops_median': 1073.7, 'max_rel_err_vs_f64': 1e-6},
                                  {'dtype': 'float64', 'n': 1024, 'ms_median': 4.0, 'gflops_median': 536.9, 'max_rel_err_vs_f64': 0}],
                       'mlp': [{'dtype': 'float32', 'batch': 256, 'grad_ms_median': 1.0}], 'errors': [], 'not_run': []}, f)
        with open(os.path.join(d, 'bench', 'cuda_matmul.json'), 'w') as f:
            json.dump({'matmul': [{'dtype': 'float32', 'n': 1024, 'ms_median': 2.5}, {'dtype': 'float64', 'n': 1024, 'ms_median': 4.0},
                                  {'dtype': 'float64', 'n': 999, 'ms_median': 1.0}],
                       'mlp': [{'dtype': 'float32', 'batch': 256, 'grad_ms_median': 1.5}]}, f)

    def test_ratios_steps_and_no_gpu(self):
        with tempfile.TemporaryDirectory() as d:
            self.fixture(d, 'nvidia-smi: not found on PATH\n')
            out = os.path.join(d, 'summary.json')
            r = subprocess.run([sys.executable, os.path.join(HERE, 'summarize.py'), d, out], capture_output=True, text=True, timeout=60)
            self.assertEqual(0, r.returncode, r.stderr)
            with open(out) as f:
                s = json.load(f)
        self.assertEqual({'present': False, 'why': 'nvidia-smi: not found on PATH'}, s['gpu'])
        self.assertIn('no GPU (nvidia-smi: not found on PATH)', r.stdout)
        ratios = {(x['part'], x['dtype'], x['size']): x for x in s['ratios']}
        self.assertEqual({('matmul', 'float32', 1024), ('matmul', 'float64', 1024), ('mlp', 'float32', 256)}, set(ratios))
        self.assertAlmostEqual(0.8, ratios['matmul', 'float32', 1024]['speed_vs_torch'])
        self.assertFalse(ratios['matmul', 'float32', 1024]['meets'])
        self.assertTrue(ratios['matmul', 'float64', 1024]['meets'])
        self.assertAlmostEqual(0.667, ratios['mlp', 'float32', 256]['speed_vs_torch'])
        self.assertEqual(['ok', 'failed', 'timed out', 'skipped'], [x['status'] for x in s['steps']])
        self.assertEqual(['failed', 'skipped'], [x['status'] for x in s['junit_not_passed']])
        self.assertNotIn('results', s['junit'])
        self.assertIn('BELOW', r.stdout)

    def test_a_peer_run_cut_off_is_shown_with_its_rows(self):
        with tempfile.TemporaryDirectory() as d:
            self.fixture(d, 'nvidia-smi: not found on PATH\n')
            with open(os.path.join(d, 'peer_bench.json')) as f:
                peer = json.load(f)
            peer['status'] = 'running'
            with open(os.path.join(d, 'peer_bench.json'), 'w') as f:
                json.dump(peer, f)
            r = subprocess.run([sys.executable, os.path.join(HERE, 'summarize.py'), d, os.path.join(d, 's.json')],
                               capture_output=True, text=True, timeout=60)
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn('torch   cut off (the step timed out; rows so far)', r.stdout)
        self.assertIn('matmul float32 n=1024', r.stdout)

    def test_gpu_rows_are_read(self):
        with tempfile.TemporaryDirectory() as d:
            self.fixture(d, 'NVIDIA H100 80GB HBM3, 580.159.04, 81559 MiB, 345 MHz, 1980 MHz, 31, 70.1 W\n')
            s = summarize.gpu(d)
        self.assertTrue(s['present'])
        self.assertEqual('NVIDIA H100 80GB HBM3', s['devices'][0]['name'])
        self.assertEqual('580.159.04', s['devices'][0]['driver'])



class SummaryOfOurBench(unittest.TestCase):
    """GpuBench's report (bench/gpu_bench.json) against peer_bench's: ratios with both GFLOP/s, and every case one
    side did not measure under not_compared with that side's reason; md rows carried."""

    def run_summary(self, ours):
        with tempfile.TemporaryDirectory() as d:
            Summary.fixture(self, d, 'NVIDIA H100 80GB HBM3, 580.159.04, 81559 MiB, 345 MHz, 1980 MHz, 31, 70.1 W\n')
            os.remove(os.path.join(d, 'bench', 'cuda_matmul.json'))
            with open(os.path.join(d, 'bench', 'gpu_bench.json'), 'w') as f:
                json.dump(ours, f)
            out = os.path.join(d, 'summary.json')
            r = subprocess.run([sys.executable, os.path.join(HERE, 'summarize.py'), d, out], capture_output=True, text=True, timeout=60)
            self.assertEqual(0, r.returncode, r.stderr)
            with open(out) as f:
                return json.load(f), r.stdout

    def test_ratios_not_compared_and_md(self):
        ours = {'tool': 'gpu_bench', 'status': 'partial', 'device': {'name': 'NVIDIA H100 80GB HBM3'},
                'matmul': [{'dtype': 'float32', 'n': 1024, 'ms_median': 2.5, 'gflops_median': 859.0}],
                'mlp': [{'dtype': 'float32', 'batch': 256, 'grad_ms_median': 1.0, 'grad_gflops_median': 40.0},
                        {'dtype': 'float64', 'batch': 4096, 'grad_ms_median': 30.0}],
                'md': [{'potential': 'lj', 'atoms': 32000, 'steps': 100, 'atom_steps_per_s': 1.5e9}],
                'not_run': [{'part': 'matmul', 'dtype': 'float64', 'size': 1024, 'why': 'projected 99.0 s > 10.0 s left of --budget-s 150'}],
                'errors': []}
        s, stdout = self.run_summary(ours)
        ratios = {(x['part'], x['dtype'], x['size']): x for x in s['ratios']}
        self.assertEqual({('matmul', 'float32', 1024), ('mlp', 'float32', 256)}, set(ratios))
        self.assertAlmostEqual(0.8, ratios['matmul', 'float32', 1024]['speed_vs_torch'])
        self.assertEqual(859.0, ratios['matmul', 'float32', 1024]['ours_gflops'])
        self.assertEqual(1073.7, ratios['matmul', 'float32', 1024]['torch_gflops'])
        self.assertTrue(ratios['mlp', 'float32', 256]['meets'])
        missing = {(x['part'], x['dtype'], x['size']): x for x in s['not_compared']}
        self.assertEqual({('matmul', 'float64', 1024), ('mlp', 'float64', 4096)}, set(missing))
        self.assertTrue(missing['matmul', 'float64', 1024]['ours'].startswith('not run: projected 99.0 s'))
        self.assertEqual('measured', missing['matmul', 'float64', 1024]['torch'])
        self.assertEqual(('measured', 'absent'), (missing['mlp', 'float64', 4096]['ours'], missing['mlp', 'float64', 4096]['torch']))
        self.assertEqual(0.9, missing['matmul', 'float64', 1024]['target'])
        self.assertEqual([1.5e9], [r['atom_steps_per_s'] for r in s['md']])
        self.assertIn('goals met: 1 of 2 compared cases; 2 not compared', stdout)
        self.assertIn('ours    gpu_bench.json: partial (NVIDIA H100 80GB HBM3)', stdout)
        self.assertIn('(859.0 vs 1073.7 GFLOP/s)', stdout)
        self.assertIn('md     lj atoms=32000', stdout)

    def test_a_skipped_harness_shows_its_reason(self):
        s, stdout = self.run_summary({'tool': 'gpu_bench', 'status': 'skipped', 'reason': 'no CUDA device: CUDA unavailable',
                                      'matmul': [], 'mlp': [], 'md': [], 'not_run': [], 'errors': []})
        self.assertEqual([], s['ratios'])
        self.assertIn('ours    gpu_bench.json: skipped: no CUDA device', stdout)
        self.assertEqual({'absent'}, {x['ours'] for x in s['not_compared']})


FAKE_JAVA = r"""#!/usr/bin/env bash
# a stand-in for the carried runtime: records its command line; as GpuBench writes a report to --out
echo "$*" >> "$FAKE_CALLS"
if [ "$1" = -version ]; then echo 'openjdk version "17.0.99" (fake)' >&2; exit 0; fi
case " $* " in
  *" org.polymorph.gpu.cuda.internal.GpuBench "*)
    out=; prev=
    for a in "$@"; do [ "$prev" = --out ] && out=$a; prev=$a; done
    printf '{"tool": "gpu_bench", "status": "ok", "device": {"name": "Fake"}, "matmul": [{"dtype": "float32", "n": 1024, "ms_median": 2.0}], "mlp": [], "md": [], "not_run": [], "errors": []}' > "$out" ;;
  *" org.polymorph.materials.internal.method.DeviceMdBench "*)
    out=; prev=
    for a in "$@"; do [ "$prev" = --out ] && out=$a; prev=$a; done
    printf '{"tool": "md_bench", "status": "partial", "device": {"name": "Fake"}, "md": [{"potential": "lj/cut", "atoms": 32000, "atom_steps_per_s": 2.0e8, "cpu_atom_steps_per_s": 1.0e7, "cpu_threads": 16, "ratio": 20.0, "force_kernel": {"ms_median": 0.5, "effective_gb_s": 50.0}, "peak_bandwidth_gb_s": 3352.3, "bandwidth_fraction": 0.0149}], "not_run": [{"part": "md", "potential": "sw", "atoms": 1000000, "why": "projected 99.0 s > 10.0 s left"}], "errors": []}' > "$out" ;;
esac
exit 0
"""


class CheckRunsOurBench(unittest.TestCase):
    """check.sh with a stand-in runtime: the gpu_bench step after the peer, its options and budget, its report in
    bench/ and under $OUT; no step when the budget is spent."""

    def check(self, d, **env):
        dev = os.path.join(d, 'device')
        os.makedirs(os.path.join(dev, 'jre', 'bin'))
        java = os.path.join(dev, 'jre', 'bin', 'java')
        with open(java, 'w') as f:
            f.write(FAKE_JAVA)
        os.chmod(java, 0o755)
        with open(os.path.join(dev, 'classpath.txt'), 'w') as f:
            f.write('launcher:classes/gpu-test')
        calls, out = os.path.join(d, 'calls.txt'), os.path.join(d, 'out')
        r = subprocess.run(['bash', os.path.join(HERE, 'check.sh')], capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, OUT=out, DEVICE_DIR=dev, FAKE_CALLS=calls, PEER_ARGS='--skip matmul,mlp', **env))
        with open(calls) as f:
            return r, f.read().splitlines(), out

    def test_gpu_bench_runs_with_its_options_and_budget(self):
        with tempfile.TemporaryDirectory() as d:
            r, calls, out = self.check(d, GPU_BENCH_LIMIT_S='60', GPU_BENCH_MARGIN_S='15', GPU_BENCH_ARGS='--sizes 1024 --dtypes float32')
            self.assertEqual(0, r.returncode, r.stdout + r.stderr)
            bench = [c for c in calls if 'org.polymorph.gpu.cuda.internal.GpuBench' in c]
            self.assertEqual(1, len(bench), calls)
            self.assertIn('--budget-s 45 --sizes 1024 --dtypes float32', bench[0])
            self.assertRegex(bench[0], r'--out \S+/bench/gpu_bench\.json')
            self.assertIn('-Xmx24g', bench[0])
            self.assertLess(calls.index([c for c in calls if 'DeviceTests' in c][0]), calls.index(bench[0]), 'after the JUnit run')
            md = [c for c in calls if 'org.polymorph.materials.internal.method.DeviceMdBench' in c]
            self.assertEqual(1, len(md), calls)
            self.assertLess(calls.index(bench[0]), calls.index(md[0]), 'md_bench after gpu_bench')
            self.assertRegex(md[0], r'--out \S+/bench/md_bench\.json --budget-s 100$', 'the default 120 s less the 20 s margin')
            self.assertTrue(os.path.isfile(os.path.join(out, 'md_bench.json')))
            with open(os.path.join(out, 'summary.json')) as f:
                s = json.load(f)
            self.assertTrue(os.path.isfile(os.path.join(out, 'gpu_bench.json')))
        self.assertEqual('ok', s['java_bench']['gpu_bench.json']['status'])
        steps = [x['step'] for x in s['steps']]
        self.assertLess(steps.index('peer_bench'), steps.index('gpu_bench'))
        self.assertEqual('ok', s['steps'][steps.index('gpu_bench')]['status'])
        self.assertIn('ours    gpu_bench.json: ok (Fake)', r.stdout)
        self.assertEqual('ok', s['steps'][steps.index('md_bench')]['status'])
        self.assertEqual([20.0], [x['ratio'] for x in s['md']])
        self.assertIn('md     lj/cut atoms=32000 200000000.0 atom-steps/s (GPU); CPU 10000000.0 on 16 threads; GPU/CPU 20.0x; '
                      'force kernel 0.5 ms, 50.0 GB/s = 1.5% of 3352.3 GB/s', r.stdout)
        self.assertIn('md     sw atoms=1000000 not run: projected 99.0 s > 10.0 s left', r.stdout)

    def test_md_bench_gets_its_share_of_the_budget_and_its_options(self):
        with tempfile.TemporaryDirectory() as d:
            r, calls, out = self.check(d, MD_BENCH_LIMIT_S='50', MD_BENCH_MARGIN_S='10', MD_BENCH_ARGS='--lj-cells 20 --sw-cells 20',
                                       GPU_BENCH_LIMIT_S='600')
            self.assertEqual(0, r.returncode, r.stdout + r.stderr)
        bench = [c for c in calls if 'org.polymorph.gpu.cuda.internal.GpuBench' in c][0]
        md = [c for c in calls if 'DeviceMdBench' in c][0]
        self.assertIn('--budget-s 40 --lj-cells 20 --sw-cells 20', md)
        self.assertIn('-Xmx32g', md)
        gpu_budget = int(bench.split('--budget-s ')[1].split()[0])
        self.assertLessEqual(gpu_budget + 20, 530 - 25 - 50, 'gpu_bench leaves md_bench its 50 s')

    def test_a_bad_md_bench_limit_exits_2(self):
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run(['bash', os.path.join(HERE, 'check.sh')], capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, OUT=os.path.join(d, 'out'), MD_BENCH_LIMIT_S='two minutes'))
        self.assertEqual(2, r.returncode)
        self.assertIn('MD_BENCH_LIMIT_S=two minutes', r.stderr)

    def test_no_gpu_bench_when_the_budget_is_spent(self):
        with tempfile.TemporaryDirectory() as d:
            r, calls, out = self.check(d, CHECK_BUDGET_S='45')
            with open(os.path.join(out, 'summary.json')) as f:
                s = json.load(f)
        self.assertEqual([], [c for c in calls if 'GpuBench' in c or 'DeviceMdBench' in c])
        step = [x for x in s['steps'] if x['step'] == 'gpu_bench'][0]
        self.assertEqual('skipped', step['status'])
        self.assertRegex(step['note'], r'not run: only \d+s of the 45s budget left')
        step = [x for x in s['steps'] if x['step'] == 'md_bench'][0]
        self.assertEqual('skipped', step['status'])

if __name__ == '__main__':
    unittest.main()
