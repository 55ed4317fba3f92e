package io.quanyun.console;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.quanyun.shared.web.NavigationItem;

/** The console's own navigation entries. */
@Configuration(proxyBeanMethods = false)
class ConsoleNavigation {

    @Bean
    NavigationItem homeNavigation() {
        return new NavigationItem("nav.home", "/home", Set.of(), 0);
    }

    @Bean
    NavigationItem apiDocsNavigation() {
        return new NavigationItem("nav.api", "/swagger-ui/index.html", Set.of(), 1000);
    }
}
