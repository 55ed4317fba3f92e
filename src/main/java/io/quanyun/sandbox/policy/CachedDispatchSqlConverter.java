package io.quanyun.sandbox.policy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.util.ReflectUtil;

/**
 * Calcite's {@link RelToSqlConverter}, dispatching each relational node to the same {@code visit} method Calcite
 * would pick ({@link ReflectUtil#lookupVisitMethod(Class, Class, String, List)}, the lookup its own dispatcher
 * makes), but remembering the method per node class for the JVM's life: Calcite's dispatcher keeps that memory per
 * converter, and a converter is made per statement, so every check looked the methods up by reflection again.
 * The converter itself (alias and frame state) is still made anew per statement.
 */
final class CachedDispatchSqlConverter extends RelToSqlConverter {

    private static final ConcurrentHashMap<Class<?>, Method> VISIT_METHODS = new ConcurrentHashMap<>();

    CachedDispatchSqlConverter(SqlDialect dialect) {
        super(dialect);
    }

    @Override
    protected Result dispatch(RelNode node) {
        Method method = VISIT_METHODS.computeIfAbsent(node.getClass(), CachedDispatchSqlConverter::visitMethod);
        try {
            return (Result) method.invoke(this, node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("visit method not accessible for " + node.getClass(), e);
        } catch (InvocationTargetException e) {
            Throwable target = e.getTargetException();
            if (target instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (target instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(target);
        }
    }

    private static Method visitMethod(Class<?> nodeClass) {
        Method method = ReflectUtil.lookupVisitMethod(CachedDispatchSqlConverter.class, nodeClass, "visit", List.of());
        if (method == null) {
            throw new IllegalArgumentException("no visit method for " + nodeClass);
        }
        return method;
    }
}
