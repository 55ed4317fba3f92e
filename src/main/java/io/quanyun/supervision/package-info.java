/**
 * Supervision (Art. 14 to 18): each authorizer's view of what it supervises, pre-job security training of
 * operators' technical staff and emergency drills, monitoring rules evaluated over the audit log with alerts that
 * are assigned, acknowledged and resolved, versioned emergency plans and incidents contained through the platform,
 * periodic security reports and inspections, evaluation campaigns with weighted criteria, and rectification orders
 * whose issue suspends the operator's access at once (by event) and whose outcome restores it or ends the
 * agreement. Other modules learn of supervision through its events, through
 * {@link io.quanyun.supervision.SupervisionManagement#hasValidTraining}, and by implementing its port
 * {@link io.quanyun.supervision.Containment}.
 */
@ApplicationModule(displayName = "Supervision", allowedDependencies = {"shared", "audit", "identity"})
@NullMarked
package io.quanyun.supervision;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
