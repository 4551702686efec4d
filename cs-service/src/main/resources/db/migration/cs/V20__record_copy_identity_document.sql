-- The identity document (本人確認書類) the issuing municipality's clerk checked for a wide-area copy,
-- recorded at both ends (PRODUCT.md F10). Rows from before it was recorded have none.
ALTER TABLE record_copy_log ADD COLUMN identity_document text
    CHECK (identity_document IN ('MY_NUMBER_CARD', 'DRIVERS_LICENSE', 'PASSPORT', 'RESIDENCE_CARD',
                                 'SPECIAL_PERMANENT_RESIDENT_CERTIFICATE'));
ALTER TABLE record_copy_log DROP CONSTRAINT record_copy_log_relationship_check;
ALTER TABLE record_copy_log ADD CONSTRAINT record_copy_log_relationship_check
    CHECK (relationship IN ('SELF', 'HOUSEHOLD', 'UNVERIFIED', 'OTHER'));
