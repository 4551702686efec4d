package jp.jukinet.model.provision;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A person's consent to a prefecture's use of their identity information for one task (住基法
 * 第30条の15第1項第3号, 本人の同意), as the person reads it: the rule, its task, whether they
 * consent now, and since when (given or revoked).
 *
 * @param basis     the id of the prefecture's rule of consent, e.g. {@code pref13-30-15-1-3-kenmin-card}
 * @param task      the rule's task
 * @param consented whether the person's consent is recorded and not revoked
 * @param since     when it was last given or revoked; absent when the person never gave it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UseConsent(String basis, String task, boolean consented, Instant since) {
}
