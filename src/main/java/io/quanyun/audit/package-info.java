/**
 * The tamper-evident audit log (Art. 8(5), 14, 19): every state change and every refusal in every module is
 * appended, in the caller's transaction, as an entry whose SM3 hash covers the previous entry's hash. The
 * chain can be verified over the API, on the command line and on the auditors' search page.
 */
@ApplicationModule(displayName = "Audit log", allowedDependencies = {"shared"})
@NullMarked
package io.quanyun.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
