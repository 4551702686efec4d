/**
 * The two extract modes of push-type notification (プッシュ型通知) from the seed's survey, as
 * self-contained components over the national register: the monthly extract of persons reaching
 * a milestone age ({@link jp.jukinet.provision.subscription.extract.MilestoneExtract}, counting
 * age as the law does: {@link jp.jukinet.provision.subscription.extract.AgeReckoning}), the one-off
 * extract as of a date before a mailing ({@link jp.jukinet.provision.subscription.extract.AsOfExtract}),
 * and the calendar that says which month's extract is due
 * ({@link jp.jukinet.provision.subscription.extract.MonthlyExtractSchedule}). They read and hand
 * over; turning what they hand over into a subscription's events is the subscriptions' job.
 * Tables and indexes: flyway location {@code classpath:db/subscription}, V70–V71.
 */
package jp.jukinet.provision.subscription.extract;
