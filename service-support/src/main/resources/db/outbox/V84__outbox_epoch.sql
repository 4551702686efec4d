-- Owned by jp.jukinet.service.notice.NoticePublisher (issue #15, a sender restored from a backup).
-- The sender's epoch: a random id made with the outbox state, sent with every batch. The receiver
-- remembers it per source beside applied_through and refuses a batch of another epoch (409): a
-- node whose database was created again numbers from 1, and its notices must not be taken for the
-- ones the receiver already has. A restore from a backup keeps the epoch; what tells it is the
-- receiver's applied_through beyond the sender's head, or a notice at a sequence the receiver has
-- under another change id (see NoticeInbox and NoticePublisher.verify).
ALTER TABLE notice_outbox_state ADD COLUMN epoch uuid NOT NULL DEFAULT gen_random_uuid();
