package jp.jukinet.portal.enrolment;

/** What a signed-in session may do at the portal. */
public enum PortalRole {
    /** Activated with a slip, registering a passkey: nothing else. */
    ENROLLING,
    /** Signed in with a passkey: their own pages. */
    RESIDENT
}
