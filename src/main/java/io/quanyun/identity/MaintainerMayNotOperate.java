package io.quanyun.identity;

import io.quanyun.shared.OrganizationType;

/**
 * Art. 11: the third party that runs the platform may not be an operator while it does so. The policy answers
 * for an organization, and for a credit code that a new operator would register under.
 */
final class MaintainerMayNotOperate {

    /** A decision with its reason. */
    record Decision(boolean allowed, String reason) {
        static Decision allow() {
            return new Decision(true, "");
        }

        static Decision refuse(String reason) {
            return new Decision(false, reason);
        }
    }

    private MaintainerMayNotOperate() {
    }

    static Decision mayOperate(Organization organization) {
        if (organization.type() == OrganizationType.MAINTAINER) {
            return Decision.refuse("organization " + organization.id() + " is the platform maintainer");
        }
        if (organization.type() != OrganizationType.OPERATOR) {
            return Decision.refuse("organization " + organization.id() + " is not an operator");
        }
        return Decision.allow();
    }

    /** An operator may not be registered under the maintainer's credit code. */
    static Decision mayRegisterAsOperator(java.util.Optional<Organization> sameCreditCode) {
        return sameCreditCode.filter(existing -> existing.type() == OrganizationType.MAINTAINER)
                .map(existing -> Decision.refuse("the credit code belongs to the platform maintainer"))
                .orElse(Decision.allow());
    }
}
