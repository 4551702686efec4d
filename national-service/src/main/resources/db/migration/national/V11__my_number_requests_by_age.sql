-- The daily purge of answered My Number requests deletes by age (PurgeAnsweredRequests).
CREATE INDEX my_number_requests_by_answered_at ON my_number_requests (answered_at);
