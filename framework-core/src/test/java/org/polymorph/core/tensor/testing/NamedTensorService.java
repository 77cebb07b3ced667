package org.polymorph.core.tensor.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.tensor.TensorService;

/**
 * A {@link ReferenceTensorService} under another backend name: {@code name()} gives that name and {@code describe()}
 * the reference's facts with {@code backend} replaced, so tests can register several distinguishable backends that
 * all compute correctly.
 */
public final class NamedTensorService {
    private NamedTensorService() { }

    /** A reference service named {@code name}. */
    public static TensorService of(String name) {
        TensorService reference = new ReferenceTensorService();
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "name":
                    if (method.getParameterCount() == 0) return name;
                    break;
                case "describe":
                    if (method.getParameterCount() == 0) {
                        Map<String, Object> d = new LinkedHashMap<>(reference.describe());
                        d.put("backend", name);
                        return d;
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) return "NamedTensorService[" + name + "]";
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) return System.identityHashCode(proxy);
                    break;
                case "equals":
                    if (method.getParameterCount() == 1) return proxy == args[0];
                    break;
                default:
                    break;
            }
            try {
                return method.invoke(reference, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (TensorService) Proxy.newProxyInstance(TensorService.class.getClassLoader(), new Class<?>[] {TensorService.class}, handler);
    }
}
