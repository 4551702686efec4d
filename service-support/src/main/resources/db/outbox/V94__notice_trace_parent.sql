-- One trace per notice across the hops (issue #17): the W3C traceparent of the request that committed the
-- change, so that the notice's delivery continues its trace (NoticeTraces). Null where nothing was traced.
-- A nullable column without a default: PostgreSQL adds it without rewriting the table.
ALTER TABLE notice_outbox ADD COLUMN trace_parent text
    CHECK (trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
