-- Online learning (docs/policy.md, "Online learning").
-- The state a decision was made on, so that recent live states can be replayed through a candidate
-- policy; null for a decision without a state (the default plan).
ALTER TABLE decision
    ADD COLUMN device                  text             NULL,
    ADD COLUMN bandwidth_mbps          double precision NULL,
    ADD COLUMN previous_bandwidth_mbps double precision NULL,
    ADD COLUMN rtt_ms                  double precision NULL,
    ADD COLUMN server_load             double precision NULL,
    ADD COLUMN scene_cuts_per_second   double precision NULL,
    ADD COLUMN motion                  double precision NULL,
    ADD COLUMN last_config_id          text             NULL,
    ADD COLUMN last_latency_ms         double precision NULL,
    ADD COLUMN last_slo_miss_rate      double precision NULL;

CREATE INDEX decision_policy_decided_idx ON decision (policy_version, decided_at DESC);

-- Why an activation happened beyond its kind, e.g. "auto-rollback: live reward X vs Y".
ALTER TABLE policy_activation ADD COLUMN note text NULL;
