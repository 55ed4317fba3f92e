/** The product module's console pages; they call only the module's facades. */
@NullMarked
package io.quanyun.product.web;

import org.jspecify.annotations.NullMarked;
