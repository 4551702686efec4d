-- One trace per message between CSs too (issue #17): the W3C traceparent of the request that committed the
-- message (a 転出届, a 転入通知, a copy's request), continued by its delivery (NoticeTraces). Null where nothing
-- was traced. A nullable column without a default: no rewrite of the table.
ALTER TABLE peer_outbox ADD COLUMN trace_parent text
    CHECK (trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
