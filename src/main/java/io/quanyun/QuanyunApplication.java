package io.quanyun;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Quanyun 泉运: the public data authorized operation platform of Jinan.
 *
 * <p>Each direct subpackage is a business capability and a Spring Modulith module.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuanyunApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuanyunApplication.class, args);
    }
}
