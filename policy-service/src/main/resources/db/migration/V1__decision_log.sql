-- Every plan the decision API handed out, with the requirements it was asked for.
CREATE TABLE decision (
    decision_id        uuid             PRIMARY KEY,
    stream_id          text             NOT NULL,
    config_id          text             NOT NULL,
    model_version      text             NOT NULL,
    cut_point          integer          NOT NULL CHECK (cut_point >= 0),
    input_resolution   integer          NOT NULL,
    frame_skip         integer          NOT NULL,
    -- "default" for the configured plan, later the A2C policy version that decided.
    policy_version     text             NOT NULL,
    latency_slo_millis bigint           NOT NULL CHECK (latency_slo_millis > 0),
    accuracy_floor     double precision NOT NULL CHECK (accuracy_floor BETWEEN 0 AND 1),
    latency_weight     double precision NOT NULL CHECK (latency_weight BETWEEN 0 AND 1),
    accuracy_weight    double precision NOT NULL CHECK (accuracy_weight BETWEEN 0 AND 1),
    energy_weight      double precision NOT NULL CHECK (energy_weight BETWEEN 0 AND 1),
    decided_at         timestamptz      NOT NULL
);

CREATE INDEX decision_stream_decided_idx ON decision (stream_id, decided_at DESC);

-- The experience buffer: one row per io.inferedge.contracts.OutcomeRecorded
-- (topic telemetry.outcome-recorded.v1), stored once (INSERT ... ON CONFLICT (event_id) DO NOTHING).
-- Online learning reads it.
CREATE TABLE outcome (
    event_id           uuid             PRIMARY KEY,
    occurred_at        timestamptz      NOT NULL,
    schema_version     integer          NOT NULL,
    inference_event_id uuid             NOT NULL,
    stream_id          text             NOT NULL,
    frame_seq          bigint           NOT NULL CHECK (frame_seq >= 0),
    config_id          text             NOT NULL,
    model_version      text             NOT NULL,
    cut_point          integer          NOT NULL CHECK (cut_point >= 0),
    input_resolution   integer          NOT NULL,
    frame_skip         integer          NOT NULL,
    latency_micros     bigint           NOT NULL CHECK (latency_micros >= 0),
    -- Null when the ground truth was unknown.
    correct            boolean          NULL,
    device_energy_mj   double precision NOT NULL CHECK (device_energy_mj >= 0),
    energy_source      text             NOT NULL CHECK (energy_source IN ('MEASURED', 'EMULATED')),
    -- When this service stored the record (the database's clock).
    received_at        timestamptz      NOT NULL DEFAULT now()
);

CREATE INDEX outcome_stream_occurred_idx ON outcome (stream_id, occurred_at DESC);
CREATE INDEX outcome_occurred_idx ON outcome (occurred_at);
