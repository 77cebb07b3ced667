package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** rfft/irfft and fft/ifft along the last axis, against the O(n^2) reference DFT and by round trips. */
public abstract class ContractFft extends ContractSupport {

    /** Absolute tolerance for transforms of length n of values of magnitude <= 1. */
    private static double tol(int n) { return 1e-13 * Math.max(1, n); }

    private void agreeComplex(String label, int n, Complex actual, Complex expected) {
        check(label + " (real part)", actual.re(), expected.re(), 1e-12, tol(n));
        check(label + " (imaginary part)", actual.im(), expected.im(), 1e-12, tol(n));
    }

    private void agreeRfft(String label, In x, int n) {
        agreeComplex(label, n, service().rfft(x.in(service())), REF.rfft(x.in(REF)));
    }

    @Test
    void rfft() {
        for (int n : new int[] {1, 2, 3, 5, 8, 16, 17, 30}) agreeRfft("rfft n=" + n, rand(F64, 600 + n, n), n);
        agreeRfft("rfft batched", rand(F64, 641, 2, 3, 16), 16);
        agreeRfft("rfft size-0 batch", rand(F64, 642, 0, 8), 8);
        agreeRfft("rfft transposed view", rand(F64, 643, 12, 3).t(), 12);
        agreeRfft("rfft negative-step view", rand(F64, 644, 3, 20).slice(new int[] {2, 19}, new int[] {Integer.MIN_VALUE,
                Integer.MIN_VALUE}, new int[] {-1, -2}), 10);
        agreeRfft("rfft large", rand(F64, 645, 8, 1024), 1024);
        agreeRfft("rfft large prime length", rand(F64, 646, 4099), 4099);
        Complex f = service().rfft(rand(F32, 647, 3, 32).in(service()));
        Complex g = REF.rfft(rand(F32, 647, 3, 32).in(REF));
        check("rfft float32 (real)", f.re(), g.re(), 1e-4, 1e-4);
        check("rfft float32 (imaginary)", f.im(), g.im(), 1e-4, 1e-4);
    }

    @Test
    void rfftOfCosineByHand() {
        int n = 16;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) x[t] = 3 * Math.cos(2 * Math.PI * 2 * t / n) + 1;
        Complex c = service().rfft(service().fromArray(x, n));
        double[] re = read(c.re());
        double[] im = read(c.im());
        assertEquals(n / 2 + 1, re.length);
        for (int k = 0; k <= n / 2; k++) {
            double expected = k == 0 ? n : k == 2 ? 3 * n / 2.0 : 0;
            assertEquals(expected, re[k], 1e-12, "Re X[" + k + "]");
            assertEquals(0, im[k], 1e-12, "Im X[" + k + "]");
        }
    }

    @Test
    void irfftRoundTripAndReference() {
        for (int n : new int[] {1, 2, 5, 8, 9, 64}) {
            In x = rand(F64, 650 + n, 3, n);
            Tensor back = service().irfft(service().rfft(x.in(service())), n);
            check("irfft(rfft(x)) n=" + n, back, x.in(REF), 1e-12, tol(n));
        }
        for (int n : new int[] {4, 5, 6, 7, 12, 3}) {
            In re = rand(F64, 670 + n, 2, 4);
            In im = rand(F64, 680 + n, 2, 4);
            check("irfft of an arbitrary half spectrum, n=" + n,
                    service().irfft(new Complex(re.in(service()), im.in(service())), n),
                    REF.irfft(new Complex(re.in(REF), im.in(REF)), n), 1e-12, tol(n));
        }
        In re = rand(F64, 690, 4, 3);
        In im = rand(F64, 691, 3, 4);
        check("irfft of views", service().irfft(new Complex(re.t().in(service()), im.in(service())), 6),
                REF.irfft(new Complex(re.t().in(REF), im.in(REF)), 6), 1e-12, tol(6));
        In big = rand(F64, 692, 4, 2048);
        check("irfft(rfft) large", service().irfft(service().rfft(big.in(service())), 2048), big.in(REF), 1e-12, tol(2048));
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.irfft(new Complex(s.zeros(F64, 3), s.zeros(F64, 3)), 0));
        assertFails(IllegalArgumentException.class, () -> s.irfft(new Complex(s.zeros(F64, 3), s.zeros(F64, 4)), 4));
    }

    @Test
    void fftAndIfft() {
        for (int n : new int[] {1, 2, 3, 8, 13}) {
            In re = rand(F64, 700 + n, 2, n);
            In im = rand(F64, 720 + n, 2, n);
            agreeComplex("fft n=" + n, n, service().fft(new Complex(re.in(service()), im.in(service()))),
                    REF.fft(new Complex(re.in(REF), im.in(REF))));
            agreeComplex("ifft n=" + n, n, service().ifft(new Complex(re.in(service()), im.in(service()))),
                    REF.ifft(new Complex(re.in(REF), im.in(REF))));
            Complex round = service().ifft(service().fft(new Complex(re.in(service()), im.in(service()))));
            check("ifft(fft(z)) real n=" + n, round.re(), re.in(REF), 1e-12, tol(n));
            check("ifft(fft(z)) imaginary n=" + n, round.im(), im.in(REF), 1e-12, tol(n));
        }
        In re = rand(F64, 740, 6, 5);
        In im = rand(F64, 741, 5, 6);
        agreeComplex("fft of views", 5, service().fft(new Complex(re.t().in(service()), im.in(service()))),
                REF.fft(new Complex(re.t().in(REF), im.in(REF))));
        In bre = rand(F64, 742, 4, 2048);
        In bim = rand(F64, 743, 4, 2048);
        agreeComplex("fft large", 2048, service().fft(new Complex(bre.in(service()), bim.in(service()))),
                REF.fft(new Complex(bre.in(REF), bim.in(REF))));
    }

    @Test
    void errors() {
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.rfft(s.zeros(I32, 4)), "int32");
        assertFails(IllegalArgumentException.class, () -> s.rfft(s.zeros(F64, 3, 0)));
        assertFails(IllegalArgumentException.class, () -> s.rfft(s.scalar(F64, 1)));
        assertFails(IllegalArgumentException.class, () -> s.fft(new Complex(s.zeros(F64, 4), s.zeros(F32, 4))));
    }
}
