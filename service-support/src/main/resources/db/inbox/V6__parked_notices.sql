-- Owned by jp.jukinet.service.notice.ParkedNotices. Notices a receiver took from a sender it
-- believes (the batch was its own), but about a person the sender does not own as far as this node
-- knows from its own records (PRODUCT.md F10): not applied, acknowledged so that the sender's other
-- residents go on, and kept here with the reason. A parked notice is tried again whenever a later
-- notice about the same resident is applied (the person's release by the municipality they left
-- arrives, for instance); later notices of the same sender about the same resident wait behind it.
CREATE TABLE parked_notices (
    source          text        NOT NULL,
    sequence        bigint      NOT NULL,
    resident_code   char(11)    NOT NULL,
    reason          text        NOT NULL,
    payload         jsonb       NOT NULL,
    parked_at       timestamptz NOT NULL,
    PRIMARY KEY (source, sequence)
);
CREATE INDEX parked_notices_by_resident ON parked_notices (resident_code);
