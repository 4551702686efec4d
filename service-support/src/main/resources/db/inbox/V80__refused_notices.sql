-- Owned by jp.jukinet.service.notice.ParkedNotices (issue #15, poison messages). A notice whose
-- application this node refuses for good (a constraint, a refusal of the domain) is parked with the
-- reason REFUSED beside the ownership-parked ones, so the rest of its batch and its sender's stream
-- go on; later notices of the same sender about the same resident wait behind it (BEHIND_PARKED).
-- problem: what went wrong, without personal data (the exception's type, the SQLState and the
-- constraint's name; never the database's message, which quotes the row's values). Only an
-- operator releases (applies once now) or discards a REFUSED notice; it is never retried by itself.
ALTER TABLE parked_notices ADD COLUMN problem text;

-- What operators discarded: the notice as it was parked, who (the operator certificate's identity)
-- and when. Kept like the register's history: the discarded notice is the evidence of what was
-- never applied.
CREATE TABLE discarded_notices (
    source          text        NOT NULL,
    sequence        bigint      NOT NULL,
    resident_code   char(11)    NOT NULL,
    reason          text        NOT NULL,
    problem         text,
    payload         jsonb       NOT NULL,
    parked_at       timestamptz NOT NULL,
    discarded_by    text        NOT NULL,
    discarded_at    timestamptz NOT NULL,
    PRIMARY KEY (source, sequence)
);
