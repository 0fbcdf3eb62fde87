-- The tier fields of InferenceCompleted (null from producers that predate them): the device profile
-- the device tier ran under, and how long the frame's tensor waited on the server tier before its
-- tail ran (0 when nothing was sent).
ALTER TABLE inference ADD COLUMN device_profile text NULL;
ALTER TABLE inference ADD COLUMN server_queue_micros bigint NULL CHECK (server_queue_micros >= 0);
