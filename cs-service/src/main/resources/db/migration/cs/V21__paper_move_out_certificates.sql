-- An ordinary 転出届 sends nothing to the destination: the person carries a paper 転出証明書, and the
-- destination's clerk enters its contents with the 転入届. The move-in on it is kept as an incoming
-- move (COMPLETED, without 転出証明書情報) with the paper's contents, so a paper is used once only.
ALTER TABLE incoming_moves ADD COLUMN paper_certificate jsonb;
