package io.quanyun.sandbox;

import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.privacy.RandomSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sandbox core as Spring beans: DuckDB, a secure random source, budgets and derived tables in the database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SandboxSettings.class)
class SandboxConfiguration {

    @Bean
    SandboxQueries sandboxQueries(JdbcPrivacyLedger ledger, JdbcDerivedTables derivedTables, SandboxSettings settings) {
        return new SandboxQueries(new DuckDbEngine(new DuckDbSettings(settings.engineMemory(), settings.engineThreads())),
                RandomSource.secure(), ledger, derivedTables, settings.selectionDelta());
    }
}
