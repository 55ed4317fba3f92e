package io.quanyun.product.api;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.quanyun.product.ProductFile;

/** A product document as an HTTP download, with its SM3 in {@code X-Quanyun-SM3}. */
public final class ProductFiles {

    private ProductFiles() {
    }

    /** The response for a product file. */
    public static ResponseEntity<byte[]> of(ProductFile file) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.filename()).build().toString())
                .header("X-Quanyun-SM3", file.sm3()).body(file.content());
    }
}
