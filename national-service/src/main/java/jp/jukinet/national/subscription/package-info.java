/**
 * Push-type notification (プッシュ型通知, F6) at J-LIS: the HTTP face of the subscriptions and their
 * feeds, which live in {@code jp.jukinet.provision.subscription} with the rest of provision.
 */
package jp.jukinet.national.subscription;
