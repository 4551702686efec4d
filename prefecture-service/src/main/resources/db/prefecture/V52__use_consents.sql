-- Owned by jp.jukinet.prefecture.use.UseConsentRegister (flyway location classpath:db/prefecture,
-- prefecture servers only).

-- A person's consents to the prefecture's use of their identity information for a task (住基法
-- 第30条の15第1項第3号, 本人の同意): one row each time the person gives or revokes one, never
-- updated; the person's consent to a rule is that of their newest row for it. The person's own
-- certificate gives and revokes it (the gateway and the prefecture check that it is theirs).
CREATE TABLE use_consents (
    seq            bigserial   PRIMARY KEY,
    resident_code  char(11)    NOT NULL,
    basis          text        NOT NULL,       -- the id of the rule of consent
    action         text        NOT NULL CHECK (action IN ('GIVEN', 'REVOKED')),
    at             timestamptz NOT NULL
);
CREATE INDEX use_consents_by_person ON use_consents (resident_code, basis, seq DESC);

CREATE FUNCTION use_consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'use_consents is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER use_consents_append_only
    BEFORE UPDATE OR DELETE ON use_consents
    FOR EACH ROW EXECUTE FUNCTION use_consents_append_only();
