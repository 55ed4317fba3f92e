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

    /**
     * DuckDB with one database per workspace: its memory limit is the per-query memory times the workspace's
     * concurrent query slots (the same bound per workspace as one database per query had), closed after the idle
     * timeout, beyond the bound of open databases, and at shutdown (Spring calls {@code close}).
     */
    @Bean
    DuckDbEngine duckDbEngine(SandboxSettings settings) {
        return new DuckDbEngine(new DuckDbSettings(settings.engineMemory(), settings.engineThreads())
                .withMemoryTimes(settings.maxConcurrentQueries()), settings.engineIdleTimeout(), settings.engineDatabases());
    }

    @Bean
    SandboxQueries sandboxQueries(DuckDbEngine engine, JdbcPrivacyLedger ledger, JdbcDerivedTables derivedTables,
            SandboxSettings settings) {
        return new SandboxQueries(engine, RandomSource.secure(), ledger, derivedTables, settings.selectionDelta());
    }
}
