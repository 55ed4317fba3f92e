package io.quanyun.support;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Leaves out the sandbox demo runner ({@code demoSandbox}) for tests that need no workspace: at start-up it opens
 * the workspaces of the demo grants while the asynchronous grant-activation listener opens the same ones, and
 * when both insert, the context fails on the unique {@code sandbox_workspace.grant_id}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WithoutDemoSandbox {

    @Bean
    static BeanFactoryPostProcessor withoutDemoSandbox() {
        return factory -> {
            if (factory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition("demoSandbox")) {
                registry.removeBeanDefinition("demoSandbox");
            }
        };
    }
}
