/** Product pages: the public catalog, product pages and disclosures on the portal, the operating console and the consumers' pages; they call only the module's facades. */
@NullMarked
package io.quanyun.product.web;

import org.jspecify.annotations.NullMarked;
