/** Product pages: the public catalog, product pages and disclosures on the portal, and the operating console. */
@NullMarked
package io.quanyun.product.web;

import org.jspecify.annotations.NullMarked;
