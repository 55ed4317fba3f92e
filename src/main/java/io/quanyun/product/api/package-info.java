/** The product module's JSON API; calls only {@link io.quanyun.product.ProductManagement}. */
@NullMarked
package io.quanyun.product.api;

import org.jspecify.annotations.NullMarked;
