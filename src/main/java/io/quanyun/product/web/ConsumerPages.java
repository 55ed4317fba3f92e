package io.quanyun.product.web;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.quanyun.product.IssuedSubscriptionKey;
import io.quanyun.product.SubscribeToProduct;
import io.quanyun.product.SubscriptionManagement;
import io.quanyun.product.SubscriptionView;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;
import io.quanyun.shared.web.NavigationItem;

/**
 * The consumer's console pages: browse listed products and subscribe, see a new API key once, revoke keys, and
 * read usage and the month's statement. Post-redirect-get; the new key travels to the next page as a flash
 * attribute and is never shown again.
 */
@Controller
@RequestMapping("/consumer")
class ConsumerPages {

    private final SubscriptionManagement subscriptions;
    private final Clock clock;

    ConsumerPages(SubscriptionManagement subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    @ModelAttribute("time")
    DateTimeFormatter time() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Zones.SHANGHAI);
    }

    @GetMapping("/products")
    String products(Model model) {
        model.addAttribute("products", subscriptions.listedProducts());
        model.addAttribute("defaultQuota", SubscriptionManagement.DEFAULT_QUOTA);
        model.addAttribute("defaultRate", SubscriptionManagement.DEFAULT_RATE);
        model.addAttribute("consumer", io.quanyun.shared.Actors.current().has(Role.CONSUMER_ADMIN));
        return "product/market";
    }

    @PostMapping("/products/{productId}/subscribe")
    String subscribe(@PathVariable UUID productId, @RequestParam(required = false) @Nullable Long monthlyQuota,
            @RequestParam(required = false) @Nullable Integer ratePerSecond) {
        SubscriptionView subscription = subscriptions.subscribe(new SubscribeToProduct(productId, monthlyQuota,
                ratePerSecond));
        return "redirect:/consumer/subscriptions/" + subscription.id();
    }

    @GetMapping("/subscriptions")
    String list(Model model) {
        model.addAttribute("subscriptions", subscriptions.subscriptions());
        return "product/subscriptions";
    }

    @GetMapping("/subscriptions/{id}")
    String subscription(@PathVariable UUID id, Model model) {
        model.addAttribute("subscription", subscriptions.subscription(id));
        return "product/subscription";
    }

    @PostMapping("/subscriptions/{id}/keys")
    String issueKey(@PathVariable UUID id, RedirectAttributes redirect) {
        IssuedSubscriptionKey key = subscriptions.issueKey(id);
        redirect.addFlashAttribute("issuedKey", key.key());
        return "redirect:/consumer/subscriptions/" + id;
    }

    @PostMapping("/subscriptions/{id}/keys/{keyId}/revoke")
    String revoke(@PathVariable UUID id, @PathVariable UUID keyId) {
        subscriptions.revokeKey(id, keyId);
        return "redirect:/consumer/subscriptions/" + id;
    }

    @PostMapping("/subscriptions/{id}/cancel")
    String cancel(@PathVariable UUID id) {
        subscriptions.cancel(id);
        return "redirect:/consumer/subscriptions/" + id;
    }

    @GetMapping("/subscriptions/{id}/usage")
    String usage(@PathVariable UUID id, @RequestParam(required = false) @Nullable YearMonth month, Model model) {
        YearMonth shown = month == null ? YearMonth.now(clock.withZone(Zones.SHANGHAI)) : month;
        model.addAttribute("subscription", subscriptions.subscription(id));
        model.addAttribute("usage", subscriptions.usage(id));
        model.addAttribute("statement", subscriptions.statement(id, shown));
        model.addAttribute("produced", subscriptions.statements(id));
        model.addAttribute("previousMonth", shown.minusMonths(1));
        return "product/usage";
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerNavigation {
        @Bean
        NavigationItem consumerMarketNavigation() {
            return new NavigationItem("nav.consumer.products", "/consumer/products", Set.of(Role.CONSUMER_ADMIN), 160);
        }

        @Bean
        NavigationItem consumerSubscriptionsNavigation() {
            return new NavigationItem("nav.consumer.subscriptions", "/consumer/subscriptions",
                    Set.of(Role.CONSUMER_ADMIN, Role.AUTHORITY_ADMIN, Role.AUDITOR), 161);
        }
    }
}
