package io.quanyun.product.web;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

import io.quanyun.product.CatalogEntry;
import io.quanyun.product.ModelProducts;
import io.quanyun.product.OperatingReports;
import io.quanyun.product.ProductForm;
import io.quanyun.product.ProductListing;
import io.quanyun.product.ProductState;
import io.quanyun.product.StatisticsProducts;
import io.quanyun.product.api.ProductFiles;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;
import io.quanyun.shared.web.NavigationItem;

/**
 * The public product pages (no sign-in): the catalog of listed products, a product's page (metadata; the table of
 * a free statistics product; a model's parameters; the report and listing package downloads), and the yearly
 * public disclosure.
 */
@Controller
@RequestMapping("/portal")
class ProductPortalPages {

    private final ProductListing listing;
    private final StatisticsProducts statistics;
    private final ModelProducts models;
    private final OperatingReports operating;

    ProductPortalPages(ProductListing listing, StatisticsProducts statistics, ModelProducts models,
            OperatingReports operating) {
        this.listing = listing;
        this.statistics = statistics;
        this.models = models;
        this.operating = operating;
    }

    @GetMapping("/products")
    String catalog(Model model) {
        model.addAttribute("products", listing.catalog());
        return "product/catalog";
    }

    @GetMapping("/products/{id}")
    String product(@PathVariable UUID id, Model model) {
        CatalogEntry entry = listing.entry(id).orElseThrow(() -> QuanyunException.notFound("product", id));
        model.addAttribute("p", entry);
        boolean open = entry.state() == ProductState.LISTED && !entry.pricingModel().charges();
        if (entry.form() == ProductForm.DATA_SERVICE && open && entry.revision() != null) {
            model.addAttribute("table", statistics.table(id));
        }
        if (entry.form() == ProductForm.DATA_MODEL) {
            models.latest(id).ifPresent(m -> model.addAttribute("model", m));
        }
        model.addAttribute("open", open);
        return "product/product";
    }

    @GetMapping("/products/{id}/listing.pdf")
    ResponseEntity<byte[]> listingPdf(@PathVariable UUID id) {
        return ProductFiles.of(listing.listingPdf(id));
    }

    @GetMapping("/disclosures")
    String disclosures() {
        return "redirect:/portal/disclosures/" + (LocalDate.now(Zones.SHANGHAI).getYear() - 1);
    }

    @GetMapping("/disclosures/{year}")
    String disclosure(@PathVariable int year, Model model) {
        model.addAttribute("d", operating.disclosure(year));
        model.addAttribute("published", operating.published().stream().filter(p -> p.year() == year).toList());
        return "product/disclosure";
    }

    @GetMapping("/disclosures/{year}/pdf")
    ResponseEntity<byte[]> disclosurePdf(@PathVariable int year) {
        return ProductFiles.of(operating.disclosurePdf(year));
    }

    @Configuration(proxyBeanMethods = false)
    static class Navigation {
        @Bean
        NavigationItem productCatalogNavigation() {
            return new NavigationItem("nav.products.catalog", "/portal/products", Set.of(), 320);
        }

        @Bean
        NavigationItem subjectPortalNavigation() {
            return new NavigationItem("nav.subject", "/portal/subject", Set.of(), 325);
        }
    }
}
