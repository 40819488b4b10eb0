package org.mcelogjava.daemon.service;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Traps a POSIX signal (SIGUSR1 to reopen the log, as mcelog does when run directly) with the
 * JDK's {@code sun.misc.Signal}, the only signal API a plain JVM has.
 *
 * <p>It is reached by reflection on purpose: javac flags every direct use of
 * {@code sun.misc.Signal} as an internal proprietary API with a warning that cannot be suppressed,
 * and the build keeps {@code -Xlint:all} clean. The class lives in the exported, supported-for-now
 * {@code jdk.unsupported} module. Under jsvc, which keeps SIGUSR1 for itself, Commons Daemon's
 * {@code DaemonUserSignal} (SIGUSR2) is used instead.
 */
public final class SignalTraps {

    private SignalTraps() {
    }

    /**
     * Runs {@code action} on a JVM signal-dispatch thread each time {@code name} (e.g. "USR1",
     * "TERM") arrives.
     *
     * @throws IllegalArgumentException the signal is unknown or reserved by the JVM
     */
    public static void trap(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return objectMethod(proxy, method, args);
            };
            Object handler = Proxy.newProxyInstance(SignalTraps.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("cannot trap SIG" + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM offers no sun.misc.Signal", e);
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "SignalTraps handler";
        };
    }
}
