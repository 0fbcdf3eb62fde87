-- Power samples, per-frame energy and outcomes (issue: telemetry and energy).

-- Timestamps travel as microseconds since the epoch in bigint arrays (unnest); exact, unlike
-- to_timestamp(double precision).
CREATE FUNCTION micros_to_timestamptz(micros bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN timestamptz 'epoch' + micros * interval '1 microsecond';

-- The link fields of InferenceCompleted (null from producers that predate them).
ALTER TABLE inference ADD COLUMN link_profile text NULL;
ALTER TABLE inference ADD COLUMN radio_transmit_mw double precision NULL CHECK (radio_transmit_mw >= 0);

-- Energy attribution finds the frames that overlap a frame on the same device.
CREATE INDEX inference_device_compute_idx ON inference (device_id, device_compute_started_at);
-- Retention deletes by time; rows arrive roughly in time order, so a BRIN index is enough.
CREATE INDEX inference_occurred_brin ON inference USING brin (occurred_at);

-- One row per io.inferedge.contracts.PowerSampled (topic telemetry.power-sampled.v1): event_id is the
-- power consumer's idempotency key; a batch's samples are stored only when its row is new.
CREATE TABLE power_batch (
    event_id         uuid        PRIMARY KEY,
    occurred_at      timestamptz NOT NULL,
    device_id        text        NOT NULL,
    source           text        NOT NULL CHECK (source IN ('MEASURED', 'EMULATED')),
    sensor           text        NOT NULL,
    sample_count     integer     NOT NULL CHECK (sample_count > 0),
    first_sampled_at timestamptz NOT NULL,
    last_sampled_at  timestamptz NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX power_batch_occurred_brin ON power_batch USING brin (occurred_at);

-- Total device power at one instant. The key serves the attribution's range reads per device and
-- makes a sample that arrives twice (in two batches) count once.
CREATE TABLE power_sample (
    device_id      text             NOT NULL,
    sampled_at     timestamptz      NOT NULL,
    power_mw       double precision NOT NULL CHECK (power_mw >= 0),
    source         text             NOT NULL CHECK (source IN ('MEASURED', 'EMULATED')),
    batch_event_id uuid             NOT NULL,
    PRIMARY KEY (device_id, sampled_at)
);
CREATE INDEX power_sample_sampled_brin ON power_sample USING brin (sampled_at);

-- Frames stored but not yet attributed: inserted with their inference row (same statement), deleted
-- in the transaction that records their outcome. A small, crash-safe work queue.
CREATE TABLE pending_frame (
    event_id           uuid        PRIMARY KEY,
    device_id          text        NOT NULL,
    compute_started_at timestamptz NOT NULL,
    compute_ended_at   timestamptz NOT NULL,
    received_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_frame_received_idx ON pending_frame (received_at);

-- One row per attributed frame: what was published as io.inferedge.contracts.OutcomeRecorded (topic
-- telemetry.outcome-recorded.v1) and what the query API aggregates. Energies in millijoules; a
-- source is MEASURED only when every part of the figure is.
CREATE TABLE outcome (
    inference_event_id uuid             PRIMARY KEY,
    event_id           uuid             NOT NULL UNIQUE,
    -- the frame's time (InferenceCompleted.occurredAt): query windows are over frames
    occurred_at        timestamptz      NOT NULL,
    recorded_at        timestamptz      NOT NULL,
    stream_id          text             NOT NULL,
    frame_seq          bigint           NOT NULL,
    device_id          text             NOT NULL,
    config_id          text             NOT NULL,
    model_version      text             NOT NULL,
    cut_point          integer          NOT NULL,
    input_resolution   integer          NOT NULL,
    frame_skip         integer          NOT NULL,
    link_profile       text             NULL,
    latency_micros     bigint           NOT NULL CHECK (latency_micros >= 0),
    correct            boolean          NULL,
    compute_energy_mj  double precision NOT NULL CHECK (compute_energy_mj >= 0),
    compute_source     text             NOT NULL CHECK (compute_source IN ('MEASURED', 'EMULATED')),
    radio_energy_mj    double precision NOT NULL CHECK (radio_energy_mj >= 0),
    device_energy_mj   double precision NOT NULL CHECK (device_energy_mj >= 0),
    energy_source      text             NOT NULL CHECK (energy_source IN ('MEASURED', 'EMULATED')),
    -- how the compute energy was found: samples around the whole interval, samples held at an edge
    -- after the wait for late samples ran out, or no samples at all (the fallback power)
    coverage           text             NOT NULL CHECK (coverage IN ('SAMPLED', 'EXTRAPOLATED', 'FALLBACK')),
    -- set once the outcome is on Kafka (a transactional outbox: unpublished rows are sent again)
    published_at       timestamptz      NULL
);
CREATE INDEX outcome_occurred_idx ON outcome (occurred_at);
CREATE INDEX outcome_stream_occurred_idx ON outcome (stream_id, occurred_at);
CREATE INDEX outcome_unpublished_idx ON outcome (recorded_at) WHERE published_at IS NULL;
