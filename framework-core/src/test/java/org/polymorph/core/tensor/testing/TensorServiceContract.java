package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.TensorService;

/**
 * The contract every {@link TensorService} must pass: each op is compared with the pure-Java
 * {@link ReferenceTensorService} (1e-12 relative and absolute in float64, about 1e-5 in float32,
 * exact for integers and bools), over broadcasting, scalars, size-0 and size-1 axes, views made
 * by transpose and by strided slices (negative steps included), and sizes large enough to reach
 * any "big tensor" path of an optimised backend. Errors: {@link IllegalArgumentException} for
 * bad arguments, {@link ArithmeticException} for singular solve/inverse, non-positive-definite
 * cholesky and integer division by zero.
 *
 * <p>Usage, in a backend's test sources (depend on framework-core's test-jar):
 * <pre>{@code
 * class Nd4jTensorServiceTest extends TensorServiceContract {
 *     private static final TensorService SERVICE = new Nd4jTensorService();
 *     @Override protected TensorService service() { return SERVICE; }
 * }
 * }</pre>
 * {@code service()} is called many times: return one shared instance.
 */
public abstract class TensorServiceContract {

    /** The service under test; return one shared instance. */
    protected abstract TensorService service();

    @Test
    void describesItself() {
        assertFalse(service().name().isBlank(), "name()");
        assertFalse(service().describe().isEmpty(), "describe()");
    }

    @Test
    void addsTwoVectors() {
        TensorService s = service();
        double[] v = s.toDoubleArray(s.add(s.fromArray(new double[] {1, 2}, 2), s.fromArray(new double[] {3, 4}, 2)));
        assertEquals(4.0, v[0]);
        assertEquals(6.0, v[1]);
    }

    @Nested class Creation extends ContractCreation {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Elementwise extends ContractElementwise {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Reductions extends ContractReductions {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Contractions extends ContractContractions {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Shapes extends ContractShapes {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Indexing extends ContractIndexing {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Random extends ContractRandom {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Linalg extends ContractLinalg {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }

    @Nested class Fft extends ContractFft {
        @Override protected TensorService service() { return TensorServiceContract.this.service(); }
    }
}
