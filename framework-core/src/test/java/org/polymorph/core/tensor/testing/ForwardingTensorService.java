package org.polymorph.core.tensor.testing;

import java.util.Map;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/** Delegates every op to a reference service; subclasses inject faults to test the contract itself. */
class ForwardingTensorService implements TensorService {
    final TensorService d = new ReferenceTensorService();

    @Override public String name() { return "forwarding"; }
    @Override public Tensor full(DType dtype, double value, int... shape) { return d.full(dtype, value, shape); }
    @Override public Tensor arange(DType dtype, double start, double stop, double step) { return d.arange(dtype, start, stop, step); }
    @Override public Tensor eye(DType dtype, int n) { return d.eye(dtype, n); }
    @Override public Tensor fromArray(double[] data, int... shape) { return d.fromArray(data, shape); }
    @Override public Tensor fromArray(float[] data, int... shape) { return d.fromArray(data, shape); }
    @Override public Tensor fromArray(int[] data, int... shape) { return d.fromArray(data, shape); }
    @Override public Tensor fromArray(long[] data, int... shape) { return d.fromArray(data, shape); }
    @Override public Tensor fromArray(boolean[] data, int... shape) { return d.fromArray(data, shape); }
    @Override public double[] toDoubleArray(Tensor x) { return d.toDoubleArray(x); }
    @Override public float[] toFloatArray(Tensor x) { return d.toFloatArray(x); }
    @Override public int[] toIntArray(Tensor x) { return d.toIntArray(x); }
    @Override public long[] toLongArray(Tensor x) { return d.toLongArray(x); }
    @Override public boolean[] toBooleanArray(Tensor x) { return d.toBooleanArray(x); }
    @Override public Tensor unary(UnaryOp op, Tensor x) { return d.unary(op, x); }
    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) { return d.binary(op, a, b); }
    @Override public Tensor where(Tensor cond, Tensor a, Tensor b) { return d.where(cond, a, b); }
    @Override public Tensor cast(Tensor x, DType dtype) { return d.cast(x, dtype); }
    @Override public Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) { return d.reduce(op, x, keepDims, axes); }
    @Override public Tensor argmax(Tensor x, int axis, boolean keepDims) { return d.argmax(x, axis, keepDims); }
    @Override public Tensor argmin(Tensor x, int axis, boolean keepDims) { return d.argmin(x, axis, keepDims); }
    @Override public Tensor matmul(Tensor a, Tensor b) { return d.matmul(a, b); }
    @Override public Tensor dot(Tensor a, Tensor b) { return d.dot(a, b); }
    @Override public Tensor outer(Tensor a, Tensor b) { return d.outer(a, b); }
    @Override public Tensor einsum(String spec, Tensor... operands) { return d.einsum(spec, operands); }
    @Override public Tensor reshape(Tensor x, int... shape) { return d.reshape(x, shape); }
    @Override public Tensor transpose(Tensor x, int... perm) { return d.transpose(x, perm); }
    @Override public Tensor slice(Tensor x, int[] start, int[] stop, int[] step) { return d.slice(x, start, stop, step); }
    @Override public Tensor concat(int axis, Tensor... xs) { return d.concat(axis, xs); }
    @Override public Tensor stack(int axis, Tensor... xs) { return d.stack(axis, xs); }
    @Override public Tensor broadcastTo(Tensor x, int... shape) { return d.broadcastTo(x, shape); }
    @Override public Tensor pad(Tensor x, int[][] padWidths, double value) { return d.pad(x, padWidths, value); }
    @Override public Tensor take(Tensor x, Tensor indices, int axis) { return d.take(x, indices, axis); }
    @Override public Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) { return d.takeAlongAxis(x, indices, axis); }
    @Override public Tensor scatterAdd(Tensor t, Tensor i, Tensor u, int axis) { return d.scatterAdd(t, i, u, axis); }
    @Override public Tensor segmentSum(Tensor data, Tensor ids, int n) { return d.segmentSum(data, ids, n); }
    @Override public Tensor cumsum(Tensor x, int axis) { return d.cumsum(x, axis); }
    @Override public Tensor sort(Tensor x, int axis) { return d.sort(x, axis); }
    @Override public Tensor argsort(Tensor x, int axis) { return d.argsort(x, axis); }
    @Override public Tensor normal(RandomKey key, DType dtype, int... shape) { return d.normal(key, dtype, shape); }
    @Override public Tensor uniform(RandomKey key, DType dtype, double low, double high, int... shape) {
        return d.uniform(key, dtype, low, high, shape);
    }
    @Override public Tensor solve(Tensor a, Tensor b) { return d.solve(a, b); }
    @Override public Tensor inverse(Tensor a) { return d.inverse(a); }
    @Override public Tensor det(Tensor a) { return d.det(a); }
    @Override public Tensor cholesky(Tensor a) { return d.cholesky(a); }
    @Override public Eigh eigh(Tensor a) { return d.eigh(a); }
    @Override public QR qr(Tensor a) { return d.qr(a); }
    @Override public SVD svd(Tensor a) { return d.svd(a); }
    @Override public Complex rfft(Tensor x) { return d.rfft(x); }
    @Override public Tensor irfft(Complex spectrum, int n) { return d.irfft(spectrum, n); }
    @Override public Complex fft(Complex x) { return d.fft(x); }
    @Override public Complex ifft(Complex x) { return d.ifft(x); }
    @Override public Map<String, Object> describe() { return d.describe(); }
}
