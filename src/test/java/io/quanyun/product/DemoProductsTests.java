package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.quanyun.audit.Sm3;
import io.quanyun.support.PlatformTest;

/** The demo for {@code ./quanyun dev}: a listed identity verification, bank's subscription with the demo key, consents. */
@PlatformTest
class DemoProductsTests {

    @Autowired JdbcClient jdbc;

    @Test
    void demo_hasTheVerification_bankSubscription_demoKey_andConsents() {
        assertThat(jdbc.sql("""
                select count(*) from product p where p.name = :name and p.risk_level = 'HIGH'
                and p.second_reviewer is not null and p.attribute_field = 'name'""")
                .param("name", DemoProducts.PRODUCT).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from product_subscription s join product p on p.id = s.product_id
                join product_subscription_key k on k.subscription_id = s.id
                where p.name = :name and s.consumer_name = :bank and k.key_hash = :hash""")
                .param("name", DemoProducts.PRODUCT).param("bank", DemoProducts.CONSUMER)
                .param("hash", Sm3.hex("qyc_dev-quanyun-demo-key-2026")).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from consent_record where purpose = :p")
                .param("p", DemoProducts.PURPOSE).query(Long.class).single()).isGreaterThan(10);
        assertThat(jdbc.sql("select i.entries from product_index_build i join product p on p.id = i.product_id "
                + "where p.name = :name").param("name", DemoProducts.PRODUCT).query(Long.class).single())
                .as("the index is built").isGreaterThan(1000);
    }
}
