package io.quanyun;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import io.quanyun.console.ProductionGuard;

/**
 * Quanyun 泉运: the public data authorized operation platform of Jinan.
 *
 * <p>Each direct subpackage is a business capability and a Spring Modulith module. With
 * {@code --quanyun.command=...} the application runs one command-line task and exits with its code.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuanyunApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(QuanyunApplication.class);
        application.addListeners(new ProductionGuard());
        ConfigurableApplicationContext context = application.run(args);
        if (context.getEnvironment().containsProperty("quanyun.command")) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
