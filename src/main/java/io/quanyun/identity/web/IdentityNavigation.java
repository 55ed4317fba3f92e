package io.quanyun.identity.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.quanyun.shared.Role;
import io.quanyun.shared.web.NavigationItem;

@Configuration(proxyBeanMethods = false)
class IdentityNavigation {

    @Bean
    NavigationItem organizationsNavigation() {
        return new NavigationItem("nav.organizations", "/admin/organizations",
                Set.of(Role.AUTHORITY_ADMIN, Role.AUDITOR, Role.OPERATOR_ADMIN), 900);
    }
}
