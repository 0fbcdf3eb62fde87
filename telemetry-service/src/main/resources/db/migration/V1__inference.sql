-- One row per io.inferedge.contracts.InferenceCompleted (topic inference.completed.v1), stored once:
-- event_id is the consumer's idempotency key (INSERT ... ON CONFLICT (event_id) DO NOTHING).
CREATE TABLE inference (
    event_id                  uuid             PRIMARY KEY,
    occurred_at               timestamptz      NOT NULL,
    schema_version            integer          NOT NULL,
    stream_id                 text             NOT NULL,
    frame_seq                 bigint           NOT NULL CHECK (frame_seq >= 0),
    device_id                 text             NOT NULL,
    config_id                 text             NOT NULL,
    model_version             text             NOT NULL,
    cut_point                 integer          NOT NULL CHECK (cut_point >= 0),
    input_resolution          integer          NOT NULL,
    frame_skip                integer          NOT NULL,
    predicted_label           integer          NOT NULL CHECK (predicted_label >= 0),
    confidence                double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    scores                    double precision[] NOT NULL,
    ground_truth_label        integer          NULL CHECK (ground_truth_label >= 0),
    -- Derived from the two labels; null when the ground truth is unknown.
    correct                   boolean          NULL,
    preprocess_micros         bigint           NOT NULL CHECK (preprocess_micros >= 0),
    device_compute_micros     bigint           NOT NULL CHECK (device_compute_micros >= 0),
    transfer_micros           bigint           NOT NULL CHECK (transfer_micros >= 0),
    server_compute_micros     bigint           NOT NULL CHECK (server_compute_micros >= 0),
    total_latency_micros      bigint           NOT NULL CHECK (total_latency_micros >= 0),
    bytes_sent                bigint           NOT NULL CHECK (bytes_sent >= 0),
    device_compute_started_at timestamptz      NOT NULL,
    device_compute_ended_at   timestamptz      NOT NULL,
    -- When this service stored the record (the database's clock).
    received_at               timestamptz      NOT NULL DEFAULT now()
);

-- The query API pages one stream's frames newest first.
CREATE INDEX inference_stream_occurred_idx ON inference (stream_id, occurred_at DESC);
