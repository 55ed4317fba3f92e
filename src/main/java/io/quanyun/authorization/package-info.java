/**
 * The authorization procedure (Art. 7, 8, 9, 11): calls for applications (申报公告), applications (申报),
 * third-party expert review with conflict exclusion and sealed scores, public notice (公示) with objections,
 * versioned agreement templates, agreements (授权运营协议) rendered as PDF and signed in order with SM3 hashes,
 * expiry and early termination, and the summary filing report (备案). Every lifecycle is an explicit state
 * machine; every step and every refusal is audited. Other modules consume {@link AgreementActivated},
 * {@link AgreementExpired} and {@link AgreementTerminated}.
 */
@ApplicationModule(displayName = "Authorization", allowedDependencies = {"shared", "audit", "identity", "catalog"})
@NullMarked
package io.quanyun.authorization;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
