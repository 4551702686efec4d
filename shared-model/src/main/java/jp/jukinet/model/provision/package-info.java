/**
 * Provision rules (本人確認情報の提供の根拠): which recipient may receive which identity fields for
 * which task, and the loader of the versioned rules file.
 */
package jp.jukinet.model.provision;
