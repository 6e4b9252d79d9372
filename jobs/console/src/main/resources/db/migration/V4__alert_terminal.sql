-- The order's terminal context as the job's alert carries it (its optional "terminal" object:
-- store_id, terminal_id, app_version, error_code), kept per alert like its evidence, so that an
-- incident's store, terminal, app version and error code are recomputed from its stored alerts.
-- Null for alerts without one (an order seen only by the provider, or stored before the job wrote
-- the field).
ALTER TABLE alerts ADD COLUMN terminal JSONB;
