package org.polymorph.gpu.cpu.internal;

import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.TensorServiceContract;

/** The full TensorService contract (framework-core test-jar) against the nd4j-cpu service. */
class Nd4jTensorServiceContractTest extends TensorServiceContract {
    private static final TensorService SERVICE = TestServices.service();

    @Override protected TensorService service() { return SERVICE; }
}
