package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quanyun.catalog.vault.MasterKey;

/** Consent tokens: what an authentic token says, and that altered or foreign tokens say nothing. */
class ConsentTokensTests {

    final ConsentTokens tokens = new ConsentTokens(MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])));
    final UUID product = UUID.randomUUID();
    final UUID consumer = UUID.randomUUID();
    final UUID id = UUID.randomUUID();
    final Instant expiry = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void issuedToken_readsBackItsClaims_andCarriesNoIdentifier() {
        String token = tokens.issue(id, product, consumer, "ab".repeat(32), expiry);
        assertThat(token).startsWith("qct2.");
        assertThat(tokens.read(token)).isEqualTo(new ConsentTokens.Claims(id, product, consumer, "ab".repeat(32), expiry));
    }

    @Test
    void alteredPayloadOrMac_isNotAuthentic() {
        String token = tokens.issue(id, product, consumer, "ab".repeat(32), expiry);
        int dot = token.indexOf('.', 5);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(5, dot)));
        String forged = "qct2." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace(consumer.toString(), UUID.randomUUID().toString()).getBytes()) + token.substring(dot);
        assertThat(tokens.read(forged)).isNull();
        assertThat(tokens.read(token.substring(0, token.length() - 3) + "AAA")).isNull();
        assertThat(tokens.read("qct2.garbage")).isNull();
        assertThat(tokens.read("not a token")).isNull();
    }

    @Test
    void revokedToken_isKnownAsRevoked_untilForgotten() {
        ConsentTokens.Claims claims = tokens.read(tokens.issue(id, product, consumer, "ab".repeat(32), expiry));
        ConsentTokens.Claims other = tokens.read(tokens.issue(UUID.randomUUID(), product, consumer, "ab".repeat(32), expiry));
        assertThat(tokens.isRevoked(claims)).isFalse();
        tokens.markRevoked(id);
        assertThat(tokens.isRevoked(claims)).isTrue();
        assertThat(tokens.isRevoked(other)).as("only that token").isFalse();
        tokens.forgetRevoked(java.util.List.of(id));
        assertThat(tokens.isRevoked(claims)).isFalse();
    }

    @Test
    void tokenOfAnotherMasterKey_isNotAuthentic() {
        byte[] other = new byte[32];
        other[0] = 1;
        ConsentTokens foreign = new ConsentTokens(MasterKey.fromBase64(Base64.getEncoder().encodeToString(other)));
        assertThat(tokens.read(foreign.issue(id, product, consumer, "ab".repeat(32), expiry))).isNull();
    }

    @Test
    void subscriptionState_cancelledIsFinal() {
        assertThat(SubscriptionState.ACTIVE.canTransitionTo(SubscriptionState.CANCELLED)).isTrue();
        assertThat(SubscriptionState.CANCELLED.canTransitionTo(SubscriptionState.ACTIVE)).isFalse();
        assertThat(IdentityNumbers.isValid(ProductApiTests.validIdNumber("37010219900101123"))).isTrue();
        assertThat(IdentityNumbers.isValid("370102199001011230".substring(0, 17) + "Z")).isFalse();
    }
}
